import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AnnotationResponse } from '@ecabinet/shared/contracts';
import { AnnotationsStore } from './annotations.store';

const URL = '/api/meetings/m1/papers/p1/annotations';

function annotation(overrides: Partial<AnnotationResponse>): AnnotationResponse {
  return {
    id: 'a',
    paperId: 'p1',
    kind: 'note',
    page: 1,
    text: 'x',
    rects: [],
    color: 'yellow',
    version: 1,
    carriedOver: false,
    pageMissing: false,
    revision: 1,
    createdAt: '2026-11-22T01:00:00.000Z',
    updatedAt: '2026-11-22T01:00:00.000Z',
    ...overrides,
  };
}

describe('AnnotationsStore', () => {
  let store: AnnotationsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [AnnotationsStore, provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(AnnotationsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('groups drawn annotations by page and keeps those on vanished pages apart', () => {
    store.load('m1', 'p1').subscribe();
    http.expectOne(URL).flush([
      annotation({ id: 'a', page: 2 }),
      annotation({ id: 'b', page: 2, kind: 'highlight', carriedOver: true }),
      annotation({ id: 'c', page: 9, pageMissing: true }),
    ]);
    expect(store.byPage().get(2)?.map((a) => a.id)).toEqual(['a', 'b']);
    expect(store.byPage().has(9)).toBe(false);
    expect(store.orphaned().map((a) => a.id)).toEqual(['c']);
  });

  it('adds, edits with the revision it read, and removes', () => {
    store.load('m1', 'p1').subscribe();
    http.expectOne(URL).flush([]);

    store.addNote(3, 'Hỏi Bộ Tài chính').subscribe();
    const create = http.expectOne({ method: 'POST', url: URL });
    expect(create.request.body).toEqual({ kind: 'note', page: 3, text: 'Hỏi Bộ Tài chính' });
    create.flush(annotation({ id: 'n', page: 3, text: 'Hỏi Bộ Tài chính' }));

    store.edit(store.all()[0], 'Hỏi Bộ Tư pháp').subscribe();
    const patch = http.expectOne({ method: 'PATCH', url: `${URL}/n` });
    expect(patch.request.body).toEqual({ text: 'Hỏi Bộ Tư pháp', revision: 1 });
    patch.flush(annotation({ id: 'n', page: 3, text: 'Hỏi Bộ Tư pháp', revision: 2 }));
    expect(store.all()).toEqual([expect.objectContaining({ text: 'Hỏi Bộ Tư pháp', revision: 2 })]);

    store.remove(store.all()[0]).subscribe();
    http.expectOne({ method: 'DELETE', url: `${URL}/n` }).flush(null);
    expect(store.all()).toEqual([]);
  });

  it('keeps the list as it was when the server refuses a change', () => {
    store.load('m1', 'p1').subscribe();
    http.expectOne(URL).flush([annotation({ id: 'n' })]);
    store.remove(store.all()[0]).subscribe({ error: () => undefined });
    http.expectOne({ method: 'DELETE', url: `${URL}/n` }).flush({ code: 'ANNOTATION_NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    expect(store.all()).toHaveLength(1);
  });
});
