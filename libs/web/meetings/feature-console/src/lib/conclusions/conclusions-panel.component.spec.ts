import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { type ConclusionVersionResponse, MeetingErrorCode } from '@ecabinet/shared/contracts';
import { MeetingAnnouncer } from '@ecabinet/web/meetings/data-access';
import { MEETING_ID, agendaItem, signInForTest } from '@ecabinet/web/meetings/data-access/testing';
import { provideRouter } from '@angular/router';
import { ConclusionsPanelComponent } from './conclusions-panel.component';

const budget = agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước', status: 'done', conclusionPending: true });
const power = agendaItem({ id: 'power', number: '2', title: 'Phương án điều chỉnh giá điện' });
const withdrawn = agendaItem({ id: 'gone', number: '3', title: 'Nội dung đã rút', status: 'withdrawn' });
const ha = { id: 'u-secretary', fullName: 'Trần Thị Thu Hà' };
const minh = { id: 'u-chair', fullName: 'Nguyễn Văn Minh' };

function version(overrides: Partial<ConclusionVersionResponse> & { version: number }): ConclusionVersionResponse {
  return { itemId: 'budget', text: '', draftedBy: ha, draftedAt: '2026-12-04T03:00:00.000Z', status: 'draft', approvedBy: null, approvedAt: null, ...overrides };
}
const VERSIONS = [
  version({ version: 1, text: 'Cơ bản thống nhất.', status: 'approved', approvedBy: minh, approvedAt: '2026-12-04T03:05:00.000Z' }),
  version({ version: 2, text: 'Thống nhất thông qua; giao Bộ Tài chính hoàn thiện.' }),
];

