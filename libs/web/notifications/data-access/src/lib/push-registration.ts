import { Injectable, inject, signal } from '@angular/core';
import { SwPush } from '@angular/service-worker';
import type { PushSubscriptionRequest } from '@ecabinet/shared/contracts';
import { AuthStore, PUSH_OWNER_KEY } from '@ecabinet/web/identity/data-access';
import { firstValueFrom, take, timeout } from 'rxjs';
import { NotificationsApi } from './notifications.api';

/** Where this device stands: no push here (no service worker, an old browser), blocked by the user, or off / on for the signed-in user. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/** The service worker registers once the app is stable; reading its subscription waits no longer than this. */
const REGISTRATION_WAIT_MS = 15_000;

/**
 * Push notifications on this device (#14): the browser's subscription through Angular's service
 * worker, which shows the pushes and opens their page on a click. The subscription belongs to
 * the session that sends it, so each start of a signed-in app sends it again; the server drops it
 * when the session ends (logout, wipe), and the browser's own goes with a wipe or a logout.
 */
@Injectable({ providedIn: 'root' })
export class PushRegistration {
  private readonly swPush = inject(SwPush, { optional: true });
  private readonly api = inject(NotificationsApi);
  private readonly auth = inject(AuthStore);
  private readonly stateSignal = signal<PushState>(this.supported ? 'off' : 'unsupported');
  readonly state = this.stateSignal.asReadonly();
  /** Bumped by every change of state asked for, so that a slower check never overwrites a later enable or disable. */
  private generation = 0;

  get supported(): boolean {
    return Boolean(this.swPush?.isEnabled) && typeof Notification !== 'undefined';
  }

  /** Reads whether this device receives the signed-in user's pushes. */
  async check(): Promise<PushState> {
    if (!this.supported) return this.set('unsupported');
    if (Notification.permission === 'denied') return this.set('denied');
    const asked = ++this.generation;
    const subscription = await this.current();
    if (asked !== this.generation) return this.stateSignal();
    return this.set(subscription && Notification.permission === 'granted' && this.ownedHere() ? 'on' : 'off');
  }

  /** Asks the browser (its permission prompt), then the server; errors reach the caller. */
  async enable(serverPublicKey: string): Promise<void> {
    const swPush = this.swPush;
    if (!swPush || !this.supported) throw new Error('push unsupported');
    this.generation++;
    try {
      const subscription = await swPush.requestSubscription({ serverPublicKey });
      await firstValueFrom(this.api.subscribePush(toRequest(subscription)));
      globalThis.localStorage?.setItem(PUSH_OWNER_KEY, this.auth.user()?.id ?? '');
      this.set('on');
    } catch (error) {
      if (Notification.permission === 'denied') this.set('denied');
      throw error;
    }
  }

  async disable(): Promise<void> {
    this.generation++;
    await firstValueFrom(this.api.unsubscribePush());
    globalThis.localStorage?.removeItem(PUSH_OWNER_KEY);
    await this.swPush?.unsubscribe().catch(() => undefined);
    this.set('off');
  }

  /**
   * At the start of a signed-in app: the browser's subscription, when this user turned push on
   * here, is tied to this session (a new one after a restart or an expiry); another user's is
   * dropped. Never throws.
   */
  async resume(): Promise<void> {
    try {
      if (!this.supported || Notification.permission !== 'granted') return;
      const subscription = await this.current();
      if (!subscription) return;
      if (!this.ownedHere()) {
        await subscription.unsubscribe();
        return;
      }
      await firstValueFrom(this.api.subscribePush(toRequest(subscription)));
      this.set('on');
    } catch {
      // Offline or refused: the next start tries again; the account page shows the state.
    }
  }

  private ownedHere(): boolean {
    const owner = globalThis.localStorage?.getItem(PUSH_OWNER_KEY);
    return Boolean(owner) && owner === this.auth.user()?.id;
  }

  private async current(): Promise<PushSubscription | null> {
    if (!this.swPush) return null;
    return firstValueFrom(this.swPush.subscription.pipe(take(1), timeout({ first: REGISTRATION_WAIT_MS, with: () => [null] })));
  }

  private set(state: PushState): PushState {
    this.stateSignal.set(state);
    return state;
  }
}

function toRequest(subscription: PushSubscription): PushSubscriptionRequest {
  const json = subscription.toJSON();
  return { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.['p256dh'] ?? '', auth: json.keys?.['auth'] ?? '' } };
}
