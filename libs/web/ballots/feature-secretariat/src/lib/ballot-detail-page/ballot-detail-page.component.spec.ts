import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import type { BallotResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { BallotDetailPageComponent } from './ballot-detail-page.component';

const NOW = Date.now();
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function ballotWith(changes: Partial<BallotResponse>): BallotResponse {
  return {
    id: 'b-1',
    title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
    summary: 'Tóm tắt',
    questions: [{ id: 'q-1', number: 1, text: 'Tán thành?' }],
    status: 'approved',
    version: 4,
    deadline: at(12),
    silenceRule: 'agree',
    tallyVisibility: 'after_close',
    reminderMinutes: [60],
    recipientCount: 9,
    answeredCount: 0,
    returnReason: null,
    chairId: 'u-chair',
    issuedAt: null,
    closedAt: null,
    createdAt: at(-600),
    papers: [],
    mine: null,
    tally: null,
    tallyFinal: false,
    recipients: [],
    reminderHistory: null,
    approvals: [{ sequence: 1, deadline: at(12), signedAt: at(-60), hash: 'a1'.repeat(32), keyFingerprint: 'b2'.repeat(32) }],
    ...changes,
  };
}

describe('BallotDetailPageComponent', () => {
  let fixture: ComponentFixture<BallotDetailPageComponent>;
  let backend: HttpTestingController;
  const view = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => view().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

  async function render(ballot: BallotResponse, tasks: { id: string; title: string; leadOrganisation: { symbol: string } }[] = []): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-sec' }), accessToken: signal(null), roles: signal(['secretary']), hasAnyRole: (roles: string[]) => roles.includes('secretary') } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BallotDetailPageComponent);
    fixture.componentRef.setInput('ballotId', 'b-1');
    await fixture.whenStable();
    backend.expectOne('/api/ballots/b-1').flush(ballot);
    backend.match((r) => r.url === '/api/tasks').forEach((r) => r.flush({ items: tasks, total: tasks.length }));
    await fixture.whenStable();
    // The papers panel asks for nothing more here; ignore anything it might.
    backend.match(() => true);
  }

  afterEach(() => {
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  it('warns before issuing that a 1-hour reminder is already due 12 minutes before the deadline, on the page and in the confirmation', async () => {
    await render(ballotWith({}));
    const warning = byTestId('issue-due-now');
    expect(squash(warning?.textContent)).toMatch(/hạn trả lời chỉ còn 1[12] phút, nên lời nhắc 1 giờ trước hạn đã đến hạn\. Lời nhắc sẽ được gửi ngay khi phát hành\./);
    expect(byTestId('issue-ballot')?.getAttribute('aria-describedby')).toBe('issue-due-now');
    byTestId('issue-ballot')?.click();
    await fixture.whenStable();
    const dialog = [...document.querySelectorAll<HTMLElement>('.cdk-overlay-container [role="alertdialog"]')].pop();
    expect(squash(dialog?.textContent)).toContain('Lời nhắc sẽ được gửi ngay khi phát hành.');
  });

  it('gives no warning when no reminder is due yet', async () => {
    await render(ballotWith({ deadline: at(48 * 60), reminderMinutes: [1440, 120] }));
    expect(byTestId('issue-due-now')).toBeNull();
  });

  it('says beside "Kết thúc sớm", in visible text, why it is disabled', async () => {
    await render(ballotWith({ status: 'open', issuedAt: at(-60), deadline: at(600), answeredCount: 7, reminderHistory: [] }));
    const close = byTestId('close-ballot') as HTMLButtonElement;
    expect(close.disabled).toBe(true);
    const reason = view().querySelector<HTMLElement>(`#${close.getAttribute('aria-describedby')}`);
    expect(squash(reason?.textContent)).toBe('Chưa thể kết thúc sớm: còn 2 thành viên chưa trả lời.');
    expect(view().querySelector('[mattooltip], [ng-reflect-message]')).toBeNull();
  });

  it('shows every reminder sent or skipped, when, to how many, and why', async () => {
    await render(
      ballotWith({
        status: 'open',
        issuedAt: at(-1),
        deadline: at(11),
        reminderMinutes: [1440, 60, 5],
        reminderHistory: [
          { minutesBefore: 1440, dueAt: at(-1429), state: 'skipped', reason: 'covered', at: at(-1), recipients: 0, delegates: 0 },
          { minutesBefore: 60, dueAt: at(-49), state: 'sent', reason: 'due_at_issue', at: at(-1), recipients: 9, delegates: 1 },
          { minutesBefore: 5, dueAt: at(6), state: 'pending', reason: 'scheduled', at: null, recipients: 0, delegates: 0 },
        ],
      }),
    );
    const history = byTestId('reminder-history') as HTMLElement;
    expect(squash(history.querySelector('h2')?.textContent)).toBe('Lịch sử nhắc trả lời');
    const row = (minutes: number) => squash(history.querySelector(`tr[data-reminder="${minutes}"]`)?.textContent);
    expect(row(60)).toContain('Đã gửi');
    expect(row(60)).toContain('Đã đến hạn khi phát hành nên gửi ngay lúc phát hành.');
    expect(row(60)).toContain('9 thành viên, 1 trợ lý');
    expect(row(1440)).toContain('Không gửi');
    expect(row(1440)).toContain('gộp vào lời nhắc gửi ngay lúc phát hành');
    expect(row(5)).toContain('Chờ đến giờ');
    // A reminder under an hour is said in minutes, not as "0.08 giờ".
    expect(row(5)).toContain('5 phút trước hạn');
    expect(row(60)).toContain('1 giờ trước hạn');
  });

  it('shows a closed ballot its tasks, and opens the resolution it already has rather than composing a second', async () => {
    await render(ballotWith({ status: 'closed', closedAt: at(-5), issuedAt: at(-600) }), [{ id: 't-1', title: 'Hoàn thiện dự thảo Nghị định', leadOrganisation: { symbol: 'BTC' } }]);
    expect(squash(byTestId('ballot-tasks')?.textContent)).toContain('Hoàn thiện dự thảo Nghị định · BTC');
    expect(byTestId('ballot-assign-task')?.getAttribute('href')).toBe('/tasks?assignFrom=ballot&sourceId=b-1');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    byTestId('ballot-resolution')?.click();
    const compose = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/resolutions');
    expect(compose.request.body).toEqual({ ballotId: 'b-1' });
    compose.flush({ code: 'RESOLUTION_EXISTS', message: 'x', details: { id: 'r-9' } }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/resolutions', 'r-9']);
  });
});
