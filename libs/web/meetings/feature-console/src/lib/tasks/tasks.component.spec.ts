import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MeetingErrorCode, type Role, type TaskDetailResponse } from '@ecabinet/shared/contracts';
import { setUpPage } from '../page-test-bed';
import { TaskPageComponent } from './task-page.component';
import { taskDetailFixture, taskFixture, taskUpdateFixture } from './task-test-bed';
import { TasksPageComponent } from './tasks-page.component';

const byTestId = (view: HTMLElement, id: string) => view.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const buttonNamed = (root: ParentNode, text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent?.trim().includes(text));

describe('the task pages', () => {
  let backend: HttpTestingController;

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  describe('the list', () => {
    async function openList(roles: Role[]): Promise<{ fixture: ComponentFixture<TasksPageComponent>; view: HTMLElement }> {
      backend = await setUpPage(roles);
      const fixture = TestBed.createComponent(TasksPageComponent);
      await fixture.whenStable();
      backend.expectOne('/api/organisations').flush([]);
      return { fixture, view: fixture.nativeElement as HTMLElement };
    }

    it("is a member's own tasks (mine=true), open ones first, with due dates day first and the standing of each", async () => {
      const { fixture, view } = await openList(['member']);
      const request = backend.expectOne((r) => r.url === '/api/tasks');
      expect(request.request.params.get('mine')).toBe('true');
      expect(request.request.params.get('filter')).toBe('open');
      request.flush({ items: [taskFixture({ timeliness: 'overdue', pending: 'extension', dueDate: '2026-11-30', originalDueDate: '2026-11-15' })], total: 1 });
      await fixture.whenStable();
      expect(view.querySelector('h1')?.textContent).toContain('Nhiệm vụ của tôi');
      const row = view.querySelector('[data-task="t-1"]') as HTMLElement;
      expect(row.textContent).toContain('Hạn 30/11/2026');
      expect(row.textContent).toContain('gia hạn từ 15/11/2026');
      expect(row.textContent).toContain('Quá hạn');
      expect(row.textContent).toContain('Chờ duyệt gia hạn');
      expect(row.querySelector('a')?.getAttribute('href')).toBe('/tasks/t-1');
      // A member neither assigns tasks nor filters by organisation.
      expect(byTestId(view, 'task-assign')).toBeNull();
      expect(byTestId(view, 'task-filter-organisation')).toBeNull();
    });

    it('lets the secretariat filter the whole board; a refusal to load is said, and retried', async () => {
      const { fixture, view } = await openList(['secretary']);
      const first = backend.expectOne((r) => r.url === '/api/tasks');
      expect(first.request.params.has('mine')).toBe(false);
      first.flush({ items: [], total: 0 });
      await fixture.whenStable();
      expect(view.textContent).toContain('Không có nhiệm vụ nào khớp bộ lọc.');
      expect(byTestId(view, 'task-assign')).not.toBeNull();

      (view.querySelector('mat-button-toggle[data-filter="overdue"] button') as HTMLButtonElement).click();
      await fixture.whenStable();
      const overdue = backend.expectOne((r) => r.url === '/api/tasks' && r.params.get('filter') === 'overdue');
      overdue.flush({ code: 'INTERNAL', message: 'x' }, { status: 500, statusText: 'Server Error' });
      await fixture.whenStable();
      expect(view.textContent).toContain('Không tải được nhiệm vụ');
      buttonNamed(view, 'Thử lại')?.click();
      await fixture.whenStable();
      backend.expectOne((r) => r.url === '/api/tasks' && r.params.get('filter') === 'overdue').flush({ items: [taskFixture({ timeliness: 'overdue' })], total: 1 });
      await fixture.whenStable();
      expect(byTestId(view, 'task-count')?.textContent).toContain('1 nhiệm vụ');
    });
  });

  it('lets the secretariat tick open tasks and remind of them at once, and says what was done with each', async () => {
    backend = await setUpPage(['secretary']);
    const fixture = TestBed.createComponent(TasksPageComponent);
    fixture.componentRef.setInput('filter', 'all');
    await fixture.whenStable();
    backend.expectOne('/api/organisations').flush([]);
    backend.expectOne((r) => r.url === '/api/tasks').flush({
      items: [taskFixture({ id: 't-1' }), taskFixture({ id: 't-2', title: 'Tổng kết' }), taskFixture({ id: 't-3', status: 'done', timeliness: 'done-on-time' })],
      total: 3,
    });
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    const remind = () => byTestId(view, 'task-remind') as HTMLButtonElement;
    expect(remind().disabled).toBe(true);
    // A done task has nothing to tick; "select all" takes the open ones of the page.
    expect(view.querySelector('[data-task="t-3"] mat-checkbox')).toBeNull();
    expect(view.querySelector('[data-task="t-2"] input[type="checkbox"]')?.getAttribute('aria-label')).toBe('Chọn nhiệm vụ: Tổng kết');
    (view.querySelector('[data-testid="task-select-all"] input') as HTMLInputElement).click();
    await fixture.whenStable();
    expect(view.textContent).toContain('Đã chọn 2');
    remind().click();
    const request = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/tasks/reminders');
    expect(request.request.body).toEqual({ taskIds: ['t-1', 't-2'] });
    request.flush({ reminded: ['t-1'], skipped: [{ taskId: 't-2', reason: 'already-reminded' }] });
    await fixture.whenStable();
    expect(byTestId(view, 'task-remind-outcome')?.textContent?.trim()).toBe('Đã nhắc 1 nhiệm vụ. Không nhắc: đã nhắc hôm nay (1).');
    expect(view.textContent).toContain('Đã chọn 0');
    expect(remind().disabled).toBe(true);
  });

  it('shows no ticks to a chair, who follows tasks but does not remind', async () => {
    backend = await setUpPage(['chair']);
    const fixture = TestBed.createComponent(TasksPageComponent);
    await fixture.whenStable();
    backend.expectOne('/api/organisations').flush([]);
    backend.expectOne((r) => r.url === '/api/tasks').flush({ items: [taskFixture()], total: 1 });
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    expect(view.querySelector('[data-task="t-1"]')).not.toBeNull();
    expect(byTestId(view, 'task-remind')).toBeNull();
    expect(view.querySelector('mat-checkbox')).toBeNull();
  });

  it('opens the task form with a closed ballot as the source when the ballot page sends the secretariat here', async () => {
    backend = await setUpPage(['secretary']);
    const fixture = TestBed.createComponent(TasksPageComponent);
    fixture.componentRef.setInput('assignFrom', 'ballot');
    fixture.componentRef.setInput('sourceId', 'b-1');
    await fixture.whenStable();
    backend.match('/api/organisations').forEach((r) => r.flush([]));
    backend.expectOne((r) => r.url === '/api/tasks').flush({ items: [], total: 0 });
    backend.expectOne('/api/ballots/b-1').flush({ id: 'b-1', title: 'Phiếu lấy ý kiến về dự thảo Nghị định', status: 'closed' });
    await fixture.whenStable();
    backend.match(() => true).forEach((r) => r.flush([]));
    await fixture.whenStable();
    const dialog = document.querySelector('ec-task-form-dialog') as HTMLElement;
    expect(dialog.textContent).toContain('Nguồn giao: Phiếu lấy ý kiến: Phiếu lấy ý kiến về dự thảo Nghị định');
  });

  it('exports the list as filtered on screen, in the language of the interface, and says so when it cannot', async () => {
    backend = await setUpPage(['secretary']);
    const fixture = TestBed.createComponent(TasksPageComponent);
    fixture.componentRef.setInput('filter', 'overdue');
    fixture.componentRef.setInput('organisationId', 'o-btc');
    await fixture.whenStable();
    backend.expectOne('/api/organisations').flush([]);
    backend.expectOne((r) => r.url === '/api/tasks' && r.params.get('filter') === 'overdue' && r.params.get('organisationId') === 'o-btc').flush({ items: [], total: 0 });
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    (byTestId(view, 'task-export-xlsx') as HTMLButtonElement).click();
    const request = backend.expectOne((r) => r.url === '/api/tasks/export');
    expect(request.request.params.keys().sort()).toEqual(['filter', 'format', 'lang', 'organisationId']);
    expect([request.request.params.get('format'), request.request.params.get('lang'), request.request.params.get('filter')]).toEqual(['xlsx', 'vi', 'overdue']);
    request.flush(new Blob(['{"code":"FORBIDDEN","message":"x"}']), { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(view.querySelector('[role="alert"]')).not.toBeNull();
  });

  describe('one task', () => {
    async function openTask(roles: Role[], task: TaskDetailResponse): Promise<{ fixture: ComponentFixture<TaskPageComponent>; view: HTMLElement }> {
      backend = await setUpPage(roles);
      const fixture = TestBed.createComponent(TaskPageComponent);
      fixture.componentRef.setInput('taskId', task.id);
      await fixture.whenStable();
      backend.expectOne(`/api/tasks/${task.id}`).flush(task);
      await fixture.whenStable();
      return { fixture, view: fixture.nativeElement as HTMLElement };
    }

    it('shows who, by when and from where, and offers no report form to whoever may not report', async () => {
      const { view } = await openTask(['member'], taskDetailFixture({ canReport: false }));
      expect(byTestId(view, 'task-lead-organisation')?.textContent).toContain('Bộ Tài chính (BTC)');
      expect(byTestId(view, 'task-due-date')?.textContent).toContain('31/12/2026');
      expect(byTestId(view, 'task-source')?.getAttribute('href')).toBe('/resolutions/r-1');
      expect(byTestId(view, 'task-report-text')).toBeNull();
      expect(view.textContent).toContain('Chưa có báo cáo nào.');
    });

    it('sends an extension request only for a later date, and shows the refusal of a second request plainly', async () => {
      const { fixture, view } = await openTask(['member'], taskDetailFixture({ canReport: true }));
      (view.querySelector('mat-button-toggle[data-kind="extension"] button') as HTMLButtonElement).click();
      await fixture.whenStable();
      const text = byTestId(view, 'task-report-text') as HTMLTextAreaElement;
      text.value = 'Cần lấy thêm ý kiến Bộ Tư pháp.';
      text.dispatchEvent(new Event('input'));
      const date = byTestId(view, 'task-requested-date') as HTMLInputElement;
      date.value = '2026-12-31';
      date.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      expect((byTestId(view, 'task-send') as HTMLButtonElement).disabled).toBe(true);
      date.value = '2027-01-15';
      date.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      (byTestId(view, 'task-send') as HTMLButtonElement).click();
      const sent = backend.expectOne({ method: 'POST', url: '/api/tasks/t-1/reports' });
      expect(sent.request.body).toEqual({ kind: 'extension', text: 'Cần lấy thêm ý kiến Bộ Tư pháp.', attachmentIds: [], requestedDueDate: '2027-01-15' });
      sent.flush({ code: MeetingErrorCode.TASK_REQUEST_PENDING, message: 'x' }, { status: 409, statusText: 'Conflict' });
      await fixture.whenStable();
      expect(byTestId(view, 'task-error')?.textContent).toContain('Đã có một đề nghị đang chờ');
      // What was typed is kept.
      expect((byTestId(view, 'task-report-text') as HTMLTextAreaElement).value).toBe('Cần lấy thêm ý kiến Bộ Tư pháp.');
    });

    it('keeps a report being written across a reload of the tab', async () => {
      const first = await openTask(['member'], taskDetailFixture({ canReport: true }));
      const text = byTestId(first.view, 'task-report-text') as HTMLTextAreaElement;
      text.value = 'Đang tổng hợp ý kiến.';
      text.dispatchEvent(new Event('input'));
      await first.fixture.whenStable();
      first.fixture.destroy();
      TestBed.resetTestingModule();
      backend = await setUpPage(['member'], { keepTab: true });
      const again = TestBed.createComponent(TaskPageComponent);
      again.componentRef.setInput('taskId', 't-1');
      await again.whenStable();
      backend.expectOne('/api/tasks/t-1').flush(taskDetailFixture({ canReport: true }));
      await again.whenStable();
      expect((byTestId(again.nativeElement as HTMLElement, 'task-report-text') as HTMLTextAreaElement).value).toBe('Đang tổng hợp ý kiến.');
    });

    it('lets the secretariat refuse a request with a reason', async () => {
      const pending = taskUpdateFixture({ id: 'up-2', kind: 'completion', state: 'pending', text: 'Đã hoàn thành.' });
      const { fixture, view } = await openTask(['secretary'], taskDetailFixture({ canDecide: true, pending: 'completion', updates: [pending] }));
      const note = view.querySelector('li[data-update="up-2"] input') as HTMLInputElement;
      note.value = 'Chưa kèm văn bản kết quả.';
      note.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      (byTestId(view, 'task-refuse') as HTMLButtonElement).click();
      const refusal = backend.expectOne({ method: 'POST', url: '/api/tasks/t-1/reports/up-2/decision' });
      expect(refusal.request.body).toEqual({ accept: false, note: 'Chưa kèm văn bản kết quả.' });
      refusal.flush(taskDetailFixture({ canDecide: true, updates: [{ ...pending, state: 'refused', decisionNote: 'Chưa kèm văn bản kết quả.', decidedBy: { id: 'u-1', fullName: 'Người dùng' }, decidedAt: '2026-12-06T05:00:00.000Z' }] }));
      await fixture.whenStable();
      expect(view.querySelector('li[data-update="up-2"]')?.textContent).toContain('Đã từ chối');
      expect(byTestId(view, 'task-accept')).toBeNull();
    });

    it('asks before accepting a completion, and sends nothing when the secretariat cancels', async () => {
      const pending = taskUpdateFixture({ id: 'up-3', kind: 'completion', state: 'pending' });
      const { fixture, view } = await openTask(['secretary'], taskDetailFixture({ canDecide: true, pending: 'completion', updates: [pending] }));
      (byTestId(view, 'task-accept') as HTMLButtonElement).click();
      await fixture.whenStable();
      const dialog = document.querySelector<HTMLElement>('ec-confirm-dialog') as HTMLElement;
      expect(dialog.textContent).toContain('Xác nhận hoàn thành?');
      buttonNamed(dialog, 'Hủy')?.click();
      await fixture.whenStable();
      backend.expectNone({ method: 'POST', url: '/api/tasks/t-1/reports/up-3/decision' });
    });
  });
});
