import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The local Web Push service (see the script): verifies VAPID and decrypts as a device would. */
const SCRIPT = resolve(__dirname, '../../../notifications/src/testing/push-service.mjs');

/** A device subscribed through the stub: what `PushSubscription.toJSON()` gives, and its id there. */
export interface StubDevice {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What reached a device: the decrypted message, the request's TTL and urgency, the verified VAPID claims. */
export interface StubPush<T = unknown> {
  message: T;
  ttl: number;
  urgency: string;
  vapid: { sub: string; aud: string; exp: number; publicKey: string };
}

export interface PushServiceStub {
  /** For PUSH_SERVICES. */
  readonly origin: string;
  device(): Promise<StubDevice>;
  received<T = unknown>(device: StubDevice): Promise<{ messages: StubPush<T>[]; refusals: string[] }>;
  /** The device unsubscribed: the service answers 410 Gone from now on. */
  gone(device: StubDevice): Promise<void>;
  stop(): Promise<void>;
}

export function startPushService(): Promise<PushServiceStub> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((ready, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`the push service stub exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const origin = /PUSH_SERVICE_READY (\S+)/.exec(out)?.[1];
      if (!origin) return;
      const call = async (path: string, method = 'GET') => {
        const response = await fetch(`${origin}${path}`, { method });
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
        return response.status === 204 ? null : response.json();
      };
      ready({
        origin,
        device: () => call('/_stub/devices', 'POST') as Promise<StubDevice>,
        received: (device) => call(`/_stub/devices/${device.id}/messages`),
        gone: async (device) => void (await call(`/_stub/devices/${device.id}/gone`, 'POST')),
        stop,
      });
    });
  });
}
