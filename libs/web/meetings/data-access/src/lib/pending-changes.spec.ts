import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AnnotationResponse, PositionResponse } from '@ecabinet/shared/contracts';
import { of, throwError } from 'rxjs';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { PENDING_CHANGE_STORE, PendingChanges, type PendingChange, type PendingNote, type PendingPosition, type SettledPosition } from './pending-changes';

const URL = '/api/meetings/m1/agenda/i1/position';
const stored = (position: PositionResponse['position']): PositionResponse => ({ itemId: 'i1', userId: 'u1', fullName: 'Lê Quang Huy', position, note: null, updatedAt: '2026-12-06T02:00:00.000Z' });

function setUp(saved: PendingChange[] = []) {
  const disk = new Map<string, PendingChange[]>([['u1', saved]]);
  const state = signal<'online' | 'offline'>('offline');
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: AuthStore, useValue: { user: signal({ id: 'u1', fullName: 'Lê Quang Huy' }) } },
      { provide: LiveSocket, useValue: { state } },
      { provide: PENDING_CHANGE_STORE, useValue: { load: async (id: string) => disk.get(id) ?? null, save: async (id: string, value: PendingChange[]) => void disk.set(id, value) } },
    ],
  });
  const changes = TestBed.inject(PendingChanges);
  const settled: SettledPosition[] = [];
  changes.settled$.subscribe((s) => settled.push(s));
  return { changes, disk, state, settled, backend: TestBed.inject(HttpTestingController) };
}
const tick = () => new Promise((resolve) => setTimeout(resolve));

