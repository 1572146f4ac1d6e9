import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { Role } from '@ecabinet/shared/contracts';
import { authInterceptor } from '@ecabinet/web/identity/data-access';
import { signInForTest } from '@ecabinet/web/meetings/data-access/testing';

/** A page as a signed-in user with `roles` opens it, in Vietnamese, against a fake backend. */
export async function setUpPage(roles: Role[], { keepTab = false } = {}): Promise<HttpTestingController> {
  localStorage.clear();
  if (!keepTab) sessionStorage.clear();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  await signInForTest({ id: 'u-1', fullName: 'Người dùng', roles });
  return backend;
}
