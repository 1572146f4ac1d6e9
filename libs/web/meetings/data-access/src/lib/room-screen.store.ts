import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  ROOM_SCREEN_NAMESPACE,
  type RoomScreenClaimResponse,
  type RoomScreenClientEvents,
  type RoomScreenHandshakeAuth,
  type RoomScreenPairingResponse,
  type RoomScreenServerEvents,
  type RoomScreenView,
} from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import { type Socket, io } from 'socket.io-client';
import type { Observable } from 'rxjs';

export type RoomScreenSocket = Socket<RoomScreenServerEvents, RoomScreenClientEvents>;
export type RoomScreenSocketFactory = (auth: RoomScreenHandshakeAuth) => RoomScreenSocket;

/** The (not yet connected) socket of the `/room-screen` namespace; a token so tests hand in a fake. */
export const ROOM_SCREEN_SOCKET_FACTORY = new InjectionToken<RoomScreenSocketFactory>('ROOM_SCREEN_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (auth) => io(ROOM_SCREEN_NAMESPACE, { path: '/socket.io', auth, autoConnect: false, reconnectionDelay: 1000, reconnectionDelayMax: 10_000 }),
});

/** Where the screen keeps its credential: a room screen has no user, and survives a power cut. */
export const ROOM_SCREEN_CREDENTIAL_KEY = 'ecabinet.room-screen';
/** How often a screen showing its code asks whether it was paired. */
export const ROOM_SCREEN_POLL_MS = new InjectionToken<number>('ROOM_SCREEN_POLL_MS', { providedIn: 'root', factory: () => 3000 });

interface StoredCredential {
  screenToken: string;
  screenId: string;
  meetingId: string;
  label: string;
}

export type RoomScreenPhase =
  | { kind: 'starting' }
  | { kind: 'pairing'; code: string; expiresAt: string }
  /** The server cannot be reached to get a code: tried again shortly. */
  | { kind: 'unreachable' }
  | { kind: 'paired'; label: string };

/** The two calls a room screen makes before it is paired; nothing else of the API answers it. */
@Injectable({ providedIn: 'root' })
export class RoomScreenApi {
  private readonly http = inject(HttpClient);

  startPairing(): Observable<RoomScreenPairingResponse> {
    return this.http.post<RoomScreenPairingResponse>(`${API_BASE}/room-screens/pairings`, {});
  }

  claim(pairingId: string, secret: string): Observable<RoomScreenClaimResponse> {
    return this.http.post<RoomScreenClaimResponse>(`${API_BASE}/room-screens/pairings/${pairingId}/claim`, { secret });
  }
}

/**
 * A room screen's life (#15): show a code until the chair or the secretariat enters it, keep the
 * credential, follow the meeting's view live (reconnecting by itself), and go back to a new
 * code when the screen is revoked.
 */
@Injectable()
export class RoomScreenStore {
  private readonly api = inject(RoomScreenApi);
  private readonly socketFactory = inject(ROOM_SCREEN_SOCKET_FACTORY);
  private readonly pollMs = inject(ROOM_SCREEN_POLL_MS);
  private readonly phaseState = signal<RoomScreenPhase>({ kind: 'starting' });
  private readonly viewState = signal<RoomScreenView | null>(null);
  private readonly connectedState = signal(false);
  private readonly offsetState = signal(0);
  private socket: RoomScreenSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  readonly phase = this.phaseState.asReadonly();
  readonly view = this.viewState.asReadonly();
  /** The live connection is up (the view is current). */
  readonly connected = this.connectedState.asReadonly();
  /** The server's clock minus this device's, from the last view: elapsed times are counted on the server's clock. */
  readonly clockOffsetMs = this.offsetState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(): void {
    const stored = readCredential();
    if (stored) this.follow(stored);
    else this.pair();
  }

  private pair(): void {
    if (this.stopped) return;
    this.api.startPairing().subscribe({
      next: (pairing) => {
        this.phaseState.set({ kind: 'pairing', code: pairing.code, expiresAt: pairing.expiresAt });
        this.later(() => this.poll(pairing));
      },
      error: () => {
        this.phaseState.set({ kind: 'unreachable' });
        this.later(() => this.pair(), this.pollMs * 2);
      },
    });
  }

  private poll(pairing: RoomScreenPairingResponse): void {
    this.api.claim(pairing.pairingId, pairing.secret).subscribe({
      next: (claim) => {
        if (claim.status === 'waiting') {
          this.later(() => this.poll(pairing));
          return;
        }
        const credential: StoredCredential = { screenToken: claim.screenToken, screenId: claim.screenId, meetingId: claim.meetingId, label: claim.label };
        localStorage.setItem(ROOM_SCREEN_CREDENTIAL_KEY, JSON.stringify(credential));
        this.follow(credential);
      },
      error: (error: unknown) => {
        // Expired (or claimed elsewhere): a new code. The network away: the same code, asked again.
        const status = (error as { status?: number } | null)?.status;
        if (status === 404) this.pair();
        else this.later(() => this.poll(pairing));
      },
    });
  }

  private follow(credential: StoredCredential): void {
    this.phaseState.set({ kind: 'paired', label: credential.label });
    const socket = this.socketFactory({ screenToken: credential.screenToken });
    this.socket = socket;
    socket.on('connect', () => this.connectedState.set(true));
    socket.on('disconnect', () => this.connectedState.set(false));
    socket.on('screen:view', (view) => {
      this.offsetState.set(Date.parse(view.serverTime) - Date.now());
      this.viewState.set(view);
    });
    socket.on('screen:revoked', () => this.forget());
    // Refused at the handshake: the credential is no longer good (revoked while the screen was off).
    socket.on('connect_error', (error) => {
      if (error.message === 'UNAUTHENTICATED') this.forget();
    });
    socket.connect();
  }

  /** The credential is dropped and the screen asks for a new code. */
  private forget(): void {
    localStorage.removeItem(ROOM_SCREEN_CREDENTIAL_KEY);
    this.closeSocket();
    this.viewState.set(null);
    this.connectedState.set(false);
    this.pair();
  }

  private later(work: () => void, ms = this.pollMs): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      work();
    }, ms);
  }

  private closeSocket(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.closeSocket();
  }
}

function readCredential(): StoredCredential | null {
  try {
    const value = JSON.parse(localStorage.getItem(ROOM_SCREEN_CREDENTIAL_KEY) ?? 'null') as Partial<StoredCredential> | null;
    return value && typeof value.screenToken === 'string' && typeof value.label === 'string' ? (value as StoredCredential) : null;
  } catch {
    return null;
  }
}
