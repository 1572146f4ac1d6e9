import { ChangeDetectionStrategy, Component, type ElementRef, type OnDestroy, computed, effect, inject, input, output, viewChild } from '@angular/core';
import type { OrganisationTaskFigures } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import type { Chart } from 'chart.js';

/** Chart.js, fetched the first time a chart is drawn (a chunk of its own: the console pages never load it). */
let chartJs: Promise<typeof Chart> | null = null;
function loadChart(): Promise<typeof Chart> {
  chartJs ??= import('chart.js').then(({ BarController, BarElement, CategoryScale, Chart: ChartJs, Legend, LinearScale, Tooltip }) => {
    ChartJs.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
    return ChartJs;
  });
  return chartJs;
}

/** Colours of the four standings, readable on the light surface and told apart by the legend's words too. */
const SERIES = [
  { key: 'doneOnTime', color: '#2e7d32' },
  { key: 'doneLate', color: '#b26a00' },
  { key: 'overdue', color: '#c62828' },
  { key: 'notYetDue', color: '#90a4ae' },
] as const;

/**
 * Tasks per lead organisation as stacked bars (Chart.js): done on time, done late, overdue, not
 * yet due. A bar opens that organisation's tasks. The table beside it carries the same numbers for
 * screen readers and keyboards; the canvas is described as one image.
 */
@Component({
  selector: 'ec-task-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="ec-task-chart" [style.height.px]="height()"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .ec-task-chart {
      position: relative;
      width: 100%;
      min-width: 0;
    }
  `,
})
export class TaskChartComponent implements OnDestroy {
  readonly organisations = input.required<readonly OrganisationTaskFigures[]>();
  readonly label = input('');
  /** The organisation whose bar was chosen. */
  readonly picked = output<string>();

  private readonly i18n = inject(TranslationService);
  /** A bar's row per organisation, with room for the axis and the legend. */
  protected readonly height = computed(() => 90 + 40 * Math.max(1, this.organisations().length));
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;
  private destroyed = false;

  constructor() {
    effect(() => {
      // Drawn again in the other language when the user switches (the legend's words).
      this.i18n.lang();
      void this.draw(this.organisations());
    });
  }

  ngOnDestroy(): void {
    this.destroyed = true;
    this.chart?.destroy();
  }

  private async draw(organisations: readonly OrganisationTaskFigures[]): Promise<void> {
    const canvas = this.canvas().nativeElement;
    // No 2D context (a test's DOM, an old device): the table shows the same figures.
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = canvas.getContext('2d');
    } catch {
      context = null;
    }
    if (!context) return;
    const ChartJs = await loadChart();
    if (this.destroyed) return;
    this.chart?.destroy();
    this.chart = new ChartJs(context, {
      type: 'bar',
      data: {
        labels: organisations.map((o) => o.organisation.symbol),
        datasets: SERIES.map((series) => ({
          label: this.i18n.translate(`statistics.series.${series.key}`),
          data: organisations.map((o) => o[series.key]),
          backgroundColor: series.color,
          stack: 'tasks',
          maxBarThickness: 28,
        })),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: 'bottom' } },
        onClick: (_event, elements) => {
          const index = elements[0]?.index;
          const organisation = index === undefined ? undefined : organisations[index];
          if (organisation) this.picked.emit(organisation.organisation.id);
        },
      },
    });
  }
}
