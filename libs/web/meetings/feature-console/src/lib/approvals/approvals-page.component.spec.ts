import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ApprovalQueueResponse } from '@ecabinet/shared/contracts';
import { setUpPage } from '../page-test-bed';
import { ApprovalsPageComponent } from './approvals-page.component';

const queue: ApprovalQueueResponse = {
  conclusions: [
    {
      meetingId: 'm-1',
      meetingTitle: 'Phiên họp Chính phủ thường kỳ',
      itemId: 'i-1',
      itemTitle: 'Dự thảo Nghị định về giá điện',
      version: 2,
      text: 'Giao Bộ Công Thương hoàn thiện.',
      draftedBy: { id: 'u-s', fullName: 'Trần Thị Thu Hà' },
      draftedAt: '2026-12-06T03:00:00.000Z',
    },
  ],
  minutes: [{ meetingId: 'm-0', meetingTitle: 'Phiên họp tháng 11', version: 0, updatedAt: null }],
  resolutions: [],
  ballots: [{ id: 'b-1', title: 'Lấy ý kiến về dự án Luật', deadline: '2026-12-10T10:00:00.000Z' }],
  total: 3,
};

describe('ApprovalsPageComponent', () => {
  let backend: HttpTestingController;
  afterEach(() => backend.verify());

  it('approves a conclusion with its text in view, and links the rest to where they are approved', async () => {
    backend = await setUpPage(['chair', 'member']);
    const fixture = TestBed.createComponent(ApprovalsPageComponent);
    await fixture.whenStable();
    backend.expectOne('/api/approvals').flush(queue);
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    const row = view.querySelector('[data-conclusion="i-1"]') as HTMLElement;
    expect(row.textContent).toContain('Giao Bộ Công Thương hoàn thiện.');
    expect(view.querySelector('[data-minutes="m-0"] a')?.getAttribute('href')).toBe('/meetings/m-0/minutes');
    expect(view.querySelector('[data-ballot="b-1"] a')?.getAttribute('href')).toBe('/ballot-desk/b-1');
    (row.querySelector('button') as HTMLButtonElement).click();
    const approve = backend.expectOne({ method: 'POST', url: '/api/meetings/m-1/agenda/i-1/conclusions/approve' });
    expect(approve.request.body).toEqual({ version: 2 });
    approve.flush({});
    await fixture.whenStable();
    backend.expectOne('/api/approvals').flush({ conclusions: [], minutes: [], resolutions: [], ballots: [], total: 0 });
    await fixture.whenStable();
    expect(view.textContent).toContain('Đã duyệt kết luận "Dự thảo Nghị định về giá điện"');
    expect(view.textContent).toContain('Không có việc nào chờ duyệt.');
  });
});
