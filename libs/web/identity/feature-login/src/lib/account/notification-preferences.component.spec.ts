import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DEFAULT_NOTIFICATION_EMAIL, DEFAULT_NOTIFICATION_PUSH, type NotificationPreferencesResponse } from '@ecabinet/shared/contracts';
import { PushRegistration, type PushState } from '@ecabinet/web/notifications/data-access';
import { NotificationPreferencesComponent } from './notification-preferences.component';

const KEY = 'B'.repeat(87);
const preferences = (pushKey: string | null = KEY): NotificationPreferencesResponse => ({
  email: { ...DEFAULT_NOTIFICATION_EMAIL },
  push: { ...DEFAULT_NOTIFICATION_PUSH },
  pushKey,
  emailAvailable: true,
  hasEmail: true,
});

/** The browser's side is the registration's (tested in a real browser by the push journey); here its state is set by hand. */
function setUp(device: PushState, enable: (key: string) => Promise<void> = async () => undefined) {
  const state = signal<PushState>(device);
  const registration = {
    state,
    check: jest.fn(async () => state()),
    enable: jest.fn(async (key: string) => {
      await enable(key);
      state.set('on');
    }),
    disable: jest.fn(async () => state.set('off')),
  };
  TestBed.configureTestingModule({
    imports: [NotificationPreferencesComponent],
    providers: [provideHttpClient(), provideHttpClientTesting(), { provide: PushRegistration, useValue: registration }],
  });
  const fixture = TestBed.createComponent(NotificationPreferencesComponent);
  const backend = TestBed.inject(HttpTestingController);
  const element = fixture.nativeElement as HTMLElement;
  return { fixture, backend, element, registration };
}

const settle = async (fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
  fixture.detectChanges();
  await fixture.whenStable();
  // The device's actions are promises of their own: let them finish.
  await new Promise((resolve) => setTimeout(resolve));
  fixture.detectChanges();
};

describe('NotificationPreferencesComponent', () => {
  it('turns this device on with the server key, then says so; off again', async () => {
    const { fixture, backend, element, registration } = setUp('off');
    backend.expectOne('/api/notifications/preferences').flush(preferences());
    await settle(fixture);
    expect(element.querySelector('[data-testid="push-state"]')?.textContent).toContain('Đang tắt');
    (element.querySelector('[data-testid="push-enable"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(registration.enable).toHaveBeenCalledWith(KEY);
    expect(element.querySelector('[data-testid="push-state"]')?.textContent).toContain('Đang bật');
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Đã bật thông báo trên thiết bị này.');
    (element.querySelector('[data-testid="push-disable"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(registration.disable).toHaveBeenCalled();
    expect(element.querySelector('[data-testid="push-enable"]')).not.toBeNull();
  });

  it('says why this device cannot: no push in this browser, blocked, or not configured on the server', async () => {
    const unsupported = setUp('unsupported');
    unsupported.backend.expectOne('/api/notifications/preferences').flush(preferences());
    await settle(unsupported.fixture);
    expect(unsupported.element.textContent).toContain('Trình duyệt này không nhận được thông báo đẩy');
    expect(unsupported.element.querySelector('[data-testid="push-enable"]')).toBeNull();
    TestBed.resetTestingModule();

    const denied = setUp('denied');
    denied.backend.expectOne('/api/notifications/preferences').flush(preferences());
    await settle(denied.fixture);
    expect(denied.element.textContent).toContain('đang bị chặn trong trình duyệt');
    TestBed.resetTestingModule();

    const off = setUp('off');
    off.backend.expectOne('/api/notifications/preferences').flush(preferences(null));
    await settle(off.fixture);
    expect(off.element.textContent).toContain('chưa được cấu hình gửi thông báo đẩy');
    expect(off.element.querySelector('[data-testid="push-enable"]')).toBeNull();
  });

  it("shows the browser's failure plainly and keeps the device off", async () => {
    const { fixture, backend, element } = setUp('off', async () => {
      throw new DOMException('Registration failed - push service error', 'AbortError');
    });
    backend.expectOne('/api/notifications/preferences').flush(preferences());
    await settle(fixture);
    (element.querySelector('[data-testid="push-enable"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Không bật được thông báo trên thiết bị này');
    expect(element.querySelector('[data-testid="push-state"]')?.textContent).toContain('Đang tắt');
  });

  it('saves both choices of each kind, labelled for a screen reader', async () => {
    const { fixture, backend, element } = setUp('on');
    backend.expectOne('/api/notifications/preferences').flush(preferences());
    await settle(fixture);
    const pushStart = element.querySelector('tr[data-kind="meeting-started"] [data-channel="push"] input') as HTMLInputElement;
    expect(pushStart.checked).toBe(true);
    expect(pushStart.getAttribute('aria-label')).toBe('Đẩy đến thiết bị: Phiên họp bắt đầu');
    pushStart.click();
    (element.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const request = backend.expectOne('/api/notifications/preferences');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body.push['meeting-started']).toBe(false);
    expect(request.request.body.email).toEqual(DEFAULT_NOTIFICATION_EMAIL);
    request.flush({ ...preferences(), push: { ...DEFAULT_NOTIFICATION_PUSH, 'meeting-started': false } });
    await settle(fixture);
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Đã lưu lựa chọn nhận thông báo.');
  });
});
