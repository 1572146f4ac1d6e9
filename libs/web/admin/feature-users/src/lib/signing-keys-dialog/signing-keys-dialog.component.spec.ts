import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { SigningKeyListItem } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { SigningKeysDialogComponent, type SigningKeysDialogData } from './signing-keys-dialog.component';

const FINGERPRINT = '3f2a9c01'.repeat(8);
const GROUPED = Array(8).fill('3f2a 9c01').join(' ');

function key(overrides: Partial<SigningKeyListItem>): SigningKeyListItem {
  return {
    id: 'k-0',
    userId: 'u-1',
    label: 'Chrome · iPad (e-Cabinet web)',
    fingerprint: FINGERPRINT,
    createdAt: '2026-11-01T02:00:00.000Z',
    revokedAt: null,
    certifiedAt: '2026-11-01T02:00:01.000Z',
    signedAnswerCount: 0,
    lastUsedAt: null,
    ...overrides,
  };
}

const tablet = key({ id: 'k-1', signedAnswerCount: 3, lastUsedAt: '2026-11-20T03:04:05.000Z' });
const uncertified = key({ id: 'k-3', label: 'Safari · iPad (e-Cabinet web)', fingerprint: 'cd'.repeat(32), certifiedAt: null });
const oldLaptop = key({ id: 'k-2', label: 'Firefox · Windows (e-Cabinet web)', fingerprint: 'ab'.repeat(32), revokedAt: '2026-10-15T01:00:00.000Z' });

