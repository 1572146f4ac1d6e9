import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BallotResponse, MeetingSummaryResponse, PaperResponse, Role } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { NotificationsStore } from '@ecabinet/web/notifications/data-access';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { HomePageComponent } from './home-page.component';

const meeting = (id: string, status: MeetingSummaryResponse['status'], startsAt: string): MeetingSummaryResponse => ({
  id,
  title: `Phiên họp ${id}`,
  kind: 'regular',
  place: 'Phòng họp số 1',
  onlineLink: null,
  startsAt,
  endsAt: null,
  status,
  myRole: 'member',
  itemCount: 3,
});

const ballot = (id: string, deadline: string, status: BallotResponse['status'] = 'open'): BallotResponse =>
  ({ id, title: `Phiếu ${id}`, status, deadline, answeredCount: 2, recipientCount: 5, mine: { answered: false, revision: 0, answeredAt: null } }) as BallotResponse;

const paper = (id: string, meetingId: string, myLastReadVersion: number | null, changedSinceRead: boolean, version = 1): PaperResponse =>
  ({ id, meetingId, title: `Tài liệu ${id}`, myLastReadVersion, changedSinceRead, current: { version }, updatedAt: `2026-11-1${id.length}T00:00:00.000Z` }) as PaperResponse;

/** The newest notifications the bell knows of; a new one arriving live is a new first item. */
const notificationItems = signal<{ id: string }[]>([]);

function render(roles: Role[]) {
  notificationItems.set([]);
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      { provide: AuthStore, useValue: { user: signal({ id: 'u-1', fullName: 'Lê Quang Huy', title: null, roles }) } },
      { provide: NotificationsStore, useValue: { items: notificationItems } },
    ],
  });
  TestBed.inject(TranslationService).setDeviceTimeZone('Asia/Ho_Chi_Minh');
  const fixture = TestBed.createComponent(HomePageComponent);
  fixture.detectChanges();
  return { fixture, http: TestBed.inject(HttpTestingController), element: fixture.nativeElement as HTMLElement };
}

