import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MeetingErrorCode, type MeetingRole, type MinutesResponse, type Role } from '@ecabinet/shared/contracts';
import { MEETING_ID, meetingResponse } from '@ecabinet/web/meetings/data-access/testing';
import { setUpPage } from '../page-test-bed';
import { MinutesPageComponent } from './minutes-page.component';

const draft: MinutesResponse = {
  meetingId: MEETING_ID,
  status: 'draft',
  version: 1,
  number: null,
  record: {
    meeting: { id: MEETING_ID, title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026', kind: 'regular', place: 'Phòng họp A', startsAt: '2026-12-13T01:00:00.000Z', endsAt: null },
    chair: 'Nguyễn Văn Minh',
    secretary: 'Trần Thị Thu Hà',
    attendance: [
      { fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ', role: 'chair', attendance: 'in_room', delegateFor: null },
      { fullName: 'Ngô Thanh Sơn', title: null, role: 'member', attendance: 'remote', delegateFor: null },
      { fullName: 'Trần Thị Thu Hà', title: null, role: 'secretary', attendance: 'unknown', delegateFor: null },
    ],
    quorum: { members: 2, present: 2, required: 2, reached: true },
    items: [
      {
        itemId: 'budget',
        number: '1',
        title: 'Dự án Luật Ngân sách nhà nước',
        presenter: 'Bộ Tài chính',
        status: 'done',
        adoptedWithoutDebate: false,
        excluded: [],
        positions: { noObjection: 1, objection: 1, wishToSpeak: 0 },
        speakers: ['Ngô Thanh Sơn'],
        votes: [{ question: 'Thông qua?', secret: true, agree: 2, disagree: 0, abstain: 0, eligible: 2, passed: true, names: null }],
        conclusion: 'Thống nhất thông qua.',
      },
    ],
  },
  prose: { opening: 'Phiên họp bắt đầu lúc 08 giờ 00.', items: {}, closing: '' },
  updatedBy: { id: 'u-secretary', fullName: 'Trần Thị Thu Hà' },
  updatedAt: '2026-12-13T05:00:00.000Z',
  approvedBy: null,
  approvedAt: null,
  pdfSha256: null,
  conclusionsPending: 0,
};

describe('MinutesPageComponent', () => {
  let fixture: ComponentFixture<MinutesPageComponent>;
  let backend: HttpTestingController;
  const url = `/api/meetings/${MEETING_ID}/minutes`;

  async function open(roles: Role[], myRole: MeetingRole | null, minutes: MinutesResponse | { error: string; status: number }, keepTab = false): Promise<HTMLElement> {
    backend = await setUpPage(roles, { keepTab });
    fixture = TestBed.createComponent(MinutesPageComponent);
    fixture.componentRef.setInput('meetingId', MEETING_ID);
    await fixture.whenStable();
    backend.match(`/api/meetings/${MEETING_ID}`).forEach((request) => request.flush(meetingResponse({ status: 'closed', myRole })));
    const request = backend.expectOne(url);
    if ('error' in minutes) request.flush({ statusCode: minutes.status, code: minutes.error, message: 'x' }, { status: minutes.status, statusText: 'x' });
    else request.flush(minutes);
    backend.match(`/api/meetings/${MEETING_ID}`).forEach((r) => r.flush(meetingResponse({ status: 'closed', myRole })));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const byTestId = (view: HTMLElement, id: string) => view.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  it('shows the facts as they are and lets the secretariat write the prose, saved on the version it read', async () => {
    const view = await open(['secretary'], 'secretary', draft);
    expect(view.textContent).toContain('Họp trực tuyến (1)');
    expect(view.textContent).toContain('Biểu quyết kín "Thông qua?"');
    expect(view.textContent).toContain('Kết luận của Chủ tọa: Thống nhất thông qua.');
    expect(byTestId(view, 'minutes-approve')).toBeNull();
    const save = byTestId(view, 'minutes-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    const opening = byTestId(view, 'minutes-opening') as HTMLTextAreaElement;
    opening.value = 'Phiên họp bắt đầu lúc 08 giờ 00, ngày 13/12/2026.';
    opening.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(save.disabled).toBe(false);
    save.click();
    const put = backend.expectOne({ method: 'PUT', url });
    expect(put.request.body).toEqual({ version: 1, prose: { opening: 'Phiên họp bắt đầu lúc 08 giờ 00, ngày 13/12/2026.', items: {}, closing: '' } });
    // Someone saved first: the text typed stays, and the user is told.
    put.flush({ statusCode: 409, code: MeetingErrorCode.STALE_VERSION, message: 'stale' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(byTestId(view, 'minutes-stale')?.textContent).toContain('Người khác vừa lưu biên bản');
    expect((byTestId(view, 'minutes-opening') as HTMLTextAreaElement).value).toContain('ngày 13/12/2026');

    // The tab is reloaded (or the browser crashed): the unsaved text comes back, marked unsaved.
    fixture.destroy();
    backend.verify();
    TestBed.resetTestingModule();
    const again = await open(['secretary'], 'secretary', draft, true);
    expect(byTestId(again, 'minutes-restored')?.textContent).toContain('Đã khôi phục nội dung chưa lưu');
    expect((byTestId(again, 'minutes-opening') as HTMLTextAreaElement).value).toContain('ngày 13/12/2026');
    expect((byTestId(again, 'minutes-save') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lets the chair approve only after confirming, and then shows the minutes read-only with their number', async () => {
    const view = await open(['chair', 'member'], 'chair', draft);
    (byTestId(view, 'minutes-approve') as HTMLButtonElement).click();
    await fixture.whenStable();
    const dialog = document.querySelector<HTMLElement>('ec-confirm-dialog');
    expect(dialog?.textContent).toContain('không thể thay đổi');
    [...(dialog?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === 'Duyệt biên bản')?.click();
    await fixture.whenStable();
    const approve = backend.expectOne({ method: 'POST', url: `${url}/approve` });
    expect(approve.request.body).toEqual({ version: 1 });
    approve.flush({ ...draft, status: 'approved', version: 2, number: '07/BB-CP', approvedBy: { id: 'u-1', fullName: 'Nguyễn Văn Minh' }, approvedAt: '2026-12-13T06:00:00.000Z', pdfSha256: 'a'.repeat(64) });
    await fixture.whenStable();
    expect(byTestId(view, 'minutes-status')?.textContent).toContain('Đã duyệt · Số 07/BB-CP');
    expect(view.querySelector('textarea')).toBeNull();
    expect(byTestId(view, 'minutes-approved-by')?.textContent).toContain('a'.repeat(64));
  });

  it('tells a member plainly when there are no approved minutes yet', async () => {
    const view = await open(['member'], 'member', { error: MeetingErrorCode.MINUTES_NOT_FOUND, status: 404 });
    expect(view.querySelector('[role="heading"]')?.textContent).toContain('Chưa có biên bản');
    expect(view.textContent).toContain('Phiên họp này chưa có biên bản.');
  });
});
