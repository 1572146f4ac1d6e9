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

  verify(code: string | undefined, secret: string | null): boolean {
    if (!code || !secret || !/^\d{6}$/.test(code)) return false;
    return authenticator.check(code, secret);
  }

  /** For tests and the demo: the code an authenticator app would show now. */
  currentCode(secret: string): string {
    return authenticator.generate(secret);
  }
}
