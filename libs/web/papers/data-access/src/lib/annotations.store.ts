import { Injectable, computed, inject, signal } from '@angular/core';
import type { AnnotationColor, AnnotationRect, AnnotationResponse } from '@ecabinet/shared/contracts';
import { type Observable, tap } from 'rxjs';
import { PapersApi } from './papers.api';

/**
 * The caller's private notes and highlights on one paper (page-scoped: provide it in the reader).
 * Only the author ever receives them; the server answers 404 for anyone else's.
 */
@Injectable()
export class AnnotationsStore {
  private readonly api = inject(PapersApi);
  private readonly items = signal<readonly AnnotationResponse[]>([]);
  private target: { meetingId: string; paperId: string } | null = null;

  readonly all = this.items.asReadonly();
  /** Drawn on their page: written on it, or carried over from an earlier version. */
  readonly byPage = computed(() => {
    const pages = new Map<number, AnnotationResponse[]>();
    for (const annotation of this.items()) {
      if (annotation.pageMissing) continue;
      pages.set(annotation.page, [...(pages.get(annotation.page) ?? []), annotation]);
    }
    return pages;
  });
  /** Written on pages the current version no longer has. */
  readonly orphaned = computed(() => this.items().filter((annotation) => annotation.pageMissing));

  load(meetingId: string, paperId: string): Observable<AnnotationResponse[]> {
    this.target = { meetingId, paperId };
    this.items.set([]);
    return this.api.annotations(meetingId, paperId).pipe(tap((items) => this.items.set(items)));
  }

  addNote(page: number, text: string): Observable<AnnotationResponse> {
    const { meetingId, paperId } = this.current();
    return this.api.createAnnotation(meetingId, paperId, { kind: 'note', page, text }).pipe(tap((created) => this.upsert(created)));
  }

  addHighlight(page: number, rects: AnnotationRect[], color: AnnotationColor, text = ''): Observable<AnnotationResponse> {
    const { meetingId, paperId } = this.current();
    return this.api
      .createAnnotation(meetingId, paperId, { kind: 'highlight', page, rects, color, ...(text ? { text } : {}) })
      .pipe(tap((created) => this.upsert(created)));
  }

  edit(annotation: AnnotationResponse, text: string): Observable<AnnotationResponse> {
    const { meetingId, paperId } = this.current();
    return this.api.updateAnnotation(meetingId, paperId, annotation.id, { text, revision: annotation.revision }).pipe(tap((updated) => this.upsert(updated)));
  }

  remove(annotation: AnnotationResponse): Observable<void> {
    const { meetingId, paperId } = this.current();
    return this.api.deleteAnnotation(meetingId, paperId, annotation.id).pipe(tap(() => this.items.update((items) => items.filter((item) => item.id !== annotation.id))));
  }

  private upsert(annotation: AnnotationResponse): void {
    this.items.update((items) => {
      const rest = items.filter((item) => item.id !== annotation.id);
      return [...rest, annotation].sort((a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt));
    });
  }

  private current(): { meetingId: string; paperId: string } {
    if (!this.target) throw new Error('AnnotationsStore.load() must be called first');
    return this.target;
  }
}
