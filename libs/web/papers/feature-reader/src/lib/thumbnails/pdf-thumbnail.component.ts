import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, afterNextRender, effect, inject, input, output, signal, viewChild } from '@angular/core';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

const THUMBNAIL_WIDTH = 104;

/** One page in the thumbnail rail: drawn small, and only once it scrolls into view. */
@Component({
  selector: 'ec-pdf-thumbnail',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="ec-thumb"
      [class.ec-thumb--active]="active()"
      [attr.aria-current]="active() ? 'page' : null"
      [attr.aria-label]="'reader.thumbnail' | t: { n: pageNumber() }"
      (click)="choose.emit(pageNumber())"
    >
      <canvas #canvas class="ec-thumb__canvas" [style.height.px]="height()" aria-hidden="true"></canvas>
      <span class="ec-thumb__number" aria-hidden="true">{{ pageNumber() }}</span>
    </button>
  `,
  styles: `
    .ec-thumb {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 4px;
      width: 100%;
      padding: 6px;
      border: 2px solid transparent;
      border-radius: 8px;
      background: none;
      cursor: pointer;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
    }
    .ec-thumb:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .ec-thumb:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 1px;
    }
    .ec-thumb--active {
      border-color: var(--mat-sys-primary);
      color: var(--mat-sys-primary);
      font-weight: 600;
    }
    .ec-thumb__canvas {
      width: ${THUMBNAIL_WIDTH}px;
      background: #fff;
      box-shadow: 0 1px 2px rgb(0 0 0 / 0.3);
    }
  `,
})
export class PdfThumbnailComponent {
  readonly document = input.required<PDFDocumentProxy>();
  readonly pageNumber = input.required<number>();
  readonly active = input(false);
  readonly choose = output<number>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly visible = signal(false);
  protected readonly height = signal(Math.round(THUMBNAIL_WIDTH * 1.414));

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const element = this.canvas().nativeElement;
      if (typeof IntersectionObserver === 'undefined') {
        this.visible.set(true);
        return;
      }
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.visible.set(true);
          observer.disconnect();
        }
      }, { rootMargin: '200px' });
      observer.observe(element);
      destroyRef.onDestroy(() => observer.disconnect());
    });
    effect((onCleanup) => {
      if (!this.visible()) return;
      const document = this.document();
      const pageNumber = this.pageNumber();
      let task: RenderTask | null = null;
      let cancelled = false;
      onCleanup(() => {
        cancelled = true;
        task?.cancel();
      });
      void (async () => {
        const page = await document.getPage(pageNumber);
        if (cancelled) return;
        const natural = page.getViewport({ scale: 1 });
        const ratio = globalThis.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: THUMBNAIL_WIDTH / natural.width });
        const canvas = this.canvas().nativeElement;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        this.height.set(Math.round(viewport.height));
        task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        await task.promise;
      })().catch(() => {
        // A thumbnail that cannot be drawn stays blank; the page itself reports the failure.
      });
    });
  }
}
