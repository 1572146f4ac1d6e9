import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { type MeetingSnapshot, MeetingErrorCode, type Role } from '@ecabinet/shared/contracts';
import { authInterceptor } from '@ecabinet/web/identity/data-access';
import { LIVE_SOCKET_FACTORY } from '@ecabinet/web/live/data-access';
import {
  FakeLiveSocketClient,
  MEETING_ID,
  agendaItem,
  fakeLiveSocketFactory,
  meetingEvent,
  meetingResponse,
  meetingSnapshot,
  signInForTest,
  voteResponse,
} from '@ecabinet/web/meetings/data-access/testing';
import { MeetingConsolePageComponent } from './meeting-console-page.component';

const budget = agendaItem({ id: 'budget', number: '1', position: 0, title: 'Dự án Luật Ngân sách nhà nước' });
const power = agendaItem({ id: 'power', number: '2', position: 1, title: 'Phương án điều chỉnh giá bán lẻ điện bình quân' });
const decree = agendaItem({ id: 'decree', number: '3', position: 2, title: 'Nghị định về phiên họp điện tử của Chính phủ' });

describe('MeetingConsolePageComponent', () => {
  let fixture: ComponentFixture<MeetingConsolePageComponent>;
  let socket: FakeLiveSocketClient;
  let backend: HttpTestingController;

  async function setUp(roles: Role[]): Promise<void> {
    localStorage.clear();
    socket = new FakeLiveSocketClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LIVE_SOCKET_FACTORY, useValue: fakeLiveSocketFactory(socket) },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    await signInForTest({ id: 'u-secretary', fullName: 'Trần Thị Thu Hà', roles });
    socket.acceptHandshake();
  }

  afterEach(() => {
    // The room screens card reads its list once shown (its own spec covers it).
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/room-screens` }).forEach((request) => request.flush([]));
    // So does the chat card (its own spec covers it).
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/chat` }).forEach((request) => request.flush({ messages: [], unread: { channel: 0, private: {} }, mutedUserIds: [], moderator: true, writable: true }));
    backend.verify();
    fixture?.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const view = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string, root: ParentNode = view()) => root.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const order = () => [...view().querySelectorAll('[data-testid="console-agenda"] .ec-agenda__title')].map((title) => title.textContent?.trim());

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(snapshot: MeetingSnapshot): Promise<void> {
    fixture = TestBed.createComponent(MeetingConsolePageComponent);
    fixture.componentRef.setInput('meetingId', MEETING_ID);
    await fixture.whenStable();
    socket.requestsFor('meeting:join').at(-1)?.answer({ seq: 40, snapshot });
    await settle();
    // The papers desk (its own tab) reads the meeting's papers once joined.
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/papers` }).forEach((request) => request.flush([]));
    // The secretariat's agenda editor reads who is excluded from each item (nobody, here).
    flushExclusions();
    await fixture.whenStable();
  }

  function flushExclusions(excluded: Record<string, string[]> = {}): void {
    backend
      .match((request) => request.method === 'GET' && request.url.endsWith('/exclusions'))
      .forEach((request) => {
        const itemId = request.request.url.split('/agenda/')[1]?.split('/')[0] ?? '';
        request.flush({ itemId, userIds: excluded[itemId] ?? [] });
      });
  }

  const secretarySnapshot = (overrides: Partial<MeetingSnapshot> = {}) =>
    meetingSnapshot({ meeting: meetingResponse({ myRole: 'secretary', agendaVersion: 7 }), agenda: [budget, power, decree], positions: [], ...overrides });

  it('moves an item down with the keyboard buttons, showing the new order at once', async () => {
    await setUp(['secretary']);
    await open(secretarySnapshot());
    expect(order()).toEqual([budget.title, power.title, decree.title]);

    view().querySelector<HTMLButtonElement>('[data-agenda-row="budget"] [data-move="down"]')?.click();
    await fixture.whenStable();
    expect(order()).toEqual([power.title, budget.title, decree.title]);

    const move = backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/budget/move` });
    expect(move.request.body).toEqual({ parentId: null, index: 1, agendaVersion: 7 });
    move.flush([]);
    await fixture.whenStable();
    expect(text('[data-testid="announcer"]')).toBe(`Đã chuyển "${budget.title}" tới vị trí 2.`);
  });

  it('says clearly when someone else changed the agenda first, and shows their version', async () => {
    await setUp(['secretary']);
    await open(secretarySnapshot());

    view().querySelector<HTMLButtonElement>('[data-agenda-row="decree"] [data-move="up"]')?.click();
    await fixture.whenStable();
    backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/decree/move` }).flush(
      {
        statusCode: 409,
        code: MeetingErrorCode.STALE_VERSION,
        message: 'Someone else changed the agenda in the meantime.',
        details: { agendaVersion: 8, items: [{ ...power, number: '1', position: 0 }, { ...budget, number: '2', position: 1 }, { ...decree, number: '3', position: 2 }] },
        correlationId: 'c-1',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    expect(text('[data-testid="stale-notice"]')).toContain('Chương trình họp vừa được người khác thay đổi. Đã tải lại bản mới nhất');
    expect(order()).toEqual([power.title, budget.title, decree.title]);

    // The next move is based on the version the server reported.
    view().querySelector<HTMLButtonElement>('[data-agenda-row="decree"] [data-move="up"]')?.click();
    await fixture.whenStable();
    const retry = backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/decree/move` });
    expect(retry.request.body).toEqual({ parentId: null, index: 1, agendaVersion: 8 });
    retry.flush([]);
  });

  it('shows who objects and who wants the floor, with their notes, as positions arrive', async () => {
    await setUp(['secretary']);
    await open(secretarySnapshot());
    socket.pushMeetingEvent(
      meetingEvent('positions', 41, {
        tallies: [
          { itemId: 'budget', noObjection: 2, objection: 0, wishToSpeak: 0 },
          { itemId: 'power', noObjection: 0, objection: 1, wishToSpeak: 1 },
          { itemId: 'decree', noObjection: 0, objection: 0, wishToSpeak: 0 },
        ],
        positions: [
          { itemId: 'power', userId: 'u-member2', fullName: 'Phạm Thị Lan', position: 'objection', note: 'Đề nghị lùi sang quý II.', updatedAt: '2026-11-19T00:00:00Z' },
          { itemId: 'power', userId: 'u-member1', fullName: 'Lê Quang Huy', position: 'wish_to_speak', note: null, updatedAt: '2026-11-19T00:00:00Z' },
        ],
      }),
    );
    await fixture.whenStable();
    [...view().querySelectorAll<HTMLElement>('[role="tab"]')].find((tab) => tab.textContent?.includes('Ý kiến trước phiên họp'))?.click();
    await fixture.whenStable();

    const row = view().querySelector<HTMLElement>('[data-testid="positions-overview"] tr[data-item-id="power"]');
    if (!row) throw new Error('positions overview not rendered');
    expect(text('[data-column="objection"]', row)).toBe('1: Phạm Thị Lan');
    expect(text('[data-column="wish_to_speak"]', row)).toBe('1: Lê Quang Huy');
    expect(text('[data-column="notes"]', row)).toBe('Phạm Thị Lan: Đề nghị lùi sang quý II.');
  });

  it('shows on each item who is excluded (conflict of interest) and lets the secretariat change it from the item menu', async () => {
    await setUp(['secretary']);
    fixture = TestBed.createComponent(MeetingConsolePageComponent);
    fixture.componentRef.setInput('meetingId', MEETING_ID);
    await fixture.whenStable();
    socket.requestsFor('meeting:join').at(-1)?.answer({ seq: 40, snapshot: secretarySnapshot() });
    await settle();
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/papers` }).forEach((request) => request.flush([]));
    flushExclusions({ budget: ['u-member2'] });
    await fixture.whenStable();
    const row = (id: string) => view().querySelector<HTMLElement>(`[data-agenda-row="${id}"]`);
    expect(text('[data-testid="item-excluded"]', row('budget') ?? view())).toBe('Không tham dự: Phạm Thị Lan');
    expect(row('power')?.querySelector('[data-testid="item-excluded"]')).toBeNull();

    row('power')?.querySelector<HTMLButtonElement>('[aria-label="Thêm thao tác với nội dung 2"]')?.click();
    await fixture.whenStable();
    document.querySelector<HTMLButtonElement>('[data-testid="item-exclusions"]')?.click();
    await fixture.whenStable();
    const dialog = document.querySelector<HTMLElement>('ec-exclusions-dialog');
    expect(text('h2', dialog ?? document)).toBe('Không tham dự nội dung 2 (xung đột lợi ích)');
    dialog?.querySelector<HTMLInputElement>('[data-excluded="Lê Quang Huy"] input')?.click();
    dialog?.querySelector<HTMLButtonElement>('[data-testid="exclusions-save"]')?.click();
    await fixture.whenStable();

    const put = backend.expectOne({ method: 'PUT', url: `/api/meetings/${MEETING_ID}/agenda/power/exclusions` });
    expect(put.request.body).toEqual({ userIds: ['u-member1'] });
    put.flush({ itemId: 'power', userIds: ['u-member1'] });
    await settle();
    expect(document.querySelector('ec-exclusions-dialog')).toBeNull();
    expect(text('[data-testid="item-excluded"]', row('power') ?? view())).toBe('Không tham dự: Lê Quang Huy');
  });

  it('lets the chair start the session only after confirming', async () => {
    await setUp(['chair', 'member']);
    await open(meetingSnapshot({ meeting: meetingResponse({ myRole: 'chair' }), agenda: [budget] }));
    expect(view().querySelector('[data-status-action="draft"]')).toBeNull();
    expect(text('ec-agenda-editor')).not.toContain('Chuyển lên');

    view().querySelector<HTMLButtonElement>('[data-status-action="in_session"]')?.click();
    await fixture.whenStable();
    const dialog = document.querySelector<HTMLElement>('ec-confirm-dialog');
    expect(text('h2', dialog ?? document)).toBe('Khai mạc phiên họp?');
    [...(dialog?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === 'Khai mạc')?.click();
    await fixture.whenStable();

    const start = backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/status` });
    expect(start.request.body).toEqual({ status: 'in_session' });
    start.flush(meetingResponse({ status: 'in_session' }));
  });

  it('lets the chair take up again an item left unfinished, but not one deferred before it came up', async () => {
    await setUp(['chair', 'member']);
    const leftBehind = { ...budget, status: 'deferred' as const, startedAt: '2026-11-19T02:00:00.000Z' };
    const neverStarted = { ...power, status: 'deferred' as const, startedAt: null };
    await open(meetingSnapshot({ meeting: meetingResponse({ myRole: 'chair', status: 'in_session' }), agenda: [leftBehind, neverStarted] }));
    const resume = (id: string) => view().querySelector<HTMLButtonElement>(`[data-agenda-row="${id}"] .ec-agenda__session`);
    expect(resume('power')).toBeNull();
    expect(resume('budget')?.textContent?.trim()).toBe('Thảo luận tiếp');
    expect(resume('budget')?.getAttribute('aria-label')).toBe('Thảo luận tiếp nội dung 1 (đã tạm dừng)');

    resume('budget')?.click();
    await fixture.whenStable();
    const request = backend.expectOne({ method: 'PUT', url: `/api/meetings/${MEETING_ID}/current-item` });
    expect(request.request.body).toEqual({ itemId: 'budget' });
    request.flush([]);
  });

  it('lists those excluded from the item of the open vote apart, not among those who have not voted yet', async () => {
    await setUp(['chair', 'member']);
    const everyone = meetingResponse().participants.map((p) => ({ ...p, attendance: 'in_room' as const }));
    await open(
      meetingSnapshot({
        meeting: meetingResponse({ myRole: 'chair', status: 'in_session', currentItemId: 'budget', participants: everyone }),
        agenda: [{ ...budget, status: 'current' as const }, power],
        openVote: voteResponse({ id: 'v1', itemId: 'budget', eligible: 2, excluded: 1, voterIds: [] }),
        exclusions: [{ itemId: 'budget', userIds: ['u-member2'] }],
      }),
    );
    const turnout = () => [...view().querySelectorAll('.ec-vote-control__turnout dd')].map((dd) => dd.textContent?.trim());
    expect(turnout()).toEqual(['Không có', 'Nguyễn Văn Minh, Lê Quang Huy', 'Phạm Thị Lan']);
    expect(text('.ec-vote-control__turnout')).toContain('Không tham dự nội dung (xung đột lợi ích)');

    socket.pushMeetingEvent(meetingEvent('exclusions', 41, { itemId: 'budget', userIds: [] }));
    await fixture.whenStable();
    expect(turnout()).toEqual(['Không có', 'Nguyễn Văn Minh, Lê Quang Huy, Phạm Thị Lan']);
  });

  describe('recording a conclusion', () => {
    const current = { ...budget, status: 'current' as const, version: 3, startedAt: '2026-11-19T02:00:00.000Z' };
    const chairSnapshot = () =>
      meetingSnapshot({
        meeting: meetingResponse({ myRole: 'chair', status: 'in_session', currentItemId: 'budget' }),
        agenda: [current, power],
        openVote: voteResponse({ id: 'v1', itemId: 'budget', question: 'Thông qua dự án Luật?', eligible: 3 }),
      });
    const draftKey = `ecabinet.conclusion-draft.${MEETING_ID}.budget`;
    const dialog = () => document.querySelector<HTMLElement>('ec-complete-item-dialog');
    const dialogButton = (label: string) =>
      [...(dialog()?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === label) as HTMLButtonElement;
    const textarea = () => dialog()?.querySelector('textarea') as HTMLTextAreaElement;
    const openDialog = async () => {
      [...view().querySelectorAll<HTMLButtonElement>('ec-speakers-control button')].find((button) => button.textContent?.trim() === 'Kết luận')?.click();
      await fixture.whenStable();
    };
    const type = async (value: string) => {
      textarea().value = value;
      textarea().dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const completeUrl = `/api/meetings/${MEETING_ID}/agenda/budget/complete`;

    beforeEach(() => sessionStorage.clear());

    it('sends the conclusion with the version the page has now and keeps the dialog open until the server has it', async () => {
      await setUp(['chair', 'member']);
      await open(chairSnapshot());
      await openDialog();
      await type('Thống nhất thông qua dự án Luật.');

      // While the chair writes, the vote beside it closes: the item's version moves on.
      socket.pushMeetingEvent(meetingEvent('vote', 41, { vote: voteResponse({ id: 'v1', itemId: 'budget', status: 'closed', votedCount: 3, result: { agree: 3, disagree: 0, abstain: 0, eligible: 3, needed: 2, passed: true } }) }));
      socket.pushMeetingEvent(meetingEvent('agenda', 42, { agendaVersion: 1, items: [{ ...current, version: 4 }, power] }));
      await fixture.whenStable();

      dialogButton('Ghi kết luận và kết thúc').click();
      await fixture.whenStable();
      const request = backend.expectOne({ method: 'POST', url: completeUrl });
      expect(request.request.body).toEqual({ conclusion: 'Thống nhất thông qua dự án Luật.', version: 4 });
      expect(dialog()).not.toBeNull();
      expect(dialogButton('Hủy').disabled).toBe(true);

      request.flush({ ...current, status: 'done', conclusion: 'Thống nhất thông qua dự án Luật.', version: 5 });
      await settle();
      expect(dialog()).toBeNull();
      expect(sessionStorage.getItem(draftKey)).toBeNull();
    });

    it('keeps the text and says why when the network fails, and retries a stale version with the server’s', async () => {
      await setUp(['chair', 'member']);
      await open(chairSnapshot());
      await openDialog();
      await type('Giao Bộ Tài chính tiếp thu, hoàn thiện.');

      dialogButton('Ghi kết luận và kết thúc').click();
      await fixture.whenStable();
      backend.expectOne({ method: 'POST', url: completeUrl }).error(new ProgressEvent('error'), { status: 0, statusText: '' });
      await settle();
      expect(dialog()).not.toBeNull();
      expect(textarea().value).toBe('Giao Bộ Tài chính tiếp thu, hoàn thiện.');
      expect(text('[data-testid="conclusion-error"]', document)).toContain('vẫn được giữ nguyên');

      // Someone else's change (not a conclusion) got in first: sent again with the server's version.
      dialogButton('Ghi kết luận và kết thúc').click();
      await fixture.whenStable();
      backend.expectOne({ method: 'POST', url: completeUrl }).flush(
        {
          statusCode: 409,
          code: MeetingErrorCode.STALE_VERSION,
          message: 'Stale.',
          details: { agendaVersion: 1, items: [{ ...current, version: 6 }, power] },
          correlationId: 'c-2',
        },
        { status: 409, statusText: 'Conflict' },
      );
      await fixture.whenStable();
      const retry = backend.expectOne({ method: 'POST', url: completeUrl });
      expect(retry.request.body).toEqual({ conclusion: 'Giao Bộ Tài chính tiếp thu, hoàn thiện.', version: 6 });
      retry.flush({ ...current, status: 'done', conclusion: 'Giao Bộ Tài chính tiếp thu, hoàn thiện.', version: 7 });
      await settle();
      expect(dialog()).toBeNull();
    });

    it('brings an unsaved conclusion back after a reload', async () => {
      await setUp(['chair', 'member']);
      await open(chairSnapshot());
      await openDialog();
      await type('Bản nháp kết luận chưa gửi.');
      expect(sessionStorage.getItem(draftKey)).toBe('Bản nháp kết luận chưa gửi.');

      // The page goes away (a reload) and comes back.
      fixture.destroy();
      document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
      await open(chairSnapshot());
      await openDialog();
      expect(textarea().value).toBe('Bản nháp kết luận chưa gửi.');
      expect(text('[data-testid="conclusion-draft-restored"]', document)).toBe('Đã khôi phục kết luận bạn viết dở nhưng chưa ghi.');
    });
  });

  describe('recording the conclusion of an item voted on and left without one', () => {
    const passed = { agree: 3, disagree: 0, abstain: 0, eligible: 3, needed: 2, passed: true };
    const voted = { ...budget, status: 'done' as const, version: 5, startedAt: '2026-11-19T02:00:00.000Z', voteResult: passed };
    const concluded = { ...power, status: 'done' as const, conclusion: 'Đồng ý phương án.', voteResult: passed };
    const adopted = { ...decree, status: 'done' as const, adoptedWithoutDebate: true };
    const snapshotAt = (status: 'in_session' | 'adjourned') =>
      meetingSnapshot({ meeting: meetingResponse({ myRole: 'secretary', status }), agenda: [voted, concluded, adopted], positions: [] });
    const pendingRows = () => [...view().querySelectorAll<HTMLElement>('[data-testid="pending-conclusions"] [data-pending-item]')];
    const dialog = () => document.querySelector<HTMLElement>('ec-complete-item-dialog');
    const dialogButton = (label: string) =>
      [...(dialog()?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === label) as HTMLButtonElement;

    beforeEach(() => sessionStorage.clear());

    it('lists only the item done without a conclusion and records it from the console, through the conclusion dialog', async () => {
      await setUp(['secretary']);
      await open(snapshotAt('in_session'));
      expect(pendingRows().map((row) => row.getAttribute('data-pending-item'))).toEqual(['budget']);
      expect(text('[data-pending-item="budget"]')).toContain('Đã biểu quyết: Được thông qua');

      pendingRows()[0].querySelector<HTMLButtonElement>('button[aria-label="Ghi kết luận nội dung 1"]')?.click();
      await fixture.whenStable();
      expect(text('h2', dialog() as HTMLElement)).toBe('Ghi kết luận nội dung 1');
      const textarea = dialog()?.querySelector('textarea') as HTMLTextAreaElement;
      textarea.value = 'Giao Bộ Tài chính hoàn thiện dự án Luật.';
      textarea.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      // The draft is kept until the server has it, as for the item under discussion.
      expect(sessionStorage.getItem(`ecabinet.conclusion-draft.${MEETING_ID}.budget`)).toBe('Giao Bộ Tài chính hoàn thiện dự án Luật.');

      dialogButton('Ghi kết luận').click();
      await fixture.whenStable();
      const request = backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/budget/complete` });
      expect(request.request.body).toEqual({ conclusion: 'Giao Bộ Tài chính hoàn thiện dự án Luật.', version: 5 });
      const recorded = { ...voted, conclusion: 'Giao Bộ Tài chính hoàn thiện dự án Luật.', version: 6 };
      request.flush(recorded);
      socket.pushMeetingEvent(meetingEvent('current-item', 41, { currentItemId: null, items: [recorded, concluded, adopted] }));
      await settle();
      expect(dialog()).toBeNull();
      expect(view().querySelector('[data-testid="pending-conclusions"]')).toBeNull();
    });

    it('says beside the action why it waits while the meeting is adjourned', async () => {
      await setUp(['chair', 'member']);
      await open(meetingSnapshot({ meeting: meetingResponse({ myRole: 'chair', status: 'adjourned' }), agenda: [voted, concluded, adopted] }));
      const button = pendingRows()[0].querySelector<HTMLButtonElement>('button') as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(text('[data-testid="pending-conclusions-reason"]')).toBe('Chỉ ghi được kết luận khi phiên họp đang diễn ra.');
    });
  });

  it('keeps the console from a member, who follows the meeting from the room', async () => {
    await setUp(['member']);
    await open(meetingSnapshot({ agenda: [budget] }));
    expect(view().querySelector('ec-agenda-editor')).toBeNull();
    expect(text('ec-empty-state')).toContain('Bạn không có quyền thực hiện thao tác này.');
  });
});
