import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { AuditEntryResponse, PageResponse } from '@ecabinet/shared/contracts';
import { authInterceptor } from '@ecabinet/web/identity/data-access';
import { localDayToIso } from '../audit-log.store';
import { AuditLogPageComponent } from './audit-log-page.component';

function entry(seq: number, overrides: Partial<AuditEntryResponse> = {}): AuditEntryResponse {
  return {
    seq,
    at: '2025-05-21T07:05:09.000Z',
    actorId: 'u-1',
    actorUsername: 'admin',
    action: 'auth.login.succeeded',
    targetType: null,
    targetId: null,
    ip: '10.0.0.5',
    correlationId: `corr-${seq}`,
    details: null,
    hash: `hash-${seq}`,
    prevHash: `hash-${seq - 1}`,
    ...overrides,
  };
}

function page(items: AuditEntryResponse[], total = items.length): PageResponse<AuditEntryResponse> {
  return { items, total, offset: 0, limit: 25 };
}

describe('AuditLogPageComponent', () => {
  let fixture: ComponentFixture<AuditLogPageComponent>;
  let backend: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AuditLogPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogPageComponent);
    await fixture.whenStable();
    // The signed checkpoints panel loads its list beside the log.
    backend.expectOne('/api/audit/checkpoints').flush([
      { type: 'ecabinet.audit-checkpoint', size: 12, rootHash: 'ab'.repeat(32), lastEntryHash: 'cd'.repeat(32), at: '2026-12-05T01:00:00.000Z', reason: 'ballot-closed', mailedTo: 2 },
    ]);
    fixture.detectChanges();
  });

  it('lists the signed checkpoints with their reason and who was mailed', async () => {
    await loadFirstPage([]);
    const panel = view().querySelector('[data-testid="audit-checkpoints"]');
    expect(panel?.querySelector('tr[data-size="12"]')?.textContent).toContain('12 mục đầu');
    expect(panel?.textContent).toContain('Phiếu kết thúc');
    expect(panel?.textContent).toContain('Đã gửi 2 địa chỉ');
  });

  it('lists the checkpoint it signs at once and names it, before the list is read again', async () => {
    await loadFirstPage([]);
    const panel = () => view().querySelector('[data-testid="audit-checkpoints"]') as HTMLElement;
    (panel().querySelector('[data-testid="make-checkpoint"]') as HTMLButtonElement).click();
    backend.expectOne((req) => req.method === 'POST' && req.url === '/api/audit/checkpoints').flush({
      type: 'ecabinet.audit-checkpoint', size: 40, rootHash: 'ef'.repeat(32), lastEntryHash: '01'.repeat(32), at: '2026-12-06T01:00:00.000Z', reason: 'manual', mailedTo: 0,
    });
    await fixture.whenStable();
    expect([...panel().querySelectorAll('tr[data-size]')].map((row) => row.getAttribute('data-size'))).toEqual(['40', '12']);
    expect(panel().querySelector('[role="status"]')?.getAttribute('data-made-size')).toBe('40');
    expect(panel().querySelector('[role="status"]')?.textContent).toContain('Đã ký điểm neo của 40 mục đầu nhật ký');
    backend.expectOne((req) => req.method === 'GET' && req.url === '/api/audit/checkpoints').flush([]);
  });

  afterEach(() => backend.verify());

  const view = () => fixture.nativeElement as HTMLElement;
  const auditRequest = () => backend.expectOne((req) => req.url === '/api/audit');
  const button = (text: string) => [...view().querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

  async function loadFirstPage(items: AuditEntryResponse[]): Promise<void> {
    const request = auditRequest();
    expect(request.request.params.keys().sort()).toEqual(['limit', 'offset']);
    expect(request.request.params.get('limit')).toBe('25');
    request.flush(page(items));
    await fixture.whenStable();
  }

  it('lists entries with translated actions, and "System" for entries without an actor', async () => {
    await loadFirstPage([entry(2, { action: 'auth.login.failed', actorUsername: 'member1' }), entry(1, { action: 'system.seeded', actorId: null, actorUsername: null })]);
    const rows = [...view().querySelectorAll('tr[data-seq]')];
    expect(rows.map((row) => row.getAttribute('data-seq'))).toEqual(['2', '1']);
    expect(rows[0].textContent).toContain('Đăng nhập thất bại');
    expect(rows[0].textContent).toContain('member1');
    expect(rows[1].textContent).toContain('Khởi tạo dữ liệu hệ thống');
    expect(rows[1].textContent).toContain('Hệ thống');
  });

  it('sends the filters to the server, dates as whole local days', async () => {
    await loadFirstPage([entry(1)]);
    const set = (selector: string, value: string) => {
      const input = view().querySelector<HTMLInputElement>(selector);
      if (!input) throw new Error(selector);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    set('input[formcontrolname="actor"]', 'member1');
    set('input[formcontrolname="fromDate"]', '2025-05-01');
    set('input[formcontrolname="toDate"]', '2025-05-31');
    view().querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();

    const request = auditRequest();
    expect(request.request.params.get('actor')).toBe('member1');
    expect(request.request.params.get('from')).toBe(new Date(2025, 4, 1).toISOString());
    expect(request.request.params.get('to')).toBe(new Date(2025, 4, 31, 23, 59, 59, 999).toISOString());
    expect(request.request.params.get('offset')).toBe('0');
    expect(request.request.params.has('action')).toBe(false);
    request.flush(page([]));
    await fixture.whenStable();
    expect(view().textContent).toContain('Không có mục nhật ký nào phù hợp.');
  });

  it('expands an entry to show its hashes and details', async () => {
    await loadFirstPage([entry(5, { details: { username: 'member1' } })]);
    const toggle = view().querySelector<HTMLButtonElement>('button[aria-label="Xem chi tiết mục 5"]');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    const details = view().querySelector('#ec-audit-detail-5');
    expect(details?.textContent).toContain('hash-5');
    expect(details?.textContent).toContain('corr-5');
    expect(details?.textContent).toContain('"username": "member1"');
  });

  it('reports an intact chain, or the first broken entry', async () => {
    await loadFirstPage([entry(1)]);
    button('Kiểm tra tính toàn vẹn')?.click();
    backend.expectOne('/api/audit/verify').flush({ ok: true, checked: 12, firstBrokenSeq: null, reason: null });
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="audit-verify-result"]')?.textContent?.trim()).toBe(
      'Chuỗi nhật ký toàn vẹn: đã kiểm tra 12 mục, không phát hiện chỉnh sửa.',
    );

    button('Kiểm tra tính toàn vẹn')?.click();
    backend.expectOne('/api/audit/verify').flush({ ok: false, checked: 12, firstBrokenSeq: 7, reason: 'hash mismatch' });
    await fixture.whenStable();
    const broken = view().querySelector('[data-testid="audit-verify-result"]')?.textContent ?? '';
    expect(broken).toContain('Chuỗi nhật ký bị phá vỡ tại mục số 7.');
    expect(broken).toContain('Lý do: hash mismatch');
  });
});

describe('localDayToIso', () => {
  it('ignores anything that is not a calendar day', () => {
    expect(localDayToIso('')).toBeUndefined();
    expect(localDayToIso('21/05/2025')).toBeUndefined();
  });
});
