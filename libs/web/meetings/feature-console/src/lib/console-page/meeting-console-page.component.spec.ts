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
    await fixture.whenStable();
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

  it('keeps the console from a member, who follows the meeting from the room', async () => {
    await setUp(['member']);
    await open(meetingSnapshot({ agenda: [budget] }));
    expect(view().querySelector('ec-agenda-editor')).toBeNull();
    expect(text('ec-empty-state')).toContain('Bạn không có quyền thực hiện thao tác này.');
  });
});
