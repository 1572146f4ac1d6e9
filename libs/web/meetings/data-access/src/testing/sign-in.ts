import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { LoginResponse, Role } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { firstValueFrom } from 'rxjs';

/**
 * Signs a user in through the real `AuthStore` (answering the login request) and lets the live
 * socket connect with the fake client. Needs `provideHttpClientTesting()` and a fake
 * `LIVE_SOCKET_FACTORY` in the test module.
 */
export async function signInForTest(user: { id: string; fullName: string; roles: Role[] }): Promise<void> {
  TestBed.inject(LiveSocket);
  const session: LoginResponse = {
    accessToken: 'test-token',
    expiresIn: 900,
    user: {
      id: user.id,
      username: user.id,
      fullName: user.fullName,
      title: null,
      email: null,
      roles: user.roles,
      disabled: false,
      totpEnabled: false,
      totpRequired: false,
      assists: [],
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
  const signedIn = firstValueFrom(TestBed.inject(AuthStore).login({ username: user.id, password: 'x' }));
  TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush(session);
  await signedIn;
  TestBed.tick();
}
