import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { MeetingSnapshot, PaperResponse } from '@ecabinet/shared/contracts';
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
  speaker,
  voteResponse,
} from '@ecabinet/web/meetings/data-access/testing';
import { MeetingRoomPageComponent } from './meeting-room-page.component';

const budget = agendaItem({ id: 'budget', number: '1', position: 0, title: 'Dự án Luật Ngân sách nhà nước', presenter: 'Bộ Tài chính', plannedMinutes: 30 });
const power = agendaItem({ id: 'power', number: '2', position: 1, title: 'Phương án điều chỉnh giá bán lẻ điện bình quân', presenter: 'Bộ Công Thương' });
const decree = agendaItem({ id: 'decree', number: '3', position: 2, title: 'Nghị định về phiên họp điện tử của Chính phủ' });

describe('MeetingRoomPageComponent', () => {
  let fixture: ComponentFixture<MeetingRoomPageComponent>;
  let socket: FakeLiveSocketClient;
  let backend: HttpTestingController;

  beforeEach(async () => {
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
    await signInForTest({ id: 'u-member1', fullName: 'Lê Quang Huy', roles: ['member'] });
    socket.acceptHandshake();
  });

  afterEach(() => {
    // The chat card reads the conversations, and again after a reconnection (its own spec covers it).
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/chat` }).forEach((request) => request.flush({ messages: [], unread: { channel: 0, private: {} }, mutedUserIds: [], moderator: false, writable: true }));
    backend.verify();
    fixture?.destroy();
  });

  const view = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) => view().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const agendaTitles = () =>
    [...view().querySelectorAll('[data-testid="room-agenda"] ec-room-agenda-item h3')].map((title) => title.textContent?.replace(/\s+/g, ' ').trim());

  /** The acknowledgement resolves a promise: let it land, then render. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(snapshot: MeetingSnapshot, seq = 20, papers: PaperResponse[] = []): Promise<void> {
    fixture = TestBed.createComponent(MeetingRoomPageComponent);
    fixture.componentRef.setInput('meetingId', MEETING_ID);
    await fixture.whenStable();
    const join = socket.requestsFor('meeting:join').at(-1);
    expect(join?.payload).toEqual({ meetingId: MEETING_ID });
    join?.answer({ seq, snapshot });
    await settle();
    // The call card asks once whether the installation has a video engine (none here; its own spec covers it).
    backend.match({ method: 'GET', url: '/api/config' }).forEach((request) => request.flush({ timeZone: 'Asia/Ho_Chi_Minh', singleSignOn: false, offlineCopyHours: 72, video: null }));
    backend.match({ method: 'GET', url: `/api/meetings/${MEETING_ID}/chat` }).forEach((request) => request.flush({ messages: [], unread: { channel: 0, private: {} }, mutedUserIds: [], moderator: false, writable: true }));
    await answerPapers(papers);
  }

  /** The page reads the papers it may show once joined, and again when the live channel says so. */
  async function answerPapers(papers: PaperResponse[]): Promise<void> {
    backend.expectOne({ method: 'GET', url: `/api/meetings/${MEETING_ID}/papers` }).flush(papers);
    await fixture.whenStable();
  }

  function paper(overrides: Partial<PaperResponse> & { id: string; itemId: string; title: string }): PaperResponse {
    return {
      meetingId: MEETING_ID,
      classification: 'normal',
      position: 0,
      revision: 1,
      current: { version: 1, fileName: 'a.pdf', sizeBytes: 1000, pageCount: 12, sha256: 'a'.repeat(64), uploadedAt: '2026-11-20T01:00:00.000Z', uploadedBy: null, repaired: false, decrypted: false },
      versions: null,
      readerIds: null,
      myLastReadVersion: null,
      changedSinceRead: false,
      canDownload: true,
      updatedAt: '2026-11-20T01:00:00.000Z',
      ...overrides,
    };
  }

  function buttonNamed(name: string, root: ParentNode = view()): HTMLButtonElement {
    const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => candidate.textContent?.replace(/\s+/g, ' ').trim() === name);
    if (!button) throw new Error(`no button "${name}"`);
    return button;
  }

  it('shows the agenda in Vietnamese and follows a reorder live, without reloading', async () => {
    await open(meetingSnapshot({ agenda: [budget, power, decree] }));
    expect(text('h1')).toBe('Phiên họp Chính phủ thường kỳ tháng 11 năm 2026');
    expect(text('ec-meeting-live-indicator')).toContain('Cập nhật trực tiếp');
    expect(agendaTitles()).toEqual(['1. Dự án Luật Ngân sách nhà nước', '2. Phương án điều chỉnh giá bán lẻ điện bình quân', '3. Nghị định về phiên họp điện tử của Chính phủ']);
    expect(text('[data-item-id="budget"]')).toContain('Trình bày: Bộ Tài chính');

    socket.pushMeetingEvent(
      meetingEvent('agenda', 21, {
        agendaVersion: 5,
        items: [
          { ...decree, number: '1', position: 0 },
          { ...budget, number: '2', position: 1 },
          { ...power, number: '3', position: 2 },
        ],
      }),
    );
    await fixture.whenStable();

    expect(agendaTitles()).toEqual(['1. Nghị định về phiên họp điện tử của Chính phủ', '2. Dự án Luật Ngân sách nhà nước', '3. Phương án điều chỉnh giá bán lẻ điện bình quân']);
    expect(text('[data-testid="announcer"]')).toBe('Chương trình họp vừa được cập nhật.');
  });

  it('lists each item\'s papers with their read state, and re-reads them when one is replaced live', async () => {
    const report = paper({ id: 'p1', itemId: 'budget', title: 'Tờ trình dự án Luật', myLastReadVersion: 1 });
    const secret = paper({ id: 'p2', itemId: 'power', title: 'Phương án giá điện', classification: 'confidential', canDownload: false });
    await open(meetingSnapshot({ agenda: [budget, power] }), 20, [report, secret]);

    const budgetPapers = view().querySelector('[data-item-id="budget"] ec-paper-list');
    expect(budgetPapers?.querySelector('a')?.getAttribute('href')).toBe(`/meetings/${MEETING_ID}/papers/p1`);
    expect(budgetPapers?.querySelector('[data-read-state]')?.textContent?.trim()).toBe('Đã đọc');
    const powerPapers = view().querySelector('[data-item-id="power"] ec-paper-list');
    expect(powerPapers?.textContent).toContain('Mật');
    expect(powerPapers?.querySelector('[data-read-state]')?.textContent?.trim()).toBe('Chưa đọc');
    // Confidential: read in the app only, so no download button.
    expect(powerPapers?.querySelector('button')).toBeNull();

    socket.pushMeetingEvent(meetingEvent('papers', 21, { itemId: 'budget', paperId: 'p1', version: 2, change: 'replaced' }));
    await fixture.whenStable();
    await answerPapers([{ ...report, current: { ...report.current, version: 2 }, changedSinceRead: true }, secret]);
    expect(view().querySelector('[data-item-id="budget"] [data-read-state]')?.textContent?.trim()).toBe('Có thay đổi');
  });

  it("records the member's position on an item, with a note only the chair and secretariat read", async () => {
    await open(meetingSnapshot({ agenda: [budget, power] }));
    const item = view().querySelector<HTMLElement>('[data-item-id="power"]');
    if (!item) throw new Error('no item');
    expect(item.querySelector('mat-button-toggle-group')?.getAttribute('aria-label')).toBe('Ý kiến của tôi về nội dung 2');

    item.querySelector<HTMLButtonElement>('[data-position="objection"] button')?.click();
    await fixture.whenStable();
    const put = backend.expectOne({ method: 'PUT', url: `/api/meetings/${MEETING_ID}/agenda/power/position` });
    expect(put.request.body).toEqual({ position: 'objection' });
    put.flush({ itemId: 'power', userId: 'u-member1', fullName: 'Lê Quang Huy', position: 'objection', note: null, updatedAt: '2026-11-19T00:00:00Z' });
    await fixture.whenStable();
    expect(item.querySelector('[data-position="objection"]')?.classList).toContain('mat-button-toggle-checked');

    buttonNamed('Thêm ghi chú', item).click();
    await fixture.whenStable();
    const note = item.querySelector<HTMLTextAreaElement>('textarea');
    if (!note) throw new Error('no note field');
    note.value = 'Đề nghị lùi thời điểm điều chỉnh sang quý II.';
    note.dispatchEvent(new Event('input'));
    buttonNamed('Lưu ghi chú', item).click();
    backend
      .expectOne({ method: 'PUT', url: `/api/meetings/${MEETING_ID}/agenda/power/position` })
      .flush({ itemId: 'power', userId: 'u-member1', fullName: 'Lê Quang Huy', position: 'objection', note: 'Đề nghị lùi thời điểm điều chỉnh sang quý II.', updatedAt: '2026-11-19T00:01:00Z' });
    await fixture.whenStable();
    expect(backend.match(() => true)).toHaveLength(0);
  });

  it('lets a member request the floor on the item under discussion and vote, keeping their choice live', async () => {
    await open(
      meetingSnapshot({
        meeting: meetingResponse({ status: 'in_session', currentItemId: 'budget' }),
        agenda: [{ ...budget, status: 'current', startedAt: new Date(Date.now() - 60_000).toISOString() }, power],
        speakers: [speaker({ id: 's1', itemId: 'budget', userId: 'u-member2', fullName: 'Phạm Thị Lan', state: 'speaking', startedAt: new Date().toISOString() })],
        openVote: voteResponse({ id: 'v1', itemId: 'budget', question: 'Thông qua dự án Luật?', eligible: 3 }),
      }),
    );
    expect(text('[data-testid="current-item"]')).toBe('1. Dự án Luật Ngân sách nhà nước');
    expect(text('ec-current-item-panel')).toContain('Phạm Thị Lan');
    expect(text('ec-countdown-chip')).toMatch(/Còn 2\d:\d\d/);

    buttonNamed('Đăng ký phát biểu').click();
    backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/budget/speakers` }).flush([]);

    expect(text('[data-testid="vote-count"]')).toBe('0/3 đã biểu quyết');
    view().querySelector<HTMLButtonElement>('[data-choice="agree"]')?.click();
    const ballot = backend.expectOne({ method: 'PUT', url: `/api/meetings/${MEETING_ID}/votes/v1/ballot` });
    expect(ballot.request.body).toEqual({ choice: 'agree' });
    ballot.flush(voteResponse({ id: 'v1', itemId: 'budget', votedCount: 1, myChoice: 'agree' }));
    await fixture.whenStable();

    // Everyone's event says how many voted, never what this member chose.
    socket.pushMeetingEvent(meetingEvent('vote', 21, { vote: voteResponse({ id: 'v1', itemId: 'budget', votedCount: 2, eligible: 3 }) }));
    await fixture.whenStable();
    expect(text('[data-testid="vote-count"]')).toBe('2/3 đã biểu quyết');
    expect(view().querySelector('[data-choice="agree"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(text('ec-vote-panel')).toContain('Lựa chọn của bạn: Tán thành');
  });

  it('tells a member excluded from an item so, calmly, with no position, floor or vote buttons on it, and follows exclusions live', async () => {
    await open(
      meetingSnapshot({
        meeting: meetingResponse({ status: 'in_session', currentItemId: 'budget' }),
        agenda: [{ ...budget, status: 'current', startedAt: new Date(Date.now() - 60_000).toISOString() }, power],
        openVote: voteResponse({
          id: 'v1',
          itemId: 'budget',
          question: 'Thông qua dự án Luật?',
          eligible: 2,
          excluded: 1,
          quorum: { members: 2, present: 2, required: 2, reached: true, excluded: 1 },
        }),
        exclusions: [{ itemId: 'budget', userIds: ['u-member1'] }],
      }),
    );
    const notice = 'Bạn không tham dự nội dung này (xung đột lợi ích)';
    const item = (id: string) => view().querySelector(`ec-room-agenda-item[data-item-id="${id}"]`) as HTMLElement;
    expect(text('ec-vote-panel [data-testid="excluded-notice"]')).toBe(notice);
    expect(view().querySelectorAll('[data-choice]')).toHaveLength(0);
    expect(text('ec-vote-panel [data-testid="vote-excluded"]')).toBe('1 người không tham dự nội dung này (xung đột lợi ích), không tính là vắng mặt');
    expect(text('ec-vote-panel [data-testid="vote-item-quorum"]')).toBe('Túc số của nội dung: 2/2 thành viên có mặt (cần 2); 1 người không tham dự');
    expect(text('ec-current-item-panel [data-testid="excluded-notice"]')).toBe(notice);
    expect(() => buttonNamed('Đăng ký phát biểu')).toThrow();
    expect(item('budget').querySelector('[data-testid="excluded-notice"]')?.textContent).toContain(notice);
    expect(item('budget').querySelectorAll('[data-position]')).toHaveLength(0);
    expect(item('power').querySelector('[data-testid="excluded-notice"]')).toBeNull();
    expect(item('power').querySelectorAll('[data-position]')).toHaveLength(3);

    // The secretariat lifts the exclusion from the item under way and excludes him from the next.
    socket.pushMeetingEvent(meetingEvent('exclusions', 21, { itemId: 'budget', userIds: [] }));
    socket.pushMeetingEvent(meetingEvent('exclusions', 22, { itemId: 'power', userIds: ['u-member1', 'u-member2'] }));
    await fixture.whenStable();
    expect(view().querySelectorAll('[data-choice]')).toHaveLength(3);
    expect(buttonNamed('Đăng ký phát biểu')).toBeTruthy();
    expect(item('budget').querySelector('[data-testid="excluded-notice"]')).toBeNull();
    expect(item('power').querySelector('[data-testid="excluded-notice"]')?.textContent).toContain(notice);
    expect(item('power').querySelectorAll('[data-position]')).toHaveLength(0);

    // A withheld event (papers of an item he is excluded from) moves seq on and reads nothing.
    socket.pushMeetingEvent(meetingEvent('withheld', 23, {}));
    await fixture.whenStable();
    backend.expectNone({ method: 'GET', url: `/api/meetings/${MEETING_ID}/papers` });
    expect(socket.requestsFor('meeting:join')).toHaveLength(1);
  });

  it('marks who asked in advance on the item now under discussion, first in line', async () => {
    await open(
      meetingSnapshot({
        meeting: meetingResponse({ status: 'in_session', currentItemId: 'power' }),
        agenda: [budget, { ...power, status: 'current', startedAt: '2026-11-19T03:00:00.000Z' }],
        speakers: [
          speaker({ id: 's1', itemId: 'power', userId: 'u-member1', fullName: 'Lê Quang Huy', requestedAt: '2026-11-18T09:00:00.000Z' }),
          speaker({ id: 's2', itemId: 'power', userId: 'u-member2', fullName: 'Phạm Thị Lan', requestedAt: '2026-11-19T03:05:00.000Z' }),
        ],
      }),
    );
    const rows = [...view().querySelectorAll('ec-current-item-panel li')].map((row) => row.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toContain('Lê Quang Huy (bạn) · Đã đăng ký trước');
    expect(rows[1]).not.toContain('Đã đăng ký trước');
    expect(text('ec-current-item-panel')).toContain('Bạn ở vị trí 1 trong danh sách chờ');
  });

  it('keeps every vote of an item shown, in order: an earlier vote is not replaced by a later one', async () => {
    const result = (agree: number, disagree: number, passed: boolean) => ({ agree, disagree, abstain: 0, eligible: 3, needed: 2, passed });
    const named = voteResponse({
      id: 'v1',
      itemId: 'budget',
      question: 'Thông qua chủ trương?',
      status: 'closed',
      openedAt: '2026-11-19T02:00:00.000Z',
      votedCount: 3,
      ballots: [
        { userId: 'u-chair', choice: 'agree' },
        { userId: 'u-member1', choice: 'agree' },
        { userId: 'u-member2', choice: 'disagree' },
      ],
      myChoice: 'agree',
      result: result(2, 1, true),
    });
    await open(
      meetingSnapshot({
        meeting: meetingResponse({ status: 'in_session', currentItemId: 'budget' }),
        agenda: [{ ...budget, status: 'current', voteResult: result(2, 1, true) }, power],
        votes: [named],
      }),
    );
    // A second, secret vote on the same item opens and closes live.
    const secret = voteResponse({ id: 'v2', itemId: 'budget', question: 'Thông qua phương án nhân sự?', secret: true, openedAt: '2026-11-19T02:30:00.000Z' });
    socket.pushMeetingEvent(meetingEvent('vote', 21, { vote: secret }));
    socket.pushMeetingEvent(meetingEvent('vote', 22, { vote: { ...secret, status: 'closed', votedCount: 3, result: result(1, 2, false) } }));
    await fixture.whenStable();

    const records = [...view().querySelectorAll<HTMLElement>('ec-room-agenda-item[data-item-id="budget"] [data-testid="vote-record"]')].map((record) =>
      record.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toContain('Lần 1');
    expect(records[0]).toContain('Thông qua chủ trương?');
    expect(records[0]).toContain('Biểu quyết công khai');
    expect(records[0]).toContain('Được thông qua');
    expect(records[0]).toContain('Tán thành: Nguyễn Văn Minh, Lê Quang Huy');
    expect(records[0]).toContain('Không tán thành: Phạm Thị Lan');
    expect(records[0]).toContain('Lựa chọn của bạn: Tán thành');
    expect(records[1]).toContain('Lần 2');
    expect(records[1]).toContain('Thông qua phương án nhân sự?');
    expect(records[1]).toContain('Biểu quyết kín');
    expect(records[1]).toContain('Không được thông qua');
    expect(records[1]).toContain('không công bố ai chọn gì');
    expect(records[1]).not.toContain('Phạm Thị Lan');
  });

  it('says when the connection drops, and catches up from the last change once it is back', async () => {
    await open(meetingSnapshot({ agenda: [budget] }), 30);
    socket.dropConnection();
    await fixture.whenStable();
    expect(text('ec-meeting-live-indicator')).toContain('Mất kết nối');

    socket.acceptHandshake();
    await fixture.whenStable();
    const rejoin = socket.requestsFor('meeting:join').at(-1);
    expect(rejoin?.payload).toEqual({ meetingId: MEETING_ID, sinceSeq: 30 });
    rejoin?.answer({ seq: 31, events: [meetingEvent('status', 31, { status: 'in_session', version: 3 })] });
    await settle();
    expect(text('ec-meeting-status-chip')).toBe('Đang họp');
    expect(text('ec-meeting-live-indicator')).toContain('Cập nhật trực tiếp');
  });
});
