import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SwPush } from '@angular/service-worker';
import { AuthStore, PUSH_OWNER_KEY } from '@ecabinet/web/identity/data-access';
import { of } from 'rxjs';
import { PushRegistration } from './push-registration';

/** The browser's subscription as Angular's SwPush hands it over. */
function browserSubscription() {
  return {
    endpoint: 'https://push.example.gov.vn/send/abc',
    unsubscribed: false,
    toJSON: () => ({ keys: { p256dh: 'BPk', auth: 'au' } }),
    async unsubscribe() {
      this.unsubscribed = true;
      return true;
    },
  };
}

describe('PushRegistration', () => {
  const originalNotification = Object.getOwnPropertyDescriptor(globalThis, 'Notification');
  let subscription: ReturnType<typeof browserSubscription>;
  let backend: HttpTestingController;
  let push: PushRegistration;

  beforeEach(() => {
    Object.defineProperty(globalThis, 'Notification', { value: { permission: 'granted' }, configurable: true });
    subscription = browserSubscription();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SwPush, useValue: { isEnabled: true, subscription: of(subscription) } },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-huy' }) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    push = TestBed.inject(PushRegistration);
  });

  afterEach(() => {
    backend.verify();
    localStorage.clear();
    if (originalNotification) Object.defineProperty(globalThis, 'Notification', originalNotification);
    else delete (globalThis as { Notification?: unknown }).Notification;
  });

  it('at each start, ties the subscription of the user who turned push on here to this session', async () => {
    localStorage.setItem(PUSH_OWNER_KEY, 'u-huy');
    const resumed = push.resume();
    await new Promise((resolve) => setTimeout(resolve));
    const sent = backend.expectOne({ method: 'PUT', url: '/api/notifications/push-subscription' });
    expect(sent.request.body).toEqual({ endpoint: 'https://push.example.gov.vn/send/abc', keys: { p256dh: 'BPk', auth: 'au' } });
    sent.flush({ endpoint: subscription.endpoint });
    await resumed;
    expect(push.state()).toBe('on');
    expect(subscription.unsubscribed).toBe(false);
  });

  it('drops the subscription another user turned on in this browser, and sends nothing', async () => {
    localStorage.setItem(PUSH_OWNER_KEY, 'u-someone-else');
    await push.resume();
    backend.expectNone('/api/notifications/push-subscription');
    expect(subscription.unsubscribed).toBe(true);
    expect(push.state()).toBe('off');
  });
});
