import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { LoginResponse, UserResponse } from '@ecabinet/shared/contracts';
import { IdentityErrorCode } from '@ecabinet/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthStore, PENDING_LOGOUT_KEY } from './auth.store';
import { OFFLINE_SIGN_IN, type OfflineSignIn } from './offline-sign-in';

const member: UserResponse = {
  id: 'u-1',
  username: 'member1',
  fullName: 'Nguyễn Văn Một',
  title: 'Bộ trưởng',
  email: null,
  roles: ['member'],
  disabled: false,
  totpEnabled: false,
  totpRequired: false,
  assists: [],
  createdAt: '2025-01-01T00:00:00.000Z',
};

function session(accessToken: string): LoginResponse {
  return { accessToken, expiresIn: 900, user: member };
}

function unauthorized(code = 'UNAUTHENTICATED') {
  return [
    { statusCode: 401, code, message: 'Unauthorized', correlationId: 'c' },
    { status: 401, statusText: 'Unauthorized' },
  ] as const;
}

describe('AuthStore and authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let store: AuthStore;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => {
    backend.verify();
    localStorage.removeItem(PENDING_LOGOUT_KEY);
  });

  async function signIn(token = 'token-1'): Promise<void> {
    const done = firstValueFrom(store.login({ username: 'member1', password: 'ecabinet-demo' }));
    const request = backend.expectOne('/api/auth/login');
    expect(request.request.withCredentials).toBe(true);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(session(token));
    await done;
  }

  it('keeps the signed-in user and token in memory, never in storage', async () => {
    await signIn();
    expect(store.isAuthenticated()).toBe(true);
    expect(store.user()?.fullName).toBe('Nguyễn Văn Một');
    expect(store.roles()).toEqual(['member']);
    expect(store.accessToken()).toBe('token-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('token-1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('token-1');
  });

  it('restores the session silently from the refresh cookie', async () => {
    const restored = store.restoreSession();
    const request = backend.expectOne('/api/auth/refresh');
    expect(request.request.method).toBe('POST');
    expect(request.request.withCredentials).toBe(true);
    request.flush(session('restored'));
    await expect(restored).resolves.toBe(true);
    expect(store.accessToken()).toBe('restored');
  });

  it('stays signed out when there is no session to restore, without showing "expired"', async () => {
    const restored = store.restoreSession();
    backend.expectOne('/api/auth/refresh').flush(...unauthorized(IdentityErrorCode.REFRESH_INVALID));
    await expect(restored).resolves.toBe(false);
    expect(store.isAuthenticated()).toBe(false);
    expect(router.navigate).not.toHaveBeenCalled();
    expect(store.unreachable()).toBe(false);
  });

  it('says the server was out of reach when start-up had no network (the service worker answers 504), until a restore goes through', async () => {
    let restored = store.restoreSession();
    backend.expectOne('/api/auth/refresh').flush(null, { status: 504, statusText: 'Gateway Timeout' });
    await expect(restored).resolves.toBe(false);
    expect(store.unreachable()).toBe(true);
    restored = store.restoreSession();
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await expect(restored).resolves.toBe(false);
    expect(store.unreachable()).toBe(true);
    restored = store.restoreSession();
    backend.expectOne('/api/auth/refresh').flush(session('restored'));
    await expect(restored).resolves.toBe(true);
    expect(store.unreachable()).toBe(false);
  });

  it('sends the access token as a bearer header on API calls only', async () => {
    await signIn();
    void firstValueFrom(http.get('/api/users'));
    expect(backend.expectOne('/api/users').request.headers.get('Authorization')).toBe('Bearer token-1');
    backend.match('/api/users')[0]?.flush({});

    void firstValueFrom(http.get('https://elsewhere.example/data'));
    expect(backend.expectOne('https://elsewhere.example/data').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once for concurrent 401s and retries each call with the new token', async () => {
    await signIn('old');
    const users = firstValueFrom(http.get<{ n: number }>('/api/users'));
    const audit = firstValueFrom(http.get<{ n: number }>('/api/audit'));

    backend.expectOne('/api/users').flush(...unauthorized());
    backend.expectOne('/api/audit').flush(...unauthorized());

    const refreshes = backend.match('/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(session('new'));

    const retriedUsers = backend.expectOne('/api/users');
    const retriedAudit = backend.expectOne('/api/audit');
    expect(retriedUsers.request.headers.get('Authorization')).toBe('Bearer new');
    expect(retriedAudit.request.headers.get('Authorization')).toBe('Bearer new');
    retriedUsers.flush({ n: 1 });
    retriedAudit.flush({ n: 2 });

    await expect(users).resolves.toEqual({ n: 1 });
    await expect(audit).resolves.toEqual({ n: 2 });
    expect(store.accessToken()).toBe('new');
  });

  it('retries only once: a second 401 reaches the caller', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/users'));
    backend.expectOne('/api/users').flush(...unauthorized());
    backend.expectOne('/api/auth/refresh').flush(session('new'));
    backend.expectOne('/api/users').flush(...unauthorized());
    await expect(result).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
  });

  it('ends the session and shows "expired" when the refresh is refused', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/users'));
    backend.expectOne('/api/users').flush(...unauthorized());
    backend.expectOne('/api/auth/refresh').flush(...unauthorized(IdentityErrorCode.REFRESH_INVALID));

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(store.isAuthenticated()).toBe(false);
    expect(store.accessToken()).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(['/login'], { queryParams: { expired: 1 } });
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/users'));
    backend.expectOne('/api/users').flush(...unauthorized());
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(store.isAuthenticated()).toBe(true);
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('does not refresh on a failed login or on a wrong current password', async () => {
    const login = firstValueFrom(store.login({ username: 'member1', password: 'wrong' }));
    backend.expectOne('/api/auth/login').flush(...unauthorized(IdentityErrorCode.INVALID_CREDENTIALS));
    await expect(login).rejects.toMatchObject({ status: 401 });

    await signIn();
    const change = firstValueFrom(http.post('/api/auth/password', { currentPassword: 'x', newPassword: 'y' }));
    backend.expectOne('/api/auth/password').flush(...unauthorized(IdentityErrorCode.INVALID_CREDENTIALS));
    await expect(change).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
    expect(store.isAuthenticated()).toBe(true);
  });

  it('takes a user whose role now requires two-step verification to set it up', async () => {
    await signIn();
    const result = firstValueFrom(http.get('/api/users'));
    backend
      .expectOne('/api/users')
      .flush(
        { statusCode: 403, code: IdentityErrorCode.TOTP_NOT_ENROLLED, message: 'x', correlationId: 'c' },
        { status: 403, statusText: 'Forbidden' },
      );
    await expect(result).rejects.toMatchObject({ status: 403 });
    expect(store.user()?.totpRequired).toBe(true);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/account');
    backend.expectNone('/api/auth/refresh');
  });

  it('signs out locally even when the server call fails', async () => {
    await signIn();
    const done = firstValueFrom(store.logout(), { defaultValue: undefined });
    backend.expectOne('/api/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await done;
    expect(store.isAuthenticated()).toBe(false);
    expect(router.navigate).toHaveBeenCalledWith(['/login']);
  });

  it('ends on the server a session signed out of without the network before its cookie can sign anyone back in', async () => {
    await signIn();
    const done = firstValueFrom(store.logout(), { defaultValue: undefined });
    backend.expectOne('/api/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await done;
    expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBe('1');

    // The next start, still without the network: the logout stays pending, nothing is restored.
    let restored = store.restoreSession();
    backend.expectOne('/api/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    backend.expectNone('/api/auth/refresh');
    await expect(restored).resolves.toBe(false);
    expect(store.unreachable()).toBe(true);

    // With the network: the server hears the logout first, and the cookie is never exchanged.
    restored = store.restoreSession();
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.withCredentials).toBe(true);
    logout.flush(null, { status: 204, statusText: 'No Content' });
    backend.expectNone('/api/auth/refresh');
    await expect(restored).resolves.toBe(false);
    expect(store.isAuthenticated()).toBe(false);
    expect(store.unreachable()).toBe(false);
    expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBeNull();

    // From then on, start-up restores normally.
    restored = store.restoreSession();
    backend.expectOne('/api/auth/refresh').flush(...unauthorized(IdentityErrorCode.REFRESH_INVALID));
    await expect(restored).resolves.toBe(false);
  });

  it('a sign-in after an offline logout ends the old session first', async () => {
    localStorage.setItem(PENDING_LOGOUT_KEY, '1');
    const done = firstValueFrom(store.login({ username: 'member1', password: 'ecabinet-demo' }));
    backend.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    backend.expectOne('/api/auth/login').flush(session('fresh'));
    await done;
    expect(store.accessToken()).toBe('fresh');
    expect(localStorage.getItem(PENDING_LOGOUT_KEY)).toBeNull();
  });
});

describe('AuthStore signed in on the device alone', () => {
  let backend: HttpTestingController;
  let store: AuthStore;
  let router: Router;
  const remembered: string[] = [];
  const device: OfflineSignIn = {
    remember: async (username, password) => void remembered.push(`${username}:${password}`),
    unlock: async (username, password) => (username === 'member1' && password === 'ecabinet-demo' ? { user: member } : { refused: 'wrong-password' }),
  };

  beforeEach(() => {
    remembered.length = 0;
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), { provide: OFFLINE_SIGN_IN, useValue: async () => device }],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  it('remembers the password the server accepted, for this device', async () => {
    const done = firstValueFrom(store.login({ username: 'member1', password: 'ecabinet-demo' }));
    backend.expectOne('/api/auth/login').flush(session('token-1'));
    await done;
    expect(remembered).toEqual(['member1:ecabinet-demo']);
  });

  it('signs in without a token with the right password only, and becomes a real session when the server answers', async () => {
    await expect(store.unlockOffline('member1', 'wrong')).resolves.toEqual({ refused: 'wrong-password' });
    expect(store.isAuthenticated()).toBe(false);
    await expect(store.unlockOffline('member1', 'ecabinet-demo')).resolves.toEqual({ user: member });
    expect(store.deviceOnly()).toBe(true);
    expect(store.user()?.fullName).toBe('Nguyễn Văn Một');
    expect(store.accessToken()).toBeNull();
    // The browser is online again: the cookie's session is asked for.
    globalThis.dispatchEvent(new Event('online'));
    backend.expectOne('/api/auth/refresh').flush(session('token-2'));
    expect(store.deviceOnly()).toBe(false);
    expect(store.accessToken()).toBe('token-2');
    globalThis.dispatchEvent(new Event('online'));
    backend.expectNone('/api/auth/refresh');
  });

  it('asks the server again every 15 s without waiting for the browser to say it is online', async () => {
    jest.useFakeTimers();
    try {
      await store.unlockOffline('member1', 'ecabinet-demo');
      jest.advanceTimersByTime(14_999);
      backend.expectNone('/api/auth/refresh');
      jest.advanceTimersByTime(1);
      backend.expectOne('/api/auth/refresh').flush(session('token-3'));
      expect(store.deviceOnly()).toBe(false);
      jest.advanceTimersByTime(60_000);
      backend.expectNone('/api/auth/refresh');
    } finally {
      jest.useRealTimers();
    }
  });

  it('stays on the device while the server is unreachable, and ends the session when the server refuses it', async () => {
    await store.unlockOffline('member1', 'ecabinet-demo');
    globalThis.dispatchEvent(new Event('online'));
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    expect(store.deviceOnly()).toBe(true);
    globalThis.dispatchEvent(new Event('online'));
    backend.expectOne('/api/auth/refresh').flush(...unauthorized());
    expect(store.isAuthenticated()).toBe(false);
    expect(router.navigate).toHaveBeenCalledWith(['/login'], { queryParams: { expired: 1 } });
    globalThis.dispatchEvent(new Event('online'));
    backend.expectNone('/api/auth/refresh');
  });
});
