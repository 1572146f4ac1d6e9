import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChangePasswordRequest,
  DeviceResponse,
  LoginRequest,
  LoginResponse,
  RefreshResponse,
  SsoSecondFactorRequest,
  TotpConfirmRequest,
  TotpEnrollResponse,
  UserResponse,
} from '@ecabinet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE } from './api-base';

export const AUTH_URLS = {
  login: `${API_BASE}/auth/login`,
  refresh: `${API_BASE}/auth/refresh`,
  logout: `${API_BASE}/auth/logout`,
  logoutEverywhere: `${API_BASE}/auth/logout-everywhere`,
  me: `${API_BASE}/auth/me`,
  password: `${API_BASE}/auth/password`,
  totpEnroll: `${API_BASE}/auth/totp/enroll`,
  totpConfirm: `${API_BASE}/auth/totp/confirm`,
  totpDisable: `${API_BASE}/auth/totp/disable`,
  ssoSecondFactor: `${API_BASE}/auth/oidc/second-factor`,
} as const;

/**
 * The `/api/auth` endpoints. The refresh token travels only as an httpOnly cookie, hence
 * `withCredentials` on the calls that set, use or clear it.
 */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(AUTH_URLS.login, request, { withCredentials: true });
  }

  /** Finishes a single sign-on with the account's own code (the provider asserted no second factor). */
  ssoSecondFactor(request: SsoSecondFactorRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(AUTH_URLS.ssoSecondFactor, request, { withCredentials: true });
  }

  refresh(): Observable<RefreshResponse> {
    return this.http.post<RefreshResponse>(AUTH_URLS.refresh, null, { withCredentials: true });
  }

  logout(): Observable<void> {
    return this.http.post<void>(AUTH_URLS.logout, null, { withCredentials: true });
  }

  logoutEverywhere(): Observable<void> {
    return this.http.post<void>(AUTH_URLS.logoutEverywhere, null, { withCredentials: true });
  }

  /** The devices signed in as the caller (and those told to wipe lately). */
  devices(): Observable<DeviceResponse[]> {
    return this.http.get<DeviceResponse[]>(`${API_BASE}/auth/devices`);
  }

  /** A lost device of the caller: signed out, and told to delete what it keeps when it next comes online. */
  wipeDevice(deviceId: string): Observable<DeviceResponse> {
    return this.http.post<DeviceResponse>(`${API_BASE}/auth/devices/${encodeURIComponent(deviceId)}/wipe`, null);
  }

  me(): Observable<UserResponse> {
    return this.http.get<UserResponse>(AUTH_URLS.me);
  }

  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(AUTH_URLS.password, request);
  }

  enrollTotp(): Observable<TotpEnrollResponse> {
    return this.http.post<TotpEnrollResponse>(AUTH_URLS.totpEnroll, null);
  }

  confirmTotp(request: TotpConfirmRequest): Observable<void> {
    return this.http.post<void>(AUTH_URLS.totpConfirm, request);
  }

  disableTotp(request: TotpConfirmRequest): Observable<void> {
    return this.http.post<void>(AUTH_URLS.totpDisable, request);
  }
}
