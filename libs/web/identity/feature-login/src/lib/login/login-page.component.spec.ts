import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';
import { IdentityErrorCode, type LoginResponse } from '@ecabinet/shared/contracts';
import { AuthStore, OFFLINE_SIGN_IN, type OfflineSignIn, SingleSignOn, authInterceptor } from '@ecabinet/web/identity/data-access';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { BehaviorSubject } from 'rxjs';
import { LoginPageComponent } from './login-page.component';

const response: LoginResponse = {
  accessToken: 'token',
  expiresIn: 900,
  user: {
    id: 'u-1',
    username: 'chair',
    fullName: 'Chủ tọa',
    title: null,
    email: null,
    roles: ['chair'],
    disabled: false,
    totpEnabled: true,
    totpRequired: true,
    assists: [],
    createdAt: '2025-01-01T00:00:00.000Z',
  },
};

function apiError(status: number, code: IdentityErrorCode, details?: unknown) {
  return [
    { statusCode: status, code, message: 'English message', details, correlationId: 'c-1' },
    { status, statusText: 'Error' },
  ] as const;
}

/** What this device keeps: the chair's password, as the papers library would check it. */
const onDevice: OfflineSignIn = {
  remember: async () => undefined,
  unlock: async (username, password) => (username !== 'chair' ? { refused: 'unknown' } : password === 'right' ? { user: response.user } : password === 'fifth' ? { refused: 'locked' } : { refused: 'wrong-password' }),
};