describe('SigningKeysDialogComponent', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const settle = async () => {
    await TestBed.inject(ApplicationRef).whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await TestBed.inject(ApplicationRef).whenStable();
  };
  const dialogs = () => [...document.querySelectorAll<HTMLElement>('.cdk-overlay-container mat-dialog-container')];
  const keysDialog = () => dialogs()[0];
  const confirmDialog = () => document.querySelector<HTMLElement>('.cdk-overlay-container [role="alertdialog"]');
  const item = (id: string) => keysDialog().querySelector<HTMLElement>(`li[data-key-id="${id}"]`) as HTMLElement;
  const buttonIn = (root: HTMLElement | null, text: string) => {
    const button = [...(root?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent?.trim() === text);
    if (!button) throw new Error(`no button "${text}"`);
    return button;
  };

  async function open(keys: SigningKeyListItem[]): Promise<void> {
    TestBed.inject(MatDialog).open<SigningKeysDialogComponent, SigningKeysDialogData>(SigningKeysDialogComponent, { data: { user: { id: 'u-1', fullName: 'Trần Thị Hoa' } } });
    await settle();
    const request = backend.expectOne((req) => req.url === '/api/signing-keys');
    expect(request.request.params.get('userId')).toBe('u-1');
    request.flush(keys);
    await settle();
  }

  it("lists the user's keys: label, grouped fingerprint, registration, what each signed, status", async () => {
    await open([tablet, uncertified, oldLaptop]);
    expect(keysDialog().querySelector('h2')?.textContent).toContain('Khóa ký số của Trần Thị Hoa');
    expect(keysDialog().querySelector('ul')?.getAttribute('aria-label')).toBe('Các khóa ký số của Trần Thị Hoa');

    const active = item('k-1');
    expect(active.querySelector('h3')?.textContent?.trim()).toBe('Chrome · iPad (e-Cabinet web)');
    expect(active.querySelector('[data-testid="key-fingerprint"]')?.textContent).toBe(GROUPED);
    expect(active.querySelector('[data-testid="key-fingerprint"]')?.tagName).toBe('CODE');
    expect(active.querySelector('[data-testid="key-status"]')?.textContent?.trim()).toBe('Đang dùng');
    expect(active.querySelector('[data-testid="key-usage"]')?.textContent).toMatch(/3 ý kiến, lần cuối lúc \d\d\/11\/2026/);
    expect(active.querySelector('button[aria-label="Thu hồi khóa Chrome · iPad (e-Cabinet web)"]')).not.toBeNull();

    const pending = item('k-3');
    expect(pending.querySelector('[data-testid="key-status"]')?.textContent?.trim()).toBe('Chờ chứng thực');
    expect(pending.querySelector('[data-testid="key-certified"]')?.textContent).toContain('Chưa chứng thực');
    expect(active.querySelector('[data-testid="key-certified"]')?.textContent).toMatch(/01\/11\/2026/);

    const revoked = item('k-2');
    expect(revoked.querySelector('[data-testid="key-status"]')?.textContent).toMatch(/Đã thu hồi lúc 15\/10\/2026/);
    expect(revoked.querySelector('[data-testid="key-usage"]')?.textContent?.trim()).toBe('0 ý kiến');
    expect(revoked.querySelector('.ec-keys__revoke')).toBeNull();
  });

  it('says when the user has no key yet', async () => {
    await open([]);
    expect(keysDialog().textContent).toContain('Người dùng này chưa đăng ký khóa ký số nào.');
    expect(keysDialog().querySelector('ul')).toBeNull();
  });

  it('copies the grouped fingerprint', async () => {
    const copy = jest.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);
    await open([tablet]);
    item('k-1').querySelector<HTMLButtonElement>('button[aria-label="Sao chép dấu vân tay của khóa Chrome · iPad (e-Cabinet web)"]')?.click();
    await settle();
    expect(copy).toHaveBeenCalledWith(GROUPED);
  });

  it('revokes only after a confirmation that names the user and the fingerprint, then shows the key revoked', async () => {
    await open([tablet, oldLaptop]);
    buttonIn(item('k-1'), 'Thu hồi').click();
    await settle();
    const confirm = confirmDialog() as HTMLElement;
    expect(confirm.textContent).toContain('Thu hồi khóa ký số?');
    expect(confirm.textContent).toContain('Trần Thị Hoa');
    expect(confirm.textContent).toContain(GROUPED);
    expect(confirm.querySelector('button.ec-button--danger')?.textContent?.trim()).toBe('Thu hồi khóa');

    buttonIn(confirm, 'Hủy').click();
    await settle();
    backend.expectNone((req) => req.method === 'DELETE');
    expect(item('k-1').querySelector('[data-testid="key-status"]')?.textContent?.trim()).toBe('Đang dùng');

    buttonIn(item('k-1'), 'Thu hồi').click();
    await settle();
    buttonIn(confirmDialog(), 'Thu hồi khóa').click();
    await settle();
    const revoke = backend.expectOne({ method: 'DELETE', url: '/api/signing-keys/k-1' });
    revoke.flush({ ...tablet, revokedAt: '2026-11-22T08:30:00.000Z' });
    await settle();

    expect(item('k-1').querySelector('[data-testid="key-status"]')?.textContent).toMatch(/Đã thu hồi lúc 22\/11\/2026/);
    expect(item('k-1').querySelector('.ec-keys__revoke')).toBeNull();
    expect(item('k-1').querySelector('[data-testid="key-usage"]')?.textContent).toContain('3 ý kiến');
    const done = keysDialog().querySelector<HTMLElement>('[data-testid="revoke-done"]');
    expect(done?.textContent).toContain('Đã thu hồi khóa “Chrome · iPad (e-Cabinet web)” của Trần Thị Hoa.');
    expect(done?.getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(done);
  });

  it("shows the server's refusal in the user's language and leaves the key active", async () => {
    await open([tablet]);
    buttonIn(item('k-1'), 'Thu hồi').click();
    await settle();
    buttonIn(confirmDialog(), 'Thu hồi khóa').click();
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/signing-keys/k-1' })
      .flush({ statusCode: 422, code: 'SIGNING_KEY_UNKNOWN', message: 'This device key is not registered to you.', correlationId: 'c-1' }, { status: 422, statusText: 'Unprocessable Entity' });
    await settle();

    const error = keysDialog().querySelector<HTMLElement>('[data-testid="revoke-error"]') as HTMLElement;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Không thu hồi được khóa: Khóa ký số chưa được đăng ký trên hệ thống.');
    expect(error.textContent).not.toContain('This device key');
    expect(item('k-1').querySelector('[data-testid="key-status"]')?.textContent?.trim()).toBe('Đang dùng');
    expect(buttonIn(item('k-1'), 'Thu hồi').disabled).toBe(false);

    await TestBed.inject(TranslationService).setLang('en');
    await settle();
    expect(keysDialog().querySelector('[data-testid="revoke-error"]')?.textContent).toContain('The key could not be revoked:');
    expect(keysDialog().querySelector('h2')?.textContent).toContain('Signing keys of Trần Thị Hoa');
  });

  it('says when the list cannot be loaded, and loads it again on request', async () => {
    TestBed.inject(MatDialog).open<SigningKeysDialogComponent, SigningKeysDialogData>(SigningKeysDialogComponent, { data: { user: { id: 'u-1', fullName: 'Trần Thị Hoa' } } });
    await settle();
    backend.expectOne((req) => req.url === '/api/signing-keys').flush({ statusCode: 403, code: 'FORBIDDEN', message: 'no', correlationId: 'c-2' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(keysDialog().querySelector('[data-testid="load-error"]')?.textContent).toContain('Không tải được danh sách khóa ký số. Bạn không có quyền thực hiện thao tác này.');

    buttonIn(keysDialog(), 'Thử lại').click();
    await settle();
    backend.expectOne((req) => req.url === '/api/signing-keys').flush([tablet]);
    await settle();
    expect(keysDialog().querySelector('[data-testid="load-error"]')).toBeNull();
    expect(item('k-1')).not.toBeNull();
  });
});
