import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SwPush } from '@angular/service-worker';
import { AuthStore, PUSH_OWNER_KEY } from '@ecabinet/web/identity/data-access';
import { Subject, of } from 'rxjs';
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

  it('a check still reading the browser when the user turns push on does not turn it back off', async () => {
    const browser = new Subject<PushSubscription | null>();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SwPush, useValue: { isEnabled: true, subscription: browser, requestSubscription: async () => subscription } },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-huy' }) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    push = TestBed.inject(PushRegistration);

    const checked = push.check();
    const enabled = push.enable('BKey');
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne({ method: 'PUT', url: '/api/notifications/push-subscription' }).flush({ endpoint: subscription.endpoint });
    await enabled;
    expect(push.state()).toBe('on');
    // The service worker's first answer, read before the subscription existed, arrives last.
    browser.next(null);
    expect(await checked).toBe('on');
    expect(push.state()).toBe('on');
  });
});
