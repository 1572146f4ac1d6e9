import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { PositionResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { PENDING_CHANGE_STORE, PendingChanges, type PendingPosition, type SettledPosition } from './pending-changes';

const URL = '/api/meetings/m1/agenda/i1/position';
const stored = (position: PositionResponse['position']): PositionResponse => ({ itemId: 'i1', userId: 'u1', fullName: 'Lê Quang Huy', position, note: null, updatedAt: '2026-12-06T02:00:00.000Z' });

function setUp(saved: PendingPosition[] = []) {
  const disk = new Map<string, PendingPosition[]>([['u1', saved]]);
  const state = signal<'online' | 'offline'>('offline');
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: AuthStore, useValue: { user: signal({ id: 'u1', fullName: 'Lê Quang Huy' }) } },
      { provide: LiveSocket, useValue: { state } },
      { provide: PENDING_CHANGE_STORE, useValue: { load: async (id: string) => disk.get(id) ?? null, save: async (id: string, value: PendingPosition[]) => void disk.set(id, value) } },
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
    expect(changes.outcomes().map((o) => [o.change.itemId, o.outcome, o.current?.position ?? null])).toEqual([
      ['i1', 'conflict', 'no_objection'],
      ['i2', 'refused', null],
    ]);
    expect(settled).toEqual([{ meetingId: 'm1', itemId: 'i1', position: stored('no_objection') }]);
    expect(changes.pending().map((c) => c.itemId)).toEqual(['i3']);
    changes.dismiss(changes.outcomes()[0]);
    expect(changes.outcomes()).toHaveLength(1);
  });
});
