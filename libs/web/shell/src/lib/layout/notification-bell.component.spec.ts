import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import type { LoginResponse, NotificationPage, NotificationResponse } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { LIVE_SOCKET_FACTORY, type LiveSocketClient } from '@ecabinet/web/live/data-access';
import { firstValueFrom } from 'rxjs';
import { NotificationBellComponent } from './notification-bell.component';

/** What the server sends, handed to the app as the socket's catch-all listener would. */
let serverSends: (event: string, payload: unknown) => void = () => undefined;

const silentSocket = {
  on: () => silentSocket,
  onAny: (listener: (event: string, payload: unknown) => void) => {
    serverSends = listener;
    return silentSocket;
  },
  connect: () => silentSocket,
  disconnect: () => silentSocket,
  removeAllListeners: () => silentSocket,
  io: { on: () => undefined, removeAllListeners: () => undefined },
  connected: false,
  active: true,
};

const session: LoginResponse = {
  accessToken: 't',
  expiresIn: 900,
  user: {
    id: 'u-1',
    username: 'member1',
    fullName: 'Nguyễn Văn An',
    title: null,
    email: null,
    roles: ['member'],
    disabled: false,
    totpEnabled: false,
    totpRequired: false,
    assists: [],
    createdAt: '2025-01-01T00:00:00.000Z',
  },
};

const notification = (id: string, patch: Partial<NotificationResponse> = {}): NotificationResponse => ({
  id,
  kind: 'meeting-published',
  title: 'Phiên họp Chính phủ thường kỳ tháng 12',
  link: `/meetings/m-${id}`,
  params: { startsAt: '2026-12-01T02:00:00.000Z' },
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt: null,
  ...patch,
});

describe('NotificationBellComponent', () => {
  let fixture: ComponentFixture<NotificationBellComponent>;
  let http: HttpTestingController;
  let bell: () => HTMLButtonElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LIVE_SOCKET_FACTORY, useValue: () => silentSocket as unknown as LiveSocketClient },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const signedIn = firstValueFrom(TestBed.inject(AuthStore).login({ username: 'x', password: 'y' }));
    http.expectOne('/api/auth/login').flush(session);
    await signedIn;
    fixture = TestBed.createComponent(NotificationBellComponent);
    await fixture.whenStable();
    const page: NotificationPage = {
      items: [notification('n-2'), notification('n-1', { kind: 'paper-added', title: 'Tờ trình dự án Luật Đất đai', readAt: '2026-11-30T00:00:00.000Z', params: {} })],
      total: 2,
      offset: 0,
      limit: 20,
      unread: 1,
    };
    http.expectOne((request) => request.method === 'GET' && request.url === '/api/notifications').flush(page);
    await fixture.whenStable();
    bell = () => (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="notification-bell"]') as HTMLButtonElement;
  });

  const badge = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid="notification-count"]')?.textContent?.trim() ?? null;
  const items = () => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="notification-item"]')];

  async function openPanel(): Promise<void> {
    bell().click();
    await fixture.whenStable();
  }

  it('shows the stored unread count in a badge and says it in its label', () => {
    expect(badge()).toBe('1');
    expect(bell().getAttribute('aria-label')).toBe('Thông báo, 1 chưa đọc');
  });

  it('raises the count live when the server sends a notification, and announces it', async () => {
    serverSends('notification:new', { notification: notification('n-3', { kind: 'ballot-issued', title: 'Phiếu lấy ý kiến về dự thảo Nghị định', link: '/ballots/b-1', params: {} }), unread: 2 });
    await fixture.whenStable();
    expect(badge()).toBe('2');
    expect(bell().getAttribute('aria-label')).toBe('Thông báo, 2 chưa đọc');
    expect((fixture.nativeElement as HTMLElement).querySelector('[aria-live="polite"]')?.textContent).toContain('Phiếu lấy ý kiến mới: Phiếu lấy ý kiến về dự thảo Nghị định');
    await openPanel();
    expect(items()[0].textContent).toContain('Phiếu lấy ý kiến về dự thảo Nghị định');
  });

  it('lists the newest first, unread set apart, with the kind and a relative time', async () => {
    await openPanel();
    const [first, second] = items();
    expect(first.classList).toContain('ec-bell-item--unread');
    expect(first.textContent).toContain('Phiên họp được phát hành');
    expect(first.textContent).toContain('Chưa đọc');
    expect(first.textContent).toContain('5 phút trước');
    expect(second.classList).not.toContain('ec-bell-item--unread');
    expect(second.textContent).toContain('Tài liệu họp mới');
  });

  it('opens the thing a notification is about and marks it read', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl');
    await openPanel();
    items()[0].click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: '/api/notifications/n-2/read' }).flush(notification('n-2', { readAt: new Date().toISOString() }));
    expect(navigate).toHaveBeenCalledWith('/meetings/m-n-2');
    expect(badge()).toBeNull();
    expect(bell().getAttribute('aria-label')).toBe('Thông báo');
  });

  it('marks all read, and follows a read on another device', async () => {
    await openPanel();
    const all = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Đánh dấu tất cả là đã đọc') as HTMLButtonElement;
    all.click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: '/api/notifications/read-all' }).flush({ unread: 0 });
    expect(badge()).toBeNull();
    expect(document.body.textContent).toContain('Đã đọc hết');

    serverSends('notification:new', { notification: notification('n-4'), unread: 1 });
    await fixture.whenStable();
    expect(badge()).toBe('1');
    serverSends('notification:unread', { unread: 0 });
    await fixture.whenStable();
    expect(badge()).toBeNull();
  });
});
