import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { RoomScreenView } from '@ecabinet/shared/contracts';
import { type RoomScreenPhase, RoomScreenStore } from '@ecabinet/web/meetings/data-access';
import { RoomScreenPageComponent, formatDuration } from './room-screen-page.component';

const NOW = Date.parse('2026-12-07T02:00:00.000Z');

const view = (overrides: Partial<RoomScreenView> = {}): RoomScreenView => ({
  meetingId: 'm1',
  seq: 7,
  title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
  place: 'Phòng họp A',
  startsAt: '2026-12-07T01:00:00.000Z',
  status: 'in_session',
  quorum: { present: 7, members: 9, reached: true },
  itemCount: 5,
  currentItem: { number: '2', title: 'Dự án Luật Ngân sách nhà nước', presenter: 'Bộ Tài chính', plannedMinutes: 20, startedAt: new Date(NOW - 5 * 60_000).toISOString(), spentSeconds: 17 * 60 },
  speaker: { fullName: 'Lê Quang Huy', startedAt: new Date(NOW - 100_000).toISOString(), limitSeconds: 300 },
  queue: ['Phạm Thị Lan', 'Đặng Văn Đức'],
  vote: null,
  seats: [{ label: 'Hàng A', seats: [{ label: 'A1', name: 'Lê Quang Huy', status: 'in_room', floor: 'speaking' }, { label: 'A2', name: null, status: 'empty', floor: null }] }],
  serverTime: new Date(NOW).toISOString(),
  ...overrides,
});

class FakeStore {
  readonly phase = signal<RoomScreenPhase>({ kind: 'paired', label: 'Màn hình chính' });
  readonly view = signal<RoomScreenView | null>(view());
  readonly connected = signal(true);
  readonly clockOffsetMs = signal(0);
  started = 0;
  start(): void {
    this.started += 1;
  }
}

describe('RoomScreenPageComponent', () => {
  let store: FakeStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    store = new FakeStore();
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    TestBed.overrideComponent(RoomScreenPageComponent, { set: { providers: [{ provide: RoomScreenStore, useValue: store }] } });
  });
  afterEach(() => jest.useRealTimers());

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(RoomScreenPageComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const text = (root: HTMLElement, testId: string) => root.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  it('formats durations as m:ss, and h:mm:ss past an hour', () => {
    expect([formatDuration(0), formatDuration(59.9), formatDuration(61), formatDuration(3725), formatDuration(-5)]).toEqual(['0:00', '0:59', '1:01', '1:02:05', '0:00']);
  });

  it('shows the code to pair, letter by letter for a screen reader', async () => {
    store.phase.set({ kind: 'pairing', code: 'K7M2QX', expiresAt: new Date(NOW + 550_000).toISOString() });
    const root = await render();
    expect(store.started).toBe(1);
    expect([...root.querySelectorAll('[data-testid="pairing-code"] span')].map((part) => part.textContent)).toEqual(['K7M', '2QX']);
    expect(root.querySelector('[data-testid="pairing-code"]')?.getAttribute('aria-label')).toBe('K 7 M 2 Q X');
    expect(root.textContent).toContain('Mã hết hạn sau 9:10');
  });

  it('shows the item against its plan, the speaker counting down, and the queue', async () => {
    const root = await render();
    expect(text(root, 'screen-item')).toBe('2. Dự án Luật Ngân sách nhà nước');
    // 17 minutes banked and 5 running, against 20 planned: over by 2.
    expect(text(root, 'screen-item-time')).toBe('Thời gian 22:00 dự kiến 20:00 Quá 2:00');
    expect(root.querySelector('.rs-time--over')).not.toBeNull();
    expect(text(root, 'screen-speaker')).toBe('Lê Quang Huy');
    expect(text(root, 'screen-countdown')).toBe('Còn lại 3:20');
    expect([...root.querySelectorAll('[data-testid="screen-queue"] li')].map((li) => li.textContent?.trim())).toEqual(['Phạm Thị Lan', 'Đặng Văn Đức']);
    expect(text(root, 'screen-status')).toBe('Đang họp');
    // The seat map: who sits where, present, holding the floor.
    expect([...root.querySelectorAll('[data-testid="screen-seats"] .rs-seat')].map((seat) => [seat.textContent?.trim(), seat.getAttribute('data-state'), seat.getAttribute('data-floor'), seat.getAttribute('title')])).toEqual([
      ['A1', 'in_room', 'speaking', 'Lê Quang Huy'],
      ['A2', 'empty', null, null],
    ]);
  });

  it('counts past the limit in red, and up when there is none', async () => {
    store.view.set(view({ speaker: { fullName: 'Lê Quang Huy', startedAt: new Date(NOW - 310_000).toISOString(), limitSeconds: 300 } }));
    let root = await render();
    expect(text(root, 'screen-countdown')).toBe('Quá giờ +0:10');
    expect(root.querySelector('.rs-countdown--over')).not.toBeNull();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    TestBed.overrideComponent(RoomScreenPageComponent, { set: { providers: [{ provide: RoomScreenStore, useValue: store }] } });
    store.view.set(view({ speaker: { fullName: 'Lê Quang Huy', startedAt: new Date(NOW - 75_000).toISOString(), limitSeconds: null } }));
    root = await render();
    expect(text(root, 'screen-countdown')).toBe('Đã phát biểu 1:15');
  });

  it('shows a secret vote\'s totals only, and a named vote\'s names', async () => {
    const result = { agree: 6, disagree: 1, abstain: 0, eligible: 9, needed: 5, passed: true };
    store.view.set(view({ vote: { question: 'Thông qua dự án Luật?', secret: true, status: 'closed', votedCount: 7, eligible: 9, result, names: null } }));
    let root = await render();
    expect([...root.querySelectorAll('[data-testid="screen-vote-count"]')].map((cell) => cell.textContent?.trim())).toEqual(['6', '1', '0']);
    expect(text(root, 'screen-vote-outcome')).toBe('Thông qua');
    expect(root.textContent).toContain('Biểu quyết kín: chỉ công bố tổng số phiếu');
    expect(root.querySelector('.rs-vote__names')).toBeNull();

    store.view.set(view({ vote: { question: 'Biểu quyết công khai', secret: false, status: 'closed', votedCount: 2, eligible: 9, result: { ...result, agree: 1, disagree: 1, passed: false }, names: { agree: ['Lê Quang Huy'], disagree: ['Phạm Thị Lan'], abstain: [] } } }));
    TestBed.tick();
    root = root as HTMLElement;
    expect([...root.querySelectorAll('.rs-vote__names')].map((cell) => cell.textContent?.trim())).toEqual(['Lê Quang Huy', 'Phạm Thị Lan', '']);
    expect(text(root, 'screen-vote-outcome')).toBe('Không thông qua');

    store.view.set(view({ vote: { question: 'Đang mở', secret: true, status: 'open', votedCount: 3, eligible: 9, result: null, names: null } }));
    TestBed.tick();
    expect(text(root, 'screen-vote')).toContain('3/9 đại biểu đã biểu quyết');
  });

  it('says when the connection is lost, and when no item has started', async () => {
    store.connected.set(false);
    store.view.set(view({ status: 'published', currentItem: null, speaker: null, queue: [] }));
    const root = await render();
    expect(text(root, 'screen-live')).toBe('Mất kết nối · đang kết nối lại');
    expect(text(root, 'screen-item')).toBe('Chưa bắt đầu nội dung nào');
    expect(root.textContent).toContain('Chưa có đại biểu đăng ký');
  });
});
