import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { AnnotationRect, AnnotationResponse } from '@ecabinet/shared/contracts';
import { PdfLoader, normaliseForSearch, hasMarks } from '@ecabinet/web/papers/data-access';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

interface PageSize {
  readonly width: number;
  readonly height: number;
}

/** A drawn highlight smaller than this (fraction of the page) is taken for a stray tap. */
const MIN_HIGHLIGHT = 0.01;

/**
 * One page of a PDF at a given scale: the canvas (sharp on high-density tablet screens), the
 * text layer (selectable, read by screen readers, search matches marked), the member's
 * highlights drawn over it, and, in highlight mode, a surface to drag a new one.
 */
@Component({
  selector: 'ec-pdf-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // pdf.js creates the text layer's spans itself: they carry no Angular attribute to scope by.
  encapsulation: ViewEncapsulation.None,
  templateUrl: './pdf-page.component.html',
  styleUrl: './pdf-page.component.scss',
})
export class PdfPageComponent {
  readonly document = input.required<PDFDocumentProxy>();
  readonly pageNumber = input.required<number>();
  readonly scale = input.required<number>();
  readonly highlights = input<readonly AnnotationResponse[]>([]);
  readonly highlightMode = input(false);
  readonly searchQuery = input('');
  readonly highlightDrawn = output<AnnotationRect>();
  /** The page's size at scale 1, once known (to fit it to the screen). */
  readonly measured = output<PageSize>();
  readonly failed = output<unknown>();
  /** The page is drawn (canvas and text layer): the reader then lets the thumbnails load. */
  readonly pageDrawn = output<number>();

  private readonly loader = inject(PdfLoader);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly textLayer = viewChild.required<ElementRef<HTMLDivElement>>('textLayer');
  private readonly surface = viewChild<ElementRef<HTMLDivElement>>('surface');
  private textDivs: HTMLElement[] = [];

  protected readonly size = signal<PageSize>({ width: 0, height: 0 });
  protected readonly rendering = signal(true);
  protected readonly draft = signal<AnnotationRect | null>(null);
  private dragStart: { x: number; y: number } | null = null;
  protected readonly drawn = computed(() => this.highlights().filter((annotation) => annotation.kind === 'highlight'));

  constructor() {
    effect((onCleanup) => {
      const document = this.document();
      const pageNumber = this.pageNumber();
      const scale = this.scale();
      let cancelled = false;
      let task: RenderTask | null = null;
      let textLayer: { cancel(): void } | null = null;
      onCleanup(() => {
        cancelled = true;
        task?.cancel();
        textLayer?.cancel();
      });
      this.rendering.set(true);
      void (async () => {
        const pdfjs = await this.loader.pdfjs();
        const page = await document.getPage(pageNumber);
        if (cancelled) return;
        const natural = page.getViewport({ scale: 1 });
        this.measured.emit({ width: natural.width, height: natural.height });
        const viewport = page.getViewport({ scale });
        const ratio = globalThis.devicePixelRatio || 1;
        const canvas = this.canvas().nativeElement;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        this.size.set({ width: viewport.width, height: viewport.height });
        task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        await task.promise;
        if (cancelled) return;
        const container = this.textLayer().nativeElement;
        container.replaceChildren();
        const layer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container, viewport });
        textLayer = layer;
        await layer.render();
        if (cancelled) return;
        this.textDivs = layer.textDivs;
        this.markMatches();
        this.rendering.set(false);
        this.pageDrawn.emit(this.pageNumber());
      })().catch((error: unknown) => {
        if (!cancelled && (error as { name?: string } | null)?.name !== 'RenderingCancelledException') {
          this.rendering.set(false);
          this.failed.emit(error);
        }
      });
    });
    effect(() => {
      this.searchQuery();
      this.markMatches();
    });
    inject(DestroyRef).onDestroy(() => (this.textDivs = []));
  }

  protected startDrawing(event: PointerEvent): void {
    const point = this.pointOf(event);
    if (!point) return;
    (event.target as HTMLElement).setPointerCapture?.(event.pointerId);
    this.dragStart = point;
    this.draft.set({ x: point.x, y: point.y, width: 0, height: 0 });
    event.preventDefault();
  }

  protected continueDrawing(event: PointerEvent): void {
    const start = this.dragStart;
    const point = start ? this.pointOf(event) : null;
    if (!start || !point) return;
    this.draft.set(rectBetween(start, point));
  }

  protected finishDrawing(event: PointerEvent): void {
    const start = this.dragStart;
    const point = this.pointOf(event);
    this.dragStart = null;
    this.draft.set(null);
    if (!start || !point) return;
    const rect = rectBetween(start, point);
    if (rect.width >= MIN_HIGHLIGHT && rect.height >= MIN_HIGHLIGHT) {
      this.highlightDrawn.emit(rect);
    }
  }

  protected cancelDrawing(): void {
    this.dragStart = null;
    this.draft.set(null);
  }

  protected percent(value: number): string {
    return `${(value * 100).toFixed(3)}%`;
  }

  /** Marks the text spans holding the search query (case- and, as typed, diacritic-insensitive). */
  private markMatches(): void {
    const query = this.searchQuery().trim();
    const fold = !hasMarks(query);
    const needle = query ? normaliseForSearch(query, fold) : '';
    for (const div of this.textDivs) {
      div.classList.toggle('ec-match', needle !== '' && normaliseForSearch(div.textContent ?? '', fold).includes(needle));
    }
  }

  /** The pointer as fractions of the page, clamped to it. */
  private pointOf(event: PointerEvent): { x: number; y: number } | null {
    const box = this.surface()?.nativeElement.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return null;
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  }
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }): AnnotationRect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.min(1 - x, Math.abs(a.x - b.x)), height: Math.min(1 - y, Math.abs(a.y - b.y)) };
}
