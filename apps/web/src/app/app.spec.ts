import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { IdentityErrorCode } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { provideShell } from '@ecabinet/web/shell';
import { App } from './app';
import { appRoutes } from './app.routes';

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(appRoutes, withComponentInputBinding()),
        provideShell(),
      ],
    });
  });

  it('sends a visitor without a session to the Vietnamese login page', async () => {
    const fixture = TestBed.createComponent(App);
    const restored = TestBed.inject(AuthStore).restoreSession();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/refresh')
      .flush(
        { statusCode: 401, code: IdentityErrorCode.REFRESH_INVALID, message: 'no', correlationId: 'c' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await restored;

    await TestBed.inject(Router).navigateByUrl('/admin/users');
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fadmin%2Fusers');
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Đăng nhập');
    expect(document.title).toBe('Đăng nhập · e-Cabinet');
  });
});