const panel = (element: HTMLElement, name: string) => element.querySelector(`[data-testid="home-${name}"]`) as HTMLElement;
const text = (element: HTMLElement) => element.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('HomePageComponent', () => {
  beforeEach(() => localStorage.clear());

  it("fills the member's panels: next meetings with a live one first, ballots to answer with time left, unread papers", async () => {
    const { fixture, http, element } = render(['member']);
    expect(text(panel(element, 'meetings'))).toContain('Đang tải…');

    http.expectOne('/api/meetings?scope=upcoming').flush([
      meeting('m-next', 'published', '2026-11-20T02:00:00.000Z'),
      meeting('m-live', 'in_session', '2026-11-19T02:00:00.000Z'),
    ]);
    http.expectOne('/api/ballots?box=to-answer').flush([ballot('b-1', new Date(Date.now() + 26 * 3_600_000).toISOString())]);
    http.expectOne('/api/meetings/m-live/papers').flush([paper('p-read', 'm-live', 1, false), paper('p-new', 'm-live', null, false)]);
    http.expectOne('/api/meetings/m-next/papers').flush([paper('p-changed', 'm-next', 1, true, 2)]);
    await fixture.whenStable();

    const meetings = [...panel(element, 'meetings').querySelectorAll('li')];
    expect(meetings.map((row) => row.getAttribute('data-meeting-id'))).toEqual(['m-live', 'm-next']);
    expect(text(meetings[0])).toContain('Vào phòng họp');
    expect(text(meetings[0])).toContain('Thứ Năm, 19/11/2026, từ 09:00');
    expect(meetings[0].querySelector('ec-meeting-status-chip')).not.toBeNull();
    expect(meetings[0].querySelector('a')?.getAttribute('href')).toBe('/meetings/m-live');
    expect(text(panel(element, 'meetings'))).not.toContain('Chưa có phiên họp nào được lên lịch');

    const ballots = panel(element, 'ballots');
    expect(text(ballots.querySelector('h2') as HTMLElement)).toBe('Phiếu lấy ý kiến chờ trả lời');
    expect(ballots.querySelector('li a')?.getAttribute('href')).toBe('/ballots/b-1');
    expect(text(ballots.querySelector('ec-deadline-chip') as HTMLElement)).toMatch(/1 ngày/);

    const papers = [...panel(element, 'papers').querySelectorAll('li')];
    expect(papers.map((row) => row.getAttribute('data-paper-id')).sort()).toEqual(['p-changed', 'p-new']);
    expect(text(panel(element, 'papers'))).toContain('Có bản mới (lần 2)');
    expect(text(panel(element, 'papers'))).toContain('Chưa đọc');
    expect(text(panel(element, 'papers'))).not.toContain('Chưa có tài liệu họp mới');
    expect(panel(element, 'papers').querySelector('a[href="/meetings/m-next/papers/p-changed"]')).not.toBeNull();
    http.verify();
  });

  it('shows the secretariat the open ballots it follows, with how many answered, on the desk', async () => {
    const { fixture, http, element } = render(['secretary']);
    http.expectOne('/api/meetings?scope=upcoming').flush([]);
    http.expectOne('/api/ballots?box=all').flush([
      ballot('b-open', new Date(Date.now() + 3_600_000).toISOString()),
      ballot('b-draft', new Date(Date.now() + 3_600_000).toISOString(), 'draft'),
    ]);
    await fixture.whenStable();

    const ballots = panel(element, 'ballots');
    expect(text(ballots.querySelector('h2') as HTMLElement)).toBe('Phiếu lấy ý kiến đang mở');
    expect([...ballots.querySelectorAll('li')].map((row) => row.getAttribute('data-ballot-id'))).toEqual(['b-open']);
    expect(text(ballots)).toContain('Đã trả lời 2/5');
    expect(ballots.querySelector('li a')?.getAttribute('href')).toBe('/ballot-desk/b-open');
    // Truly empty: no meeting, hence no paper to read.
    expect(text(panel(element, 'meetings'))).toContain('Chưa có phiên họp nào được lên lịch');
    expect(text(panel(element, 'papers'))).toContain('Chưa có tài liệu họp mới');
    http.verify();
  });

  it('says why a panel could not load, in the user language, instead of pretending it is empty', async () => {
    const { fixture, http, element } = render(['member']);
    http.expectOne('/api/meetings?scope=upcoming').flush(null, { status: 0, statusText: 'Unknown Error' });
    http.expectOne('/api/ballots?box=to-answer').flush([]);
    await fixture.whenStable();
    expect(text(panel(element, 'meetings'))).toContain('Không kết nối được tới máy chủ');
    expect(text(panel(element, 'meetings'))).not.toContain('Chưa có phiên họp');
    expect(text(panel(element, 'ballots'))).toContain('Không có phiếu lấy ý kiến nào đang chờ bạn.');
  });

  it('reloads its panels when a notification arrives live (a meeting published while the page is open)', async () => {
    const { fixture, http, element } = render(['member']);
    http.expectOne('/api/meetings?scope=upcoming').flush([]);
    http.expectOne('/api/ballots?box=to-answer').flush([]);
    await fixture.whenStable();
    expect(text(panel(element, 'meetings'))).toContain('Chưa có phiên họp nào được lên lịch');

    notificationItems.set([{ id: 'n-1' }]);
    await fixture.whenStable();
    http.expectOne('/api/meetings?scope=upcoming').flush([meeting('m-new', 'published', '2026-11-20T02:00:00.000Z')]);
    http.expectOne('/api/ballots?box=to-answer').flush([]);
    http.expectOne('/api/meetings/m-new/papers').flush([]);
    await fixture.whenStable();

    expect([...panel(element, 'meetings').querySelectorAll('li')].map((row) => row.getAttribute('data-meeting-id'))).toEqual(['m-new']);
    expect(text(panel(element, 'meetings'))).not.toContain('Đang tải…');
    http.verify();
  });
});
