import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSelectHarness } from '@angular/material/select/testing';
import { Router, provideRouter } from '@angular/router';
import type { MeetingParticipantChoice, MeetingResponse } from '@ecabinet/shared/contracts';
import { authInterceptor } from '@ecabinet/web/identity/data-access';
import { MeetingEditorPageComponent } from './meeting-editor-page.component';

const CHOICES: MeetingParticipantChoice[] = [
  { id: 'u-chair', fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ', roles: ['chair', 'member'], organisationId: null },
  { id: 'u-huy', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính', roles: ['member'], organisationId: null },
  { id: 'u-lan', fullName: 'Phạm Thị Lan', title: 'Bộ trưởng Bộ Y tế', roles: ['member'], organisationId: null },
  { id: 'u-tuan', fullName: 'Đỗ Minh Tuấn', title: 'Thứ trưởng Bộ Tài chính', roles: ['delegate'], organisationId: null },
  { id: 'u-sec', fullName: 'Trần Thu Hà', title: 'Chuyên viên Văn phòng Chính phủ', roles: ['secretary'], organisationId: null },
];

function meeting(overrides: Partial<MeetingResponse> = {}): MeetingResponse {
  return {
    id: 'm-1',
    title: 'Phiên họp Chính phủ thường kỳ tháng 12 năm 2026',
    kind: 'regular',
    place: 'Phòng họp A, Trụ sở Chính phủ',
    onlineLink: null,
    startsAt: '2026-12-10T01:00:00.000Z',
    endsAt: '2026-12-10T10:00:00.000Z',
    status: 'draft',
    myRole: null,
    itemCount: 0,
    version: 3,
    agendaVersion: 1,
    quorumNumerator: 2,
    quorumDenominator: 3,
    voteRule: 'majority_of_all',
    delegatesMayVote: false,
    participants: [{ userId: 'u-huy', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính', role: 'member', delegateForUserId: null, attendance: 'unknown' }],
    quorum: { members: 1, present: 0, required: 1, reached: false },
    currentItemId: null,
    adoptedWithoutDebateAt: null,
    ...overrides,
  };
}

describe('MeetingEditorPageComponent', () => {
  let fixture: ComponentFixture<MeetingEditorPageComponent>;
  let backend: HttpTestingController;
  let navigate: jest.SpyInstance;

  async function open(meetingId?: string): Promise<HTMLElement> {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(MeetingEditorPageComponent);
    if (meetingId) fixture.componentRef.setInput('meetingId', meetingId);
    await fixture.whenStable();
    backend.expectOne('/api/meetings/participant-choices').flush(CHOICES);
    if (meetingId) backend.expectOne(`/api/meetings/${meetingId}`).flush(meeting());
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  function fill(view: HTMLElement, testId: string, value: string): void {
    const field = view.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
    if (!field) throw new Error(`no field ${testId}`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  async function submit(view: HTMLElement): Promise<void> {
    view.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  const select = (selector: string) => TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector }));
  const selects = (selector: string) => TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatSelectHarness.with({ selector }));
  const text = (view: HTMLElement) => view.textContent?.replace(/\s+/g, ' ') ?? '';

  it('says the times are Hanoi time and sends what was typed as Hanoi wall-clock time (08:00 → 01:00 UTC), then lands in the console', async () => {
    const view = await open();
    expect(text(view)).toContain('Giờ Hà Nội (UTC+7)');
    fill(view, 'meeting-title', '  Phiên họp chuyên đề về xây dựng pháp luật  ');
    fill(view, 'meeting-place', 'Phòng họp B');
    fill(view, 'meeting-starts', '2026-12-15T08:00');
    fill(view, 'meeting-ends', '2026-12-15T11:30');
    await (await select('[data-testid="meeting-kind"]')).clickOptions({ text: 'Phiên họp chuyên đề' });
    await submit(view);

    const create = backend.expectOne({ method: 'POST', url: '/api/meetings' });
    expect(create.request.body).toEqual({
      title: 'Phiên họp chuyên đề về xây dựng pháp luật',
      kind: 'thematic',
      place: 'Phòng họp B',
      startsAt: '2026-12-15T01:00:00.000Z',
      endsAt: '2026-12-15T04:30:00.000Z',
      quorumNumerator: 2,
      quorumDenominator: 3,
      voteRule: 'majority_of_all',
      delegatesMayVote: false,
      // Five minutes per speaker unless changed: the room screen counts down from it.
      speakingLimitMinutes: 5,
    });
    create.flush(meeting({ id: 'm-new', title: 'Phiên họp chuyên đề về xây dựng pháp luật', participants: [] }));
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/meetings', 'm-new', 'console']);
  });

  it('refuses a blank title, an end before the start, a link that is not a web address and a quorum above 1, and sends nothing', async () => {
    const view = await open();
    fill(view, 'meeting-title', '   ');
    fill(view, 'meeting-starts', '2026-12-15T14:00');
    fill(view, 'meeting-ends', '2026-12-15T09:00');
    fill(view, 'meeting-link', 'phong-hop-truc-tuyen');
    fill(view, 'meeting-quorum-numerator', '4');
    await submit(view);
    const shown = text(view);
    expect(shown).toContain('Bắt buộc nhập.');
    expect(shown).toContain('Giờ kết thúc phải sau giờ bắt đầu.');
    expect(shown).toContain('Đường dẫn phải bắt đầu bằng https:// hoặc http://');
    expect(shown).toContain('Tử số từ 1 đến 100 và không lớn hơn mẫu số.');
    expect(view.querySelector('[data-testid="meeting-error"]')?.textContent).toContain('Vui lòng sửa các mục được đánh dấu.');
    backend.expectNone('/api/meetings');
  });

  it('sets participants with roles; a delegate must name the member he stands in for before anything is sent', async () => {
    const view = await open();
    fill(view, 'meeting-title', 'Phiên họp thường kỳ');
    view.querySelector<HTMLButtonElement>('[data-testid="participants-add-members"]')?.click();
    await fixture.whenStable();
    expect([...view.querySelectorAll('[data-participant]')].map((row) => row.getAttribute('data-participant'))).toEqual(['Nguyễn Văn Minh', 'Lê Quang Huy', 'Phạm Thị Lan']);
    expect(await (await selects('[data-testid="participant-role"]'))[0].getValueText()).toBe('Chủ tọa');

    await (await select('[data-testid="participant-add"]')).clickOptions({ text: /Đỗ Minh Tuấn/ });
    expect(await (await selects('[data-testid="participant-role"]'))[3].getValueText()).toBe('Người dự thay');
    await submit(view);
    expect(text(view)).toContain('Chọn thành viên mà người này dự thay.');
    backend.expectNone('/api/meetings');

    await (await select('[data-testid="participant-delegate-for"]')).clickOptions({ text: 'Lê Quang Huy' });
    await (await select('[data-testid="participant-add"]')).clickOptions({ text: /Trần Thu Hà/ });
    view.querySelector<HTMLInputElement>('[data-testid="meeting-delegates-vote"] input')?.click();
    await submit(view);
    const create = backend.expectOne({ method: 'POST', url: '/api/meetings' });
    expect(create.request.body.delegatesMayVote).toBe(true);
    create.flush(meeting({ id: 'm-new', participants: [] }));
    await fixture.whenStable();
    const put = backend.expectOne({ method: 'PUT', url: '/api/meetings/m-new/participants' });
    expect(put.request.body).toEqual({
      participants: [
        { userId: 'u-chair', role: 'chair' },
        { userId: 'u-huy', role: 'member' },
        { userId: 'u-lan', role: 'member' },
        { userId: 'u-tuan', role: 'delegate', delegateForUserId: 'u-huy' },
        { userId: 'u-sec', role: 'secretary' },
      ],
    });
    put.flush(meeting({ id: 'm-new' }));
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/meetings', 'm-new', 'console']);
  });

  it('edits with the version it read; on a 409 keeps what was typed, says why, and loads the current version only when asked', async () => {
    const view = await open('m-1');
    const title = () => view.querySelector<HTMLInputElement>('[data-testid="meeting-title"]')?.value;
    expect(title()).toBe('Phiên họp Chính phủ thường kỳ tháng 12 năm 2026');
    expect(view.querySelector<HTMLInputElement>('[data-testid="meeting-starts"]')?.value).toBe('2026-12-10T08:00');
    fill(view, 'meeting-title', 'Phiên họp Chính phủ thường kỳ tháng 12 (sửa)');
    await submit(view);

    const patch = backend.expectOne({ method: 'PATCH', url: '/api/meetings/m-1' });
    expect(patch.request.body).toMatchObject({ version: 3, title: 'Phiên họp Chính phủ thường kỳ tháng 12 (sửa)', startsAt: '2026-12-10T01:00:00.000Z' });
    const current = meeting({ version: 4, title: 'Tên do người khác sửa', place: 'Phòng họp C' });
    patch.flush({ statusCode: 409, code: 'STALE_VERSION', message: 'stale', details: { current }, correlationId: 'c-1' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(view.querySelector('[data-testid="meeting-error"]')?.textContent).toContain('Phiên họp vừa được người khác sửa nên thay đổi của bạn chưa được lưu.');
    expect(title()).toBe('Phiên họp Chính phủ thường kỳ tháng 12 (sửa)');
    expect(navigate).not.toHaveBeenCalled();
    backend.expectNone('/api/meetings/m-1/participants');

    view.querySelector<HTMLButtonElement>('[data-testid="meeting-load-current"]')?.click();
    await fixture.whenStable();
    expect(title()).toBe('Tên do người khác sửa');
    expect(view.querySelector('[data-testid="meeting-error"]')).toBeNull();
    await submit(view);
    const again = backend.expectOne({ method: 'PATCH', url: '/api/meetings/m-1' });
    expect(again.request.body.version).toBe(4);
    again.flush(current);
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/meetings', 'm-1', 'console']);
  });
});
