import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Role } from '@ecabinet/shared/contracts';

/** The authenticated caller as the guard established it. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  /** The caller's session (refresh-token family), when authenticated by an access token. */
  sessionId?: string;
  /** The session was signed in through the identity provider, which asserted a second factor (`amr`). */
  providerSecondFactor?: boolean;
}

/** What every log line and audit entry of one request or socket message knows. */
export interface RequestContext {
  correlationId: string;
  ip: string | null;
  user: AuthenticatedUser | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /**
   * Runs background work (a scheduler pass, the audit chain writer) under a correlation id of its
   * own, `<job>-<uuid>`, so that its log lines and audit entries can be told apart and grouped.
   */
  runJob<T>(job: string, fn: () => T): T {
    return storage.run({ correlationId: `${job}-${randomUUID()}`, ip: null, user: null }, fn);
  },
  setUser(user: AuthenticatedUser): void {
    const context = storage.getStore();
    if (context) context.user = user;
  },
};
