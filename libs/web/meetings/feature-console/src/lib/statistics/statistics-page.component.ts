import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type { StatisticsResponse } from '@ecabinet/shared/contracts';
import { StatisticsApi } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { TaskChartComponent } from './task-chart.component';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; figures: StatisticsResponse };
type Preset = 'month' | 'year' | 'last30';

/**
 * The secretariat's and the chair's dashboard over a chosen period: sessions, ballots and
 * members' answers, pages not printed, and tasks on time and overdue per organisation (a chart
 * and a table). Every number opens the list behind it.
 */
@Component({
  selector: 'ec-statistics-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, EmptyStateComponent, IconComponent, PageHeaderComponent, TaskChartComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './statistics-page.component.html',
  styleUrl: './statistics-page.component.scss',
})
export class StatisticsPageComponent {
  private readonly api = inject(StatisticsApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(TranslationService);

  protected readonly from = signal(this.presetRange('year').from);
  protected readonly to = signal(this.presetRange('year').to);
  protected readonly presets: readonly Preset[] = ['month', 'year', 'last30'];
  private readonly reloads = signal(0);
  protected readonly invalid = computed(() => !this.from() || !this.to() || this.to() < this.from());

  protected readonly loaded = toSignal(
    toObservable(computed(() => ({ from: this.from(), to: this.to(), valid: !this.invalid(), reload: this.reloads() }))).pipe(
      switchMap(({ from, to, valid }) =>
        valid
          ? this.api.figures({ from, to }).pipe(
              map((figures): Loaded => ({ state: 'ready', figures })),
              catchError((error: unknown) => of<Loaded>({ state: 'failed', message: this.i18n.describeError(error) })),
              startWith<Loaded>({ state: 'loading' }),
            )
          : of<Loaded>({ state: 'loading' }),
      ),
    ),
    { initialValue: { state: 'loading' } as Loaded },
  );

  protected percent(rate: number | null): string {
    return rate === null ? '—' : new Intl.NumberFormat(this.i18n.locale(), { style: 'percent', maximumFractionDigits: 2 }).format(rate);
  }

  protected number(value: number): string {
    return new Intl.NumberFormat(this.i18n.locale()).format(value);
  }

  protected money(value: number): string {
    return new Intl.NumberFormat(this.i18n.locale(), { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(value);
  }

  protected hours(value: number | null): string {
    return value === null ? '—' : this.i18n.translate('statistics.hours', { n: new Intl.NumberFormat(this.i18n.locale(), { maximumFractionDigits: 1 }).format(value) });
  }

  protected presetLabel(preset: Preset): string {
    return this.i18n.translate(`statistics.preset.${preset}`);
  }

  protected choose(preset: Preset): void {
    const range = this.presetRange(preset);
    this.from.set(range.from);
    this.to.set(range.to);
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  /** The task list behind a figure: the period's due dates, and an organisation or a standing. */
  protected tasksLink(extra: Record<string, string> = {}): Record<string, string> {
    return { dueFrom: this.from(), dueTo: this.to(), filter: 'all', ...extra };
  }

  protected openOrganisation(organisationId: string): void {
    void this.router.navigate(['/tasks'], { queryParams: this.tasksLink({ organisationId }) });
  }

  private presetRange(preset: Preset): { from: string; to: string } {
    const today = this.i18n.governmentDate();
    switch (preset) {
      case 'month':
        return { from: `${today.slice(0, 8)}01`, to: today };
      case 'year':
        return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
      case 'last30':
        return { from: this.i18n.governmentDate(-29), to: today };
    }
  }
}