describe('LoginPageComponent', () => {
  let fixture: ComponentFixture<LoginPageComponent>;
  let backend: HttpTestingController;
  let router: Router;
  let queryParams: BehaviorSubject<ReturnType<typeof convertToParamMap>>;

  beforeEach(async () => {
    localStorage.clear();
    queryParams = new BehaviorSubject(convertToParamMap({}));
    TestBed.configureTestingModule({
      imports: [LoginPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { queryParamMap: queryParams } },
        { provide: OFFLINE_SIGN_IN, useValue: async () => onDevice },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPageComponent);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const page = () => fixture.nativeElement as HTMLElement;
  const input = (name: string) => page().querySelector<HTMLInputElement>(`input[name="${name}"]`);

  function type(name: string, value: string): void {
    const field = input(name);
    if (!field) throw new Error(`no input ${name}`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    page().querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('without the server, opens what the device keeps with the password last used here, and says why not otherwise', async () => {
    const unreachable = async (username: string, password: string) => {
      type('username', username);
      type('password', password);
      await submit();
      backend.expectOne('/api/auth/login').error(new ProgressEvent('error'), { status: 0 });
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    await unreachable('someone', 'right');
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('thiết bị này không lưu tài liệu nào mở được bằng tài khoản này');
    await unreachable('chair', 'wrong');
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('mật khẩu không khớp với lần đăng nhập gần nhất trên thiết bị này. Sau 5 lần sai liên tiếp');
    expect(input('password')?.value).toBe('');
    await unreachable('chair', 'fifth');
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('Đã nhập sai mật khẩu 5 lần');
    expect(router.navigateByUrl).not.toHaveBeenCalled();
    await unreachable('chair', 'right');
    expect(router.navigateByUrl).toHaveBeenCalledWith('/offline');
    const auth = TestBed.inject(AuthStore);
    expect(auth.deviceOnly()).toBe(true);
    expect(auth.user()?.fullName).toBe('Chủ tọa');
  });

  it('asks for both fields before calling the server', async () => {
    await submit();
    backend.expectNone('/api/auth/login');
    expect(page().textContent).toContain('Vui lòng nhập tên đăng nhập.');
    expect(page().textContent).toContain('Vui lòng nhập mật khẩu.');
  });

  it('says clearly in Vietnamese that the username or password is wrong, and clears the password', async () => {
    type('username', 'member1');
    type('password', 'wrong-password');
    await submit();

    const request = backend.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ username: 'member1', password: 'wrong-password' });
    request.flush(...apiError(401, IdentityErrorCode.INVALID_CREDENTIALS));
    await fixture.whenStable();

    const alert = page().querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(input('password')?.value).toBe('');
    expect(page().textContent).not.toContain('Vui lòng nhập mật khẩu.');
    expect(input('username')?.value).toBe('member1');
    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
  });

  it('shows the error in English when English is chosen', async () => {
    await TestBed.inject(TranslationService).setLang('en');
    type('username', 'member1');
    type('password', 'wrong-password');
    await submit();
    backend.expectOne('/api/auth/login').flush(...apiError(403, IdentityErrorCode.USER_DISABLED));
    await fixture.whenStable();
    expect(page().querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'This account is disabled. Please contact the system administrator.',
    );
  });

  it('tells a throttled user how long to wait', async () => {
    type('username', 'member1');
    type('password', 'x');
    await submit();
    backend.expectOne('/api/auth/login').flush(...apiError(429, IdentityErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: 300 }));
    await fixture.whenStable();
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('Vui lòng thử lại sau 5 phút.');
  });

  it('asks for the 6-digit code when the account has a second factor, then signs in with it', async () => {
    queryParams.next(convertToParamMap({ returnUrl: '/admin/audit' }));
    type('username', 'chair');
    type('password', 'ecabinet-demo');
    await submit();
    backend.expectOne('/api/auth/login').flush(...apiError(401, IdentityErrorCode.TOTP_REQUIRED));
    await fixture.whenStable();

    expect(page().querySelector('h1')?.textContent?.trim()).toBe('Xác thực hai bước');
    expect(page().querySelector('[role="alert"]')).toBeNull();
    expect(document.activeElement).toBe(input('totpCode'));

    type('totpCode', '12345');
    await submit();
    backend.expectNone('/api/auth/login');
    expect(page().textContent).toContain('Mã xác thực gồm đúng 6 chữ số.');

    type('totpCode', '123456');
    await submit();
    const request = backend.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ username: 'chair', password: 'ecabinet-demo', totpCode: '123456' });
    request.flush(response);
    await fixture.whenStable();

    expect(TestBed.inject(AuthStore).user()?.username).toBe('chair');
    expect(router.navigateByUrl).toHaveBeenCalledWith('/admin/audit');
  });

  it('says the code was wrong and keeps the user on the code step', async () => {
    type('username', 'chair');
    type('password', 'ecabinet-demo');
    await submit();
    backend.expectOne('/api/auth/login').flush(...apiError(401, IdentityErrorCode.TOTP_REQUIRED));
    await fixture.whenStable();
    type('totpCode', '000000');
    await submit();
    backend.expectOne('/api/auth/login').flush(...apiError(401, IdentityErrorCode.TOTP_INVALID));
    await fixture.whenStable();

    expect(page().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Mã xác thực không đúng hoặc đã hết hạn.');
    expect(input('totpCode')?.value).toBe('');
  });

  it('explains that the session expired', async () => {
    queryParams.next(convertToParamMap({ expired: '1' }));
    await fixture.whenStable();
    expect(page().querySelector('[role="status"]')?.textContent?.trim()).toBe(
      'Phiên làm việc của bạn đã hết hạn. Vui lòng đăng nhập lại.',
    );
  });

  it('never follows a returnUrl to another site', async () => {
    queryParams.next(convertToParamMap({ returnUrl: '//evil.example/phish' }));
    type('username', 'member1');
    type('password', 'ecabinet-demo');
    await submit();
    backend.expectOne('/api/auth/login').flush(response);
    await fixture.whenStable();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  describe('single sign-on', () => {
    const ssoLink = () => page().querySelector<HTMLAnchorElement>('[data-testid="sso-start"]');

    it('offers the organisation account only where the installation has one, returning where the user was going', async () => {
      expect(ssoLink()).toBeNull();
      TestBed.inject(SingleSignOn).available.set(true);
      queryParams.next(convertToParamMap({ returnUrl: '/ballots' }));
      await fixture.whenStable();
      expect(ssoLink()?.textContent?.trim()).toBe('Đăng nhập bằng tài khoản định danh');
      expect(ssoLink()?.getAttribute('href')).toBe('/api/auth/oidc/start?returnUrl=%2Fballots');
      await TestBed.inject(TranslationService).setLang('en');
      await fixture.whenStable();
      expect(ssoLink()?.textContent?.trim()).toBe('Sign in with your organisation account');
    });

    it('says why the identity provider sign-in was refused, in the user\'s words', async () => {
      queryParams.next(convertToParamMap({ sso: 'unknown-user' }));
      await fixture.whenStable();
      expect(page().querySelector('[data-testid="sso-refusal"]')?.textContent).toContain('chưa được liên kết với người dùng e-Cabinet');
      queryParams.next(convertToParamMap({ sso: 'not-a-reason' }));
      await fixture.whenStable();
      expect(page().querySelector('[data-testid="sso-refusal"]')).toBeNull();
    });

    it("asks for the account's own code after the provider, then signs in and goes on", async () => {
      queryParams.next(convertToParamMap({ sso: 'second-factor', returnUrl: '/ballots' }));
      await fixture.whenStable();
      expect(input('username')).toBeNull();
      expect(page().textContent).toContain('Tài khoản định danh đã được chấp nhận');
      type('totpCode', '000000');
      await submit();
      const wrong = backend.expectOne('/api/auth/oidc/second-factor');
      expect(wrong.request.withCredentials).toBe(true);
      wrong.flush(...apiError(401, IdentityErrorCode.TOTP_INVALID));
      await fixture.whenStable();
      expect(page().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Mã xác thực không đúng hoặc đã hết hạn.');

      type('totpCode', '123456');
      await submit();
      const right = backend.expectOne('/api/auth/oidc/second-factor');
      expect(right.request.body).toEqual({ code: '123456' });
      right.flush(response);
      await fixture.whenStable();
      expect(TestBed.inject(AuthStore).user()?.username).toBe('chair');
      expect(router.navigateByUrl).toHaveBeenCalledWith('/ballots');
    });

    it('goes back to the first step when the provider sign-in has run out', async () => {
      queryParams.next(convertToParamMap({ sso: 'second-factor' }));
      await fixture.whenStable();
      type('totpCode', '123456');
      await submit();
      backend.expectOne('/api/auth/oidc/second-factor').flush(...apiError(401, IdentityErrorCode.SSO_EXPIRED));
      await fixture.whenStable();
      expect(page().querySelector('[role="alert"]')?.textContent).toContain('đã hết hạn');
      expect(input('username')).not.toBeNull();
    });
  });
});
