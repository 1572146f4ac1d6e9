import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { IdentityErrorCode, type LoginRequest, type LoginResponse, type Role, type UserResponse } from '@ecabinet/shared/contracts';
import { isNetworkError } from '@ecabinet/web/shared/i18n';
import { type Observable, catchError, finalize, firstValueFrom, from, map, of, shareReplay, switchMap, tap, throwError } from 'rxjs';
import { TOTP_ENROLLMENT_PATH } from './auth-paths';
import { AuthApi } from './auth.api';
import { DeviceData } from './device-data';
import { OFFLINE_SIGN_IN, type OfflineUnlock } from './offline-sign-in';

/** While signed in on the device alone, how often the server is tried again (besides the browser's `online` event). */
const RECONNECT_EVERY_MS = 15_000;

/**
 * A logout the server never heard (signed out without the network). The browser still holds the
 * refresh cookie, so before it is used again the server is told to end that session: whoever
 * picks up the tablet next is never signed back in as the user who signed out.
 */
export const PENDING_LOGOUT_KEY = 'ecabinet.logout-pending';

interface AuthSession {
  readonly user: UserResponse;
  /**
   * Kept in memory only: never written to storage, gone on reload (the cookie restores it). Null
   * while signed in on the device alone, without the server ({@link AuthStore.unlockOffline}).
   */
  readonly accessToken: string | null;
}