describe('PendingChanges', () => {
  it('keeps positions made offline on the device (the first baseline for an item), and sends them when the connection returns', async () => {
    const { changes, disk, state, settled, backend } = setUp();
    TestBed.tick();
    await tick();
    await changes.addPosition({ meetingId: 'm1', itemId: 'i1', itemTitle: 'Tờ trình', position: 'objection', baseline: 'none' });
    await changes.addPosition({ meetingId: 'm1', itemId: 'i1', itemTitle: 'Tờ trình', position: 'wish_to_speak', baseline: 'objection' });
    expect(changes.count()).toBe(1);
    expect(disk.get('u1')?.map((c) => [c.position, c.baseline])).toEqual([['wish_to_speak', 'none']]);

    state.set('online');
    TestBed.tick();
    await tick();
    const sent = backend.expectOne(URL);
    expect(sent.request.body).toEqual({ position: 'wish_to_speak', baseline: 'none' });
    sent.flush(stored('wish_to_speak'));
    await tick();
    expect(changes.count()).toBe(0);
    expect(disk.get('u1')).toEqual([]);
    expect(settled.map((s) => s.position?.position)).toEqual(['wish_to_speak']);
  });

  it('shows a change made elsewhere meanwhile, and does not overwrite it; a refusal is shown with its reason; still offline, it waits', async () => {
    const queued = (itemId: string): PendingPosition => ({ id: itemId, kind: 'position', meetingId: 'm1', itemId, itemTitle: itemId, position: 'objection', baseline: 'none', madeAt: '2026-12-06T01:00:00.000Z' });
    const { changes, state, settled, backend } = setUp([queued('i1'), queued('i2'), queued('i3')]);
    state.set('online');
    TestBed.tick();
    await tick();
    backend.expectOne(URL).flush({ code: 'STALE_VERSION', message: 'changed', details: stored('no_objection') }, { status: 409, statusText: 'Conflict' });
    await tick();
    backend.expectOne('/api/meetings/m1/agenda/i2/position').flush({ code: 'ITEM_NOT_OPEN', message: 'closed' }, { status: 409, statusText: 'Conflict' });
    await tick();
    // The network goes again: i3 stays queued.
    backend.expectOne('/api/meetings/m1/agenda/i3/position').error(new ProgressEvent('error'), { status: 0 });
    await tick();
    expect(changes.outcomes().map((o) => [(o.change as PendingPosition).itemId, o.outcome, o.current?.position ?? null])).toEqual([
      ['i1', 'conflict', 'no_objection'],
      ['i2', 'refused', null],
    ]);
    expect(settled).toEqual([{ meetingId: 'm1', itemId: 'i1', position: stored('no_objection') }]);
    expect(changes.pending().map((c) => (c as PendingPosition).itemId)).toEqual(['i3']);
    changes.dismiss(changes.outcomes()[0]);
    expect(changes.outcomes()).toHaveLength(1);
  });

  it('sends notes made offline in their turn through the sender the papers library registers, and waits while none is registered', async () => {
    const note = (id: string): PendingNote => ({ id, kind: 'note', meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', request: { id, kind: 'note', page: 2, text: 'Hỏi lại' }, madeAt: '2026-12-06T01:00:00.000Z' });
    const { changes, state, disk } = setUp([note('n1'), note('n2')]);
    state.set('online');
    TestBed.tick();
    await tick();
    expect(changes.count()).toBe(2);

    const sent: string[] = [];
    const stored: string[] = [];
    changes.sentNotes$.subscribe((annotation) => stored.push(annotation.id));
    changes.registerNoteSender({
      create: (queued) => {
        sent.push(queued.request.id);
        return queued.id === 'n2' ? throwError(() => new HttpErrorResponse({ status: 409, error: { code: 'ANNOTATION_ID_TAKEN' } })) : of({ id: queued.id } as AnnotationResponse);
      },
      update: () => throwError(() => new Error('not expected')),
      remove: () => throwError(() => new Error('not expected')),
    });
    await tick();
    await tick();
    expect(sent).toEqual(['n1', 'n2']);
    expect(stored).toEqual(['n1']);
    expect(changes.outcomes().map((o) => [o.change.id, o.outcome])).toEqual([['n2', 'refused']]);
    expect(disk.get('u1')).toEqual([]);
    expect(changes.notesFor('p1')).toEqual([]);
  });

  it('folds edits and deletions made offline into what waits: a note still to be created takes the new text or is never sent; a stored one keeps the revision first seen', async () => {
    const { changes, disk } = setUp();
    TestBed.tick();
    await tick();
    const request = { id: 'n1', kind: 'note' as const, page: 2, text: 'Hỏi lại' };
    await changes.addNote({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', request });
    await changes.addNoteEdit({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 'n1', page: 2, revision: 0, text: 'Hỏi lại Bộ Tài chính' });
    expect(changes.notesFor('p1').map((note) => note.request.text)).toEqual(['Hỏi lại Bộ Tài chính']);
    expect(changes.noteChangesFor('p1')).toEqual([]);
    await changes.addNoteRemoval({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 'n1', page: 2, revision: 0 });
    expect(changes.count()).toBe(0);

    await changes.addNoteEdit({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 's1', page: 3, revision: 4, text: 'Sửa lần một' });
    await changes.addNoteEdit({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 's1', page: 3, revision: 5, text: 'Sửa lần hai' });
    expect(changes.noteChangesFor('p1').map((c) => [c.kind, c.revision, 'text' in c ? c.text : null])).toEqual([['note-edit', 4, 'Sửa lần hai']]);
    await changes.addNoteRemoval({ meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId: 's1', page: 3, revision: 5 });
    expect(changes.noteChangesFor('p1').map((c) => [c.kind, c.annotationId, c.revision])).toEqual([['note-delete', 's1', 4]]);
    expect(disk.get('u1')?.map((c) => c.kind)).toEqual(['note-delete']);
  });

  it('sends edits and deletions in turn: a note changed elsewhere meanwhile is kept and shown (a conflict), one deleted elsewhere is done, a refusal is said', async () => {
    const edit = (id: string, annotationId: string): PendingChange => ({ id, kind: 'note-edit', meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId, page: 2, revision: 1, text: 'Bản sửa ngoại tuyến', madeAt: '2026-12-06T01:00:00.000Z' });
    const removal = (id: string, annotationId: string): PendingChange => ({ id, kind: 'note-delete', meetingId: 'm1', paperId: 'p1', paperTitle: 'Tờ trình', annotationId, page: 2, revision: 1, madeAt: '2026-12-06T01:00:00.000Z' });
    const { changes, state, disk } = setUp([edit('c1', 'a1'), edit('c2', 'a2'), removal('c3', 'a3'), removal('c4', 'a4'), edit('c5', 'a5')]);
    const elsewhere = { id: 'a2', text: 'Sửa trên máy tính', revision: 2 } as AnnotationResponse;
    const error = (status: number, code: string, details?: unknown) => throwError(() => new HttpErrorResponse({ status, error: { statusCode: status, code, message: code, correlationId: 'c', details } }));
    const calls: string[] = [];
    const stored: AnnotationResponse[] = [];
    changes.sentNotes$.subscribe((annotation) => stored.push(annotation));
    changes.registerNoteSender({
      create: () => throwError(() => new Error('not expected')),
      update: (change) => {
        calls.push(`update ${change.annotationId} r${change.revision} ${change.text}`);
        if (change.annotationId === 'a2') return error(409, 'STALE_VERSION', elsewhere);
        if (change.annotationId === 'a5') return error(404, 'ANNOTATION_NOT_FOUND');
        return of({ id: change.annotationId, text: change.text, revision: 2 } as AnnotationResponse);
      },
      remove: (change) => {
        calls.push(`remove ${change.annotationId} r${change.revision}`);
        return change.annotationId === 'a4' ? error(404, 'ANNOTATION_NOT_FOUND') : of(undefined);
      },
    });
    state.set('online');
    TestBed.tick();
    await tick();
    await tick();
    expect(calls).toEqual(['update a1 r1 Bản sửa ngoại tuyến', 'update a2 r1 Bản sửa ngoại tuyến', 'remove a3 r1', 'remove a4 r1', 'update a5 r1 Bản sửa ngoại tuyến']);
    expect(stored.map((a) => [a.id, a.text])).toEqual([['a1', 'Bản sửa ngoại tuyến'], ['a2', 'Sửa trên máy tính']]);
    expect(changes.outcomes().map((o) => [o.change.id, o.outcome, o.currentNote?.text ?? null])).toEqual([['c2', 'conflict', 'Sửa trên máy tính'], ['c5', 'refused', null]]);
    expect(disk.get('u1')).toEqual([]);
  });
});
