import { Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';

authenticator.options = { window: 1 };

/** RFC 6238 time-based one-time passwords (authenticator apps). */
@Injectable()
export class TotpService {
  generateSecret(): string {
    return authenticator.generateSecret();
  }

  otpauthUrl(username: string, secret: string): string {
    return authenticator.keyuri(username, 'e-Cabinet', secret);
  }

  /** The time-step the code belongs to when valid (now or one step either side), else null. */
  verify(code: string | undefined, secret: string | null): number | null {
    if (!code || !secret || !/^\d{6}$/.test(code)) return null;
    const delta = authenticator.checkDelta(code, secret);
    if (delta === null) return null;
    return Math.floor(Date.now() / 1000 / authenticator.allOptions().step) + delta;
  }

  /** For tests and the demo: the code an authenticator app would show now. */
  currentCode(secret: string): string {
    return authenticator.generate(secret);
  }
}
