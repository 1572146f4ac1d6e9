import { authenticator } from 'otplib';

const STEP_MS = 30_000;

/**
 * The code of the TOTP step before the current one: still inside the server's window, so a
 * test can confirm with it and keep the current code fresh for a login. Waits first when the
 * step is about to change, so the code is not two steps old by the time the server sees it.
 */
export async function previousTotpCode(secret: string): Promise<string> {
  const remaining = STEP_MS - (Date.now() % STEP_MS);
  if (remaining < 3_000) await new Promise((resolve) => setTimeout(resolve, remaining + 100));
  return authenticator.clone({ epoch: Date.now() - STEP_MS }).generate(secret);
}