/** Who is signed in. The single source of truth for the user, the access token and roles. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly deviceData = inject(DeviceData);
  private readonly offlineSignIn = inject(OFFLINE_SIGN_IN, { optional: true });
  private readonly session = signal<AuthSession | null>(null);
  private refreshInFlight: Observable<string> | null = null;
  /** Set while this tab signs out, so the server's "sessions revoked" echo is not shown as expiry. */
  private signingOut = false;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  /** Signed in with the password kept on this device, the server unreachable: only what the device keeps can be shown. */
  readonly deviceOnly = computed(() => this.session() !== null && this.session()?.accessToken === null);
  /** Whether this installation can sign in without the server at all (the papers library is there). */
  readonly offlineSignInAvailable = this.offlineSignIn !== null;
  private reconnectTimer: ReturnType<typeof setInterval> | null = null;
  private readonly reconnect = () => this.reconnectNow();
  readonly roles = computed<readonly Role[]>(() => this.user()?.roles ?? []);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopReconnecting());
  }

  hasAnyRole(roles: readonly Role[]): boolean {
    const held = this.roles();
    return roles.some((role) => held.includes(role));
  }

  /** Signs in; errors (wrong password, TOTP needed, throttled…) reach the caller untouched. */
  login(request: LoginRequest): Observable<UserResponse> {
    // An earlier session this browser signed out of offline ends first (best effort: the new cookie replaces it anyway).
    return this.finishPendingLogout().pipe(
      catchError(() => of(undefined)),
      switchMap(() => this.api.login(request)),
      tap((response) => {
        this.startSession(response);
        // The same password will open what this device keeps for him when the server cannot be reached.
        this.offlineSignIn?.()
          .then((device) => device.remember(request.username, request.password, response.user))
          .catch(() => undefined);
      }),
      map((response) => response.user),
    );
  }

  /**
   * The server cannot be reached: signs in with the password last accepted on this device, to
   * read and annotate what it keeps. The server is tried again every few seconds and when the
   * browser is back online; then the session becomes a real one, or ends (and the device is wiped)
   * as the server says.
   */
  async unlockOffline(username: string, password: string): Promise<OfflineUnlock> {
    const result: OfflineUnlock = this.offlineSignIn ? await (await this.offlineSignIn()).unlock(username, password) : { refused: 'unknown' };
    if ('user' in result) {
      this.signingOut = false;
      this.session.set({ user: result.user, accessToken: null });
      this.startReconnecting();
    }
    return result;
  }

  /** Finishes a single sign-on that waits for the account's own code. */
  completeSingleSignOn(code: string): Observable<UserResponse> {
    return this.api.ssoSecondFactor({ code }).pipe(
      tap((response) => this.startSession(response)),
      map((response) => response.user),
    );
  }

  /**
   * Called once at start-up: the refresh cookie, if still valid, silently signs the user back
   * in. Resolves `false` (never rejects) when there is no session to restore.
   */
  restoreSession(): Promise<boolean> {
    return firstValueFrom(
      this.refreshAccessToken().pipe(
        map(() => true),
        tap(() => this.unreachableState.set(false)),
        catchError((error: unknown) => {
          this.unreachableState.set(isNetworkError(error));
          return of(false);
        }),
      ),
    );
  }

  private readonly unreachableState = signal(false);
  private readonly wipedState = signal(false);
  /** This device deleted what it kept (revoked, or its user logged out everywhere): the login page says so. */
  readonly wiped = this.wipedState.asReadonly();
  /** Start-up could not reach the server (no network: the installed app opened from the device), so no session was restored. */
  readonly unreachable = this.unreachableState.asReadonly();

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers share one request:
   * a burst of 401s, or the live socket and an HTTP call, cause a single refresh.
   */
  refreshAccessToken(): Observable<string> {
    this.refreshInFlight ??= this.finishPendingLogout().pipe(
      // The session the cookie held was ended by its user: there is nothing to refresh.
      switchMap((ended) => (ended ? throwError(() => new HttpErrorResponse({ status: 401, statusText: 'Signed out', url: '/api/auth/refresh' })) : this.api.refresh())),
      // The device was revoked: what it keeps goes before anything else happens.
      catchError((error: unknown) => (isDeviceWipe(error) ? from(this.wipeHere()).pipe(switchMap(() => throwError(() => error))) : throwError(() => error))),
      tap((response) => this.startSession(response)),
      map((response) => response.accessToken),
      finalize(() => (this.refreshInFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  /** Replaces the user after a profile change (TOTP enabled, …). */
  updateUser(user: UserResponse): void {
    this.session.update((session) => (session ? { ...session, user } : session));
  }

  /** Re-reads the signed-in user from the server. */
  reloadUser(): Observable<UserResponse> {
    return this.api.me().pipe(tap((user) => this.updateUser(user)));
  }

  /** Ends this session on the server (best effort) and here, then shows the login page. */
  logout(): Observable<void> {
    this.signingOut = true;
    return this.api.logout().pipe(
      tap(() => storage()?.removeItem(PENDING_LOGOUT_KEY)),
      catchError((error: unknown) => {
        // Without the network the server keeps the session: it is ended before the cookie is used again.
        if (isNetworkError(error)) storage()?.setItem(PENDING_LOGOUT_KEY, '1');
        return of(undefined);
      }),
      switchMap(() => from(this.deviceData.forgetPush())),
      map(() => undefined),
      finalize(() => this.endSession()),
    );
  }

  /** Revokes every session of the user on the server (each device deletes what it keeps), then ends this one, wiping this device too. */
  logoutEverywhere(): Observable<void> {
    this.signingOut = true;
    return this.api.logoutEverywhere().pipe(
      switchMap(() => from(this.wipeHere())),
      finalize(() => this.endSession()),
    );
  }

  /**
   * The server closed this session (live): ask once more, so that a device told to wipe hears
   * it and wipes now, then end the session.
   */
  sessionRevoked(): void {
    this.refreshAccessToken().subscribe({
      error: () => {
        if (this.wipedState()) {
          // A full reload: nothing held in memory by any page survives either.
          globalThis.location?.assign('/login?wiped=1');
          return;
        }
        this.expireSession();
      },
    });
  }

  /**
   * The session ended without the user asking (refresh refused, sessions revoked elsewhere):
   * forget everything and say so on the login page.
   */
  expireSession(): void {
    if (this.signingOut || !this.session()) {
      return;
    }
    this.stopReconnecting();
    this.session.set(null);
    void this.router.navigate(['/login'], { queryParams: { expired: 1 } });
  }

  /**
   * The server refused a call because the admin now requires two-step verification for one of
   * the user's roles (403 `TOTP_NOT_ENROLLED`): remember it and take the user to set it up.
   */
  requireTotpEnrollment(): void {
    const user = this.user();
    if (!user || user.totpEnabled) {
      return;
    }
    if (!user.totpRequired) {
      this.updateUser({ ...user, totpRequired: true });
    }
    void this.router.navigateByUrl(TOTP_ENROLLMENT_PATH);
  }

  /** True when a failed refresh means the session is over (as opposed to a network failure). */
  static isSessionRejection(error: unknown): boolean {
    return error instanceof HttpErrorResponse && (error.status === 401 || error.status === 403);
  }

  /** True when the user holds a role for which the admin requires two-step verification they lack. */
  readonly needsTotpEnrollment = computed(() => {
    const user = this.user();
    return !!user && user.totpRequired && !user.totpEnabled;
  });

  /**
   * Tells the server about a logout it missed, if any: emits whether one was finished. A network
   * error keeps it pending and reaches the caller.
   */
  private finishPendingLogout(): Observable<boolean> {
    if (!storage()?.getItem(PENDING_LOGOUT_KEY)) return of(false);
    return this.api.logout().pipe(
      tap(() => storage()?.removeItem(PENDING_LOGOUT_KEY)),
      map(() => true),
    );
  }

  private async wipeHere(): Promise<void> {
    await this.deviceData.wipe();
    this.wipedState.set(true);
  }

  private startReconnecting(): void {
    this.stopReconnecting();
    globalThis.addEventListener?.('online', this.reconnect);
    this.reconnectTimer = setInterval(this.reconnect, RECONNECT_EVERY_MS);
  }

  private stopReconnecting(): void {
    globalThis.removeEventListener?.('online', this.reconnect);
    if (this.reconnectTimer !== null) clearInterval(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Signed in on the device alone: ask the server whether the session the cookie holds still stands. */
  private reconnectNow(): void {
    if (!this.deviceOnly()) {
      this.stopReconnecting();
      return;
    }
    this.refreshAccessToken().subscribe({
      error: (error: unknown) => {
        if (!AuthStore.isSessionRejection(error)) return;
        this.stopReconnecting();
        if (this.wipedState()) {
          globalThis.location?.assign('/login?wiped=1');
          return;
        }
        this.expireSession();
      },
    });
  }

  private startSession(response: LoginResponse): void {
    this.stopReconnecting();
    this.signingOut = false;
    this.wipedState.set(false);
    this.session.set({ user: response.user, accessToken: response.accessToken });
  }

  private endSession(): void {
    this.stopReconnecting();
    this.signingOut = false;
    this.session.set(null);
    void this.router.navigate(['/login']);
  }
}

/** The server's answer to a refresh from a revoked device: wipe, then sign in again. */
function isDeviceWipe(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 401 && (error.error as { code?: string } | null)?.code === IdentityErrorCode.DEVICE_WIPED;
}

/** The browser's local storage, where there is one. */
function storage(): Storage | undefined {
  return globalThis.localStorage;
}
