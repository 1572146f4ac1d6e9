import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MeetingErrorCode, type ResolutionResponse, type Role } from '@ecabinet/shared/contracts';
import { setUpPage } from '../page-test-bed';
import { ResolutionPageComponent } from './resolution-page.component';
import { ResolutionsPageComponent } from './resolutions-page.component';
import { taskFixture } from '../tasks/task-test-bed';

const draft: ResolutionResponse = {
  id: 'r-1',
  meetingId: 'm-1',
  meetingTitle: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026',
  status: 'draft',
  version: 1,
  title: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026',
  sections: [
    { itemId: 'i-1', heading: 'Dự án Luật Ngân sách nhà nước', text: 'Thông qua dự án Luật.' },
    { itemId: 'i-2', heading: 'Giá điện', text: 'Giao Bộ Công Thương hoàn thiện.' },
  ],
  number: null,
  createdBy: { id: 'u-s', fullName: 'Trần Thị Thu Hà' },
  updatedAt: '2026-12-06T03:00:00.000Z',
  issuedBy: null,
  issuedAt: null,
  pdfSha256: null,
};
const issued: ResolutionResponse = { ...draft, status: 'issued', version: 2, number: '12/NQ-CP', issuedBy: { id: 'u-c', fullName: 'Nguyễn Văn Minh' }, issuedAt: '2026-12-06T04:00:00.000Z', pdfSha256: 'b'.repeat(64) };

describe('the resolution pages', () => {
  let backend: HttpTestingController;

  async function setUp(roles: Role[]): Promise<void> {
    backend = await setUpPage(roles);
  }

  async function openResolution(roles: Role[], resolution: ResolutionResponse): Promise<{ fixture: ComponentFixture<ResolutionPageComponent>; view: HTMLElement }> {
    await setUp(roles);
    const fixture = TestBed.createComponent(ResolutionPageComponent);
    fixture.componentRef.setInput('resolutionId', resolution.id);
    await fixture.whenStable();
    backend.expectOne(`/api/resolutions/${resolution.id}`).flush(resolution);
    await fixture.whenStable();
    return { fixture, view: fixture.nativeElement as HTMLElement };
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const byTestId = (view: HTMLElement, id: string) => view.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const type = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };

  it('lets the secretariat edit, reorder and add sections, saved on the version read; a blank heading cannot be saved', async () => {
    const { fixture, view } = await openResolution(['secretary'], draft);
    expect(byTestId(view, 'resolution-issue')).toBeNull();
    const headings = () => [...view.querySelectorAll<HTMLInputElement>('[data-section] input')];
    // Section 2 goes first.
    view.querySelector<HTMLButtonElement>('button[aria-label="Đưa mục 2 lên"]')?.click();
    (byTestId(view, 'resolution-add') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(headings().map((input) => input.value)).toEqual(['Giá điện', 'Dự án Luật Ngân sách nhà nước', '']);
    expect((byTestId(view, 'resolution-save') as HTMLButtonElement).disabled).toBe(true);
    type(headings()[2] as HTMLInputElement, 'Tổ chức thực hiện');
    await fixture.whenStable();
    (byTestId(view, 'resolution-save') as HTMLButtonElement).click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/resolutions/r-1' });
    expect(put.request.body).toEqual({
      version: 1,
      title: draft.title,
      sections: [draft.sections[1], draft.sections[0], { itemId: null, heading: 'Tổ chức thực hiện', text: '' }],
    });
    put.flush({ statusCode: 409, code: MeetingErrorCode.STALE_VERSION, message: 'stale' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(byTestId(view, 'resolution-error')?.textContent).toContain('Người khác vừa lưu nghị quyết này');
  });

  it('lets the chair issue after confirming; the issued resolution is read-only with its number', async () => {
    const { fixture, view } = await openResolution(['chair', 'member'], draft);
    expect(byTestId(view, 'resolution-save')).toBeNull();
    (byTestId(view, 'resolution-issue') as HTMLButtonElement).click();
    await fixture.whenStable();
    const dialog = document.querySelector<HTMLElement>('ec-confirm-dialog');
    expect(dialog?.textContent).toContain('công khai ngay trong hệ thống');
    [...(dialog?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => button.textContent?.trim() === 'Ban hành nghị quyết')?.click();
    await fixture.whenStable();
    const request = backend.expectOne({ method: 'POST', url: '/api/resolutions/r-1/issue' });
    expect(request.request.body).toEqual({ version: 1 });
    request.flush(issued);
    await fixture.whenStable();
    expect(byTestId(view, 'resolution-status')?.textContent).toContain('Đã ban hành · Số 12/NQ-CP');
    expect(view.querySelector('input, textarea')).toBeNull();
    expect(view.textContent).toContain('1. Dự án Luật Ngân sách nhà nước');
    // Issued, it lists the tasks it assigned (the other half of their link); only the secretariat assigns.
    const tasks = backend.expectOne((r) => r.url === '/api/tasks' && r.params.get('sourceType') === 'resolution' && r.params.get('sourceId') === 'r-1');
    tasks.flush({ items: [taskFixture({ timeliness: 'overdue' })], total: 1 });
    await fixture.whenStable();
    const listed = view.querySelector('[data-task="t-1"]');
    expect(listed?.getAttribute('href')).toBe('/tasks/t-1');
    expect(listed?.textContent).toContain('BTC · Hạn 31/12/2026');
    expect(listed?.textContent).toContain('Quá hạn');
    expect(byTestId(view, 'resolution-assign')).toBeNull();
  });

  it('lists issued resolutions with their numbers, and says so when there are none', async () => {
    await setUp(['member']);
    const fixture = TestBed.createComponent(ResolutionsPageComponent);
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/resolutions' && r.params.get('offset') === '0').flush({ items: [issued], total: 1 });
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    expect(view.querySelector('[data-resolution="r-1"]')?.textContent).toContain('Số 12/NQ-CP');
    expect(view.querySelector('[data-resolution="r-1"] a')?.getAttribute('href')).toBe('/resolutions/r-1');
    fixture.destroy();
    TestBed.resetTestingModule();
    await setUp(['member']);
    const empty = TestBed.createComponent(ResolutionsPageComponent);
    await empty.whenStable();
    backend.expectOne((r) => r.url === '/api/resolutions').flush({ items: [], total: 0 });
    await empty.whenStable();
    expect((empty.nativeElement as HTMLElement).textContent).toContain('Chưa có nghị quyết nào.');
  });
});
