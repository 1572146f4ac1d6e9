import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { IdentityErrorCode, type LoginResponse } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { AccountPageComponent } from './account-page.component';

const session: LoginResponse = {
  accessToken: 'token',
  expiresIn: 900,
  user: {
    id: 'u-1',
    username: 'member1',
    fullName: 'Thành viên',
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

describe('AccountPageComponent', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AccountPageComponent],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
  });

  it('says so when two-step verification was already turned on elsewhere (409), instead of showing a secret', async () => {
    const backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).login({ username: 'member1', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(session);
    const fixture = TestBed.createComponent(AccountPageComponent);
    fixture.detectChanges();
    backend.match(() => true).forEach((request) => request.flush([]));

    const start = [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')].find((button) => button.textContent?.includes('Bật xác thực hai bước'));
    expect(start).toBeTruthy();
    start?.click();
    backend
      .expectOne('/api/auth/totp/enroll')
      .flush({ statusCode: 409, code: IdentityErrorCode.TOTP_ALREADY_ENABLED, message: 'English message', correlationId: 'c-1' }, { status: 409, statusText: 'Conflict' });
    fixture.detectChanges();
    await fixture.whenStable();

    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Xác thực hai bước đã được bật');
  });
});
