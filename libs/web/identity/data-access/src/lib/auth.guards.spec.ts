import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { LoginResponse, Role } from '@ecabinet/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { authGuard, roleGuard, safeReturnUrl, totpEnrollmentGuard } from './auth.guards';
import { AuthStore } from './auth.store';

@Component({ template: '' })
class BlankPage {}

function session(roles: Role[], totp: { required: boolean; enabled: boolean } = { required: false, enabled: false }): LoginResponse {
  return {
    accessToken: 't',
    expiresIn: 900,
    user: {
      id: 'u',
      username: 'u',
      fullName: 'U',
      title: null,
      email: null,
      roles,
      disabled: false,
      totpEnabled: totp.enabled,
      totpRequired: totp.required,
      assists: [],
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

describe('route guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: BlankPage },
          {
            path: '',
            canActivate: [authGuard],
            canActivateChild: [totpEnrollmentGuard],
            children: [
              { path: '', component: BlankPage },
              { path: 'account', component: BlankPage },
              { path: 'admin/users', canMatch: [roleGuard(['admin'])], component: BlankPage },
            ],
          },
        ]),
      ],
    });
  });

  async function signInAs(response: LoginResponse): Promise<void> {
    const done = firstValueFrom(TestBed.inject(AuthStore).login({ username: 'u', password: 'p' }));
    TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush(response);
    await done;
  }

  async function visit(url: string): Promise<string> {
    const router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    return router.url;
  }

  it('sends a signed-out visitor to the login page with the way back', async () => {
    expect(await visit('/admin/users')).toBe('/login?returnUrl=%2Fadmin%2Fusers');
    expect(await visit('/')).toBe('/login');
  });

  it('keeps the admin pages to administrators', async () => {
    await signInAs(session(['member']));
    expect(await visit('/admin/users')).toBe('/');
  });

  it('lets an administrator in', async () => {
    await signInAs(session(['admin']));
    expect(await visit('/admin/users')).toBe('/admin/users');
  });

  it('keeps a user who must set up two-step verification on the account page', async () => {
    await signInAs(session(['admin'], { required: true, enabled: false }));
    expect(await visit('/admin/users')).toBe('/account');
    expect(await visit('/')).toBe('/account');
    expect(await visit('/account')).toBe('/account');
  });
});

describe('safeReturnUrl', () => {
  it('accepts same-site paths and rejects anything that could leave the site', () => {
    expect(safeReturnUrl('/admin/users?x=1')).toBe('/admin/users?x=1');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl(null)).toBe('/');
  });
});
