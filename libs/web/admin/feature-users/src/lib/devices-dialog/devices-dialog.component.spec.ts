import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { DeviceResponse } from '@ecabinet/shared/contracts';
import { DevicesDialogComponent, type DevicesDialogData } from './devices-dialog.component';

function device(overrides: Partial<DeviceResponse>): DeviceResponse {
  return {
    id: 'd-0',
    userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/156.0 Safari/537.36',
    ip: '10.0.0.7',
    signedInAt: '2026-12-01T02:00:00.000Z',
    lastSeenAt: '2026-12-05T02:00:00.000Z',
    current: false,
    state: 'active',
    wipeReason: null,
    wipeRequestedAt: null,
    wipedAt: null,
    ...overrides,
  };
}

const tablet = device({ id: 'd-1' });
const laptop = device({ id: 'd-2', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/140.0', state: 'wiped', wipeReason: 'revoked', wipeRequestedAt: '2026-12-02T02:00:00.000Z', wipedAt: '2026-12-02T03:00:00.000Z' });

describe('DevicesDialogComponent', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
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
  const dialog = () => document.querySelector<HTMLElement>('.cdk-overlay-container mat-dialog-container') as HTMLElement;
  const confirm = () => document.querySelector<HTMLElement>('.cdk-overlay-container [role="alertdialog"]');
  const row = (id: string) => dialog().querySelector<HTMLElement>(`li[data-device="${id}"]`) as HTMLElement;

  it("lists the user's devices and wipes one only after a confirmation naming it", async () => {
    TestBed.inject(MatDialog).open<DevicesDialogComponent, DevicesDialogData>(DevicesDialogComponent, { data: { user: { id: 'u-1', fullName: 'Phạm Thị Lan' } } });
    await settle();
    backend.expectOne('/api/users/u-1/devices').flush([tablet, laptop]);
    await settle();
    expect(dialog().querySelector('h2')?.textContent).toContain('Thiết bị của Phạm Thị Lan');
    expect(row('d-1').textContent).toContain('Chrome · Android');
    expect(row('d-1').textContent).toContain('Đang đăng nhập');
    expect(row('d-2').textContent).toContain('Firefox · Windows');
    expect(row('d-2').textContent).toContain('Đã xoá dữ liệu');
    // A wiped device has nothing more to wipe.
    expect(row('d-2').querySelector('button')).toBeNull();

    row('d-1').querySelector('button')?.click();
    await settle();
    expect(confirm()?.textContent).toContain('Thiết bị Chrome · Android sẽ bị đăng xuất ngay');
    // Cancelled: nothing is sent.
    [...(confirm()?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.trim() === 'Huỷ')?.click();
    await settle();
    backend.expectNone('/api/users/u-1/devices/d-1/wipe');

    row('d-1').querySelector('button')?.click();
    await settle();
    [...(confirm()?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.trim() === 'Xoá dữ liệu')?.click();
    await settle();
    const wipe = backend.expectOne({ method: 'POST', url: '/api/users/u-1/devices/d-1/wipe' });
    wipe.flush({ ...tablet, state: 'wipe-pending', wipeReason: 'revoked', wipeRequestedAt: '2026-12-06T02:00:00.000Z' });
    await settle();
    backend.expectOne('/api/users/u-1/devices').flush([{ ...tablet, state: 'wipe-pending', wipeReason: 'revoked', wipeRequestedAt: '2026-12-06T02:00:00.000Z' }, laptop]);
    await settle();
    expect(dialog().querySelector('[data-testid="wipe-done"]')?.textContent).toContain('Đã yêu cầu xoá dữ liệu trên thiết bị Chrome · Android.');
    expect(row('d-1').textContent).toContain('Chờ xoá dữ liệu');
  });
});
