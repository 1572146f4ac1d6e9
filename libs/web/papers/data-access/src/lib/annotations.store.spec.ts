import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AnnotationResponse } from '@ecabinet/shared/contracts';
import { type ChangeOutcome, PendingChanges, type PendingNote, type PendingNoteEdit, type PendingNoteRemoval } from '@ecabinet/web/meetings/data-access';
import { Subject } from 'rxjs';
import { AnnotationsStore } from './annotations.store';
import { OfflinePapers } from './offline-papers';

/** The device's queue of changes made offline, as the store sees it. */
class FakePendingChanges {
  readonly queue: PendingNote[] = [];
  readonly outcomes = signal<readonly ChangeOutcome[]>([]);
  readonly sentNotes$ = new Subject<AnnotationResponse>();
  async addNote(change: Omit<PendingNote, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    this.queue.push({ ...change, id: change.request.id, kind: 'note', madeAt: '2026-12-06T02:00:00.000Z' });
  }
  notesFor(paperId: string): PendingNote[] {
    return this.queue.filter((note) => note.paperId === paperId);
  }
  /** Edits and deletions of stored notes (how they fold together is PendingChanges' own test). */
  readonly changes: (PendingNoteEdit | PendingNoteRemoval)[] = [];
  async addNoteEdit(change: Omit<PendingNoteEdit, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    this.changes.push({ ...change, id: `e${this.changes.length}`, kind: 'note-edit', madeAt: '2026-12-07T02:00:00.000Z' });
  }
  async addNoteRemoval(change: Omit<PendingNoteRemoval, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    this.changes.push({ ...change, id: `d${this.changes.length}`, kind: 'note-delete', madeAt: '2026-12-07T02:00:00.000Z' });
  }
  noteChangesFor(paperId: string): (PendingNoteEdit | PendingNoteRemoval)[] {
    return this.changes.filter((change) => change.paperId === paperId);
  }
}

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
  let pending: FakePendingChanges;
  /** The copies kept on the device: here, the notes kept beside them. */
  let keptNotes: Map<string, AnnotationResponse[]>;

  beforeEach(() => {
    pending = new FakePendingChanges();
    keptNotes = new Map();
    const offline = {
      keepNotes: async (_meetingId: string, paperId: string, notes: AnnotationResponse[]) => void keptNotes.set(paperId, notes),
      keptNotes: async (_meetingId: string, paperId: string) => keptNotes.get(paperId) ?? [],
    };
    TestBed.configureTestingModule({
      providers: [AnnotationsStore, provideHttpClient(), provideHttpClientTesting(), { provide: PendingChanges, useValue: pending }, { provide: OfflinePapers, useValue: offline }],
    });
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
    expect(create.request.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'note', page: 3, text: 'Hỏi Bộ Tài chính' });
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

  it('keeps a note made without the network on the device, with the id it was sent with, shows it waiting, then as stored; one refused disappears', async () => {
    store.load('m1', 'p1', 'Tờ trình', 2).subscribe();
    http.expectOne(URL).flush([]);
    let shown: AnnotationResponse | undefined;
    store.addNote(4, 'Đọc lại trên máy bay').subscribe((note) => (shown = note));
    const create = http.expectOne({ method: 'POST', url: URL });
    create.error(new ProgressEvent('error'), { status: 0 });
    await new Promise((resolve) => setTimeout(resolve));
    const [queued] = pending.queue;
    expect(queued).toMatchObject({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', request: { ...create.request.body, id: create.request.body.id } });
    expect(shown).toMatchObject({ id: create.request.body.id, page: 4, version: 2, queued: true });
    expect(store.byPage().get(4)?.map((a) => a.id)).toEqual([queued.id]);

    // The reader opened again (still offline, or the server without it yet): still there, still waiting.
    store.load('m1', 'p1', 'Tờ trình', 2).subscribe();
    http.expectOne(URL).flush([]);
    expect(store.all()).toEqual([expect.objectContaining({ id: queued.id, queued: true })]);

    // Sent when the network returned: shown as stored.
    pending.sentNotes$.next(annotation({ id: queued.id, page: 4, text: 'Đọc lại trên máy bay', version: 2 }));
    expect(store.all()).toEqual([expect.objectContaining({ id: queued.id, revision: 1 })]);
    expect(store.all()[0]).not.toHaveProperty('queued');

    // Another, refused by the server when sent: no longer shown as the member's.
    store.addHighlight(1, [{ x: 0.1, y: 0.1, width: 0.2, height: 0.05 }], 'yellow').subscribe();
    http.expectOne({ method: 'POST', url: URL }).error(new ProgressEvent('error'), { status: 0 });
    await new Promise((resolve) => setTimeout(resolve));
    const refused = pending.queue[1];
    expect(store.all().map((a) => a.id)).toContain(refused.id);
    pending.outcomes.set([{ change: refused, outcome: 'refused', current: null }]);
    TestBed.tick();
    expect(store.all().map((a) => a.id)).toEqual([queued.id]);
  });

  it('keeps the notes it loads beside the kept copy, and shows them with the waiting ones when the copy opens offline', async () => {
    store.load('m1', 'p1', 'Tờ trình', 1).subscribe();
    http.expectOne(URL).flush([annotation({ id: 'a', page: 2, text: 'Ghi ở văn phòng' })]);
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    expect(keptNotes.get('p1')?.map((note) => note.id)).toEqual(['a']);
    // One added after, too.
    store.addNote(3, 'Thêm sau').subscribe();
    http.expectOne({ method: 'POST', url: URL }).flush(annotation({ id: 'b', page: 3, text: 'Thêm sau' }));
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    expect(keptNotes.get('p1')?.map((note) => note.id)).toEqual(['a', 'b']);
    keptNotes.set('p1', [annotation({ id: 'a', page: 2, text: 'Ghi ở văn phòng' })]);

    pending.queue.push({ id: 'w', kind: 'note', meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', madeAt: '2026-12-07T01:00:00.000Z', request: { id: 'w', kind: 'note', page: 1, text: 'Chờ gửi' } } as PendingNote);
    store.loadOffline('m1', 'p1', 'Tờ trình', 1);
    await new Promise((resolve) => setTimeout(resolve));
    expect(store.all().map((note) => [note.id, note.queued ?? false])).toEqual([
      ['w', true],
      ['a', false],
    ]);
  });

  it('changes and deletes stored notes without the network: queued with the revision read, shown as they will be, again when the reader opens; read again as stored when the server did not take one', async () => {
    store.load('m1', 'p1', 'Tờ trình', 1).subscribe();
    http.expectOne(URL).flush([annotation({ id: 'a', page: 2, text: 'Ghi ở văn phòng', revision: 3 }), annotation({ id: 'b', page: 5, text: 'Xóa đi' })]);

    let edited: AnnotationResponse | undefined;
    store.edit(store.all()[0], 'Sửa trên máy bay').subscribe((note) => (edited = note));
    http.expectOne({ method: 'PATCH', url: `${URL}/a` }).error(new ProgressEvent('error'), { status: 0 });
    await new Promise((resolve) => setTimeout(resolve));
    expect(pending.changes).toEqual([expect.objectContaining({ kind: 'note-edit', annotationId: 'a', page: 2, revision: 3, text: 'Sửa trên máy bay', paperTitle: 'Tờ trình' })]);
    expect(edited).toMatchObject({ id: 'a', text: 'Sửa trên máy bay', queued: true });

    let removal: { queued: boolean } | undefined;
    store.remove(store.all()[1]).subscribe((result) => (removal = result));
    http.expectOne({ method: 'DELETE', url: `${URL}/b` }).error(new ProgressEvent('error'), { status: 0 });
    await new Promise((resolve) => setTimeout(resolve));
    expect(removal).toEqual({ queued: true });
    expect(pending.changes[1]).toMatchObject({ kind: 'note-delete', annotationId: 'b', revision: 1 });
    expect(store.all().map((note) => [note.id, note.text, note.queued ?? false])).toEqual([['a', 'Sửa trên máy bay', true]]);

    // A note waiting already is changed through the queue alone, without asking the server.
    store.edit(store.all()[0], 'Sửa lần hai').subscribe();
    await new Promise((resolve) => setTimeout(resolve));
    expect(pending.changes).toHaveLength(3);

    // The reader opened again, the server not yet told: the notes as they will be.
    store.load('m1', 'p1', 'Tờ trình', 1).subscribe();
    http.expectOne(URL).flush([annotation({ id: 'a', page: 2, text: 'Ghi ở văn phòng', revision: 3 }), annotation({ id: 'b', page: 5, text: 'Xóa đi' })]);
    expect(store.all().map((note) => [note.id, note.text, note.queued ?? false])).toEqual([['a', 'Sửa lần hai', true]]);

    // Changed on another device meanwhile: the notes are read again as stored.
    pending.changes.length = 0;
    pending.outcomes.set([{ change: { id: 'e0', kind: 'note-edit', meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 'a', page: 2, revision: 3, text: 'Sửa trên máy bay', madeAt: '2026-12-07T02:00:00.000Z' }, outcome: 'conflict', current: null }]);
    TestBed.tick();
    http.expectOne(URL).flush([annotation({ id: 'a', page: 2, text: 'Sửa trên máy tính', revision: 4 })]);
    expect(store.all().map((note) => [note.id, note.text, note.queued ?? false])).toEqual([['a', 'Sửa trên máy tính', false]]);
  });
});