describe('ConclusionsPanelComponent', () => {
  let fixture: ComponentFixture<ConclusionsPanelComponent>;
  let backend: HttpTestingController;
  let say: jest.Mock;
  const url = `/api/meetings/${MEETING_ID}`;

  async function open(isChair: boolean, writable = true, signedInAs: ('secretary' | 'chair')[] = []): Promise<HTMLElement> {
    localStorage.clear();
    say = jest.fn();
    TestBed.configureTestingModule({
      imports: [ConclusionsPanelComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MeetingAnnouncer, useValue: { say } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    if (signedInAs.length) await signInForTest({ id: 'u-secretary', fullName: 'Trần Thị Thu Hà', roles: signedInAs });
    fixture = TestBed.createComponent(ConclusionsPanelComponent);
    fixture.componentRef.setInput('meetingId', MEETING_ID);
    fixture.componentRef.setInput('agenda', [budget, power, withdrawn]);
    fixture.componentRef.setInput('isChair', isChair);
    fixture.componentRef.setInput('writable', writable);
    await fixture.whenStable();
    backend.expectOne(`${url}/conclusions`).flush(VERSIONS);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => backend.verify());

  const button = (view: HTMLElement, label: string) => [...view.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent)?.includes(label)) as HTMLButtonElement;

  it('reads the conclusions again when an item changes live, not when an agenda event hands over the same items', async () => {
    await open(false);
    fixture.componentRef.setInput('agenda', [budget, power, withdrawn].map((item) => ({ ...item })));
    await fixture.whenStable();
    backend.expectNone(`${url}/conclusions`);
    // Another secretary drafts a third version: the item's version moves on, so the versions are read again.
    fixture.componentRef.setInput('agenda', [{ ...budget, version: budget.version + 1 }, power, withdrawn]);
    await fixture.whenStable();
    backend.expectOne(`${url}/conclusions`).flush(VERSIONS);
  });

  it('shows the approved text, the draft waiting, and the history; the chair approves the newest draft', async () => {
    const view = await open(true);
    const item = view.querySelector('[data-conclusion-item="budget"]') as HTMLElement;
    expect(item.textContent).toContain('Chờ Chủ tọa duyệt');
    expect(item.textContent).toContain('Cơ bản thống nhất.');
    expect(item.querySelector('[data-testid="conclusion-draft"]')?.textContent).toContain('Dự thảo phiên bản 2');
    expect(item.textContent).toContain('Lịch sử (2 phiên bản)');
    expect(view.querySelector('[data-conclusion-item="power"]')?.textContent).toContain('Chưa có kết luận');
    expect(view.querySelector('[data-conclusion-item="gone"]')).toBeNull();
    // Tasks are the secretariat's to assign.
    expect(view.querySelector('[data-testid="conclusion-assign"]')).toBeNull();

    button(view, 'Duyệt kết luận nội dung 1, phiên bản 2').click();
    const request = backend.expectOne({ method: 'POST', url: `${url}/agenda/budget/conclusions/approve` });
    expect(request.request.body).toEqual({ version: 2 });
    request.flush({ ...VERSIONS[1], status: 'approved', approvedBy: minh, approvedAt: '2026-12-04T03:10:00.000Z' });
    await fixture.whenStable();
    expect(say).toHaveBeenCalledWith(expect.stringContaining('Đã duyệt kết luận nội dung 1'));
    backend.expectOne(`${url}/conclusions`).flush([{ ...VERSIONS[0], status: 'superseded' }, { ...VERSIONS[1], status: 'approved', approvedBy: minh, approvedAt: '2026-12-04T03:10:00.000Z' }]);
    await fixture.whenStable();
    expect(item.textContent).toContain('Đã duyệt');
    expect(item.querySelector('[data-testid="conclusion-draft"]')).toBeNull();
  });

  it('offers the secretariat no approval; a save builds on the newest version, and a stale one keeps what was typed', async () => {
    const view = await open(false);
    expect(button(view, 'Duyệt kết luận nội dung 1')).toBeUndefined();
    button(view, 'Sửa kết luận nội dung 1').click();
    await fixture.whenStable();
    const textarea = view.querySelector('textarea') as HTMLTextAreaElement;
    // The editor starts from the newest version.
    expect(textarea.value).toBe('Thống nhất thông qua; giao Bộ Tài chính hoàn thiện.');
    textarea.value = 'Thống nhất thông qua; giao Bộ Tài chính hoàn thiện trước ngày 15/12.';
    textarea.dispatchEvent(new Event('input'));
    view.querySelector('form')?.dispatchEvent(new Event('submit'));
    const stale = backend.expectOne({ method: 'POST', url: `${url}/agenda/budget/conclusions` });
    expect(stale.request.body).toEqual({ text: 'Thống nhất thông qua; giao Bộ Tài chính hoàn thiện trước ngày 15/12.', basedOnVersion: 2 });
    const theirs = version({ version: 3, text: 'Bản của người khác.', draftedBy: { id: 'u-2', fullName: 'Lê Văn Tâm' } });
    stale.flush({ statusCode: 409, code: MeetingErrorCode.STALE_VERSION, message: 'stale', details: { versions: [...VERSIONS, theirs] } }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(view.querySelector('[data-testid="conclusion-error"]')?.textContent).toContain('Người khác vừa lưu một phiên bản mới hơn');
    expect(view.querySelector('[data-testid="conclusion-draft"]')?.textContent).toContain('Bản của người khác.');
    expect((view.querySelector('textarea') as HTMLTextAreaElement).value).toContain('trước ngày 15/12');

    // Saved again on top of the version now shown.
    view.querySelector('form')?.dispatchEvent(new Event('submit'));
    const retry = backend.expectOne({ method: 'POST', url: `${url}/agenda/budget/conclusions` });
    expect(retry.request.body.basedOnVersion).toBe(3);
    retry.flush(version({ version: 4, text: retry.request.body.text }));
    await fixture.whenStable();
    backend.expectOne(`${url}/conclusions`).flush([...VERSIONS, theirs, version({ version: 4, text: 'x' })]);
    expect(say).toHaveBeenCalledWith(expect.stringContaining('chờ Chủ tọa duyệt'));
    expect(view.querySelector('textarea')).toBeNull();
  });

  it('before the session says why nothing can be written, and offers no editor', async () => {
    const view = await open(false, false);
    expect(view.textContent).toContain('Kết luận được soạn khi phiên họp đang diễn ra hoặc sau khi phiên họp kết thúc.');
    expect(button(view, 'Sửa kết luận')).toBeUndefined();
  });

  it("lets the secretariat assign a task from an approved conclusion, worded after it", async () => {
    const view = await open(false, true, ['secretary']);
    const assign = view.querySelector('[data-conclusion-item="budget"] [data-testid="conclusion-assign"]') as HTMLButtonElement;
    expect(assign.getAttribute('aria-label')).toBe('Giao nhiệm vụ theo kết luận nội dung 1');
    expect(view.querySelector('[data-conclusion-item="power"] [data-testid="conclusion-assign"]')).toBeNull();
    assign.click();
    await fixture.whenStable();
    backend.expectOne('/api/organisations').flush([]);
    backend.expectOne('/api/meetings/participant-choices').flush([]);
    await fixture.whenStable();
    const dialog = document.querySelector('ec-task-form-dialog') as HTMLElement;
    expect(dialog.textContent).toContain('Nguồn giao: Kết luận: Dự án Luật Ngân sách nhà nước');
    expect((dialog.querySelector('[data-testid="task-title"]') as HTMLTextAreaElement).value).toBe('Cơ bản thống nhất.');
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });
});
