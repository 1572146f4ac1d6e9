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
    changes.registerNoteSender((queued) => {
      sent.push(queued.request.id);
      return queued.id === 'n2' ? throwError(() => new HttpErrorResponse({ status: 409, error: { code: 'ANNOTATION_ID_TAKEN' } })) : of({ id: queued.id } as AnnotationResponse);
    });
    await tick();
    await tick();
    expect(sent).toEqual(['n1', 'n2']);
    expect(stored).toEqual(['n1']);
    expect(changes.outcomes().map((o) => [o.change.id, o.outcome])).toEqual([['n2', 'refused']]);
    expect(disk.get('u1')).toEqual([]);
    expect(changes.notesFor('p1')).toEqual([]);
  });
});
