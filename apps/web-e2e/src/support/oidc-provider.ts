import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The API's test OpenID provider (oidc-provider in its own process): a login form that accepts any name. */
const SCRIPT = resolve(__dirname, '../../../../libs/api/identity/src/testing/oidc-provider.mjs');

export interface OidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

/** Starts the provider for one client whose callback is `redirectUri`; resolves once it listens. */
export function startOidcProvider(redirectUri: string): Promise<OidcProvider> {
  const clientId = 'ecabinet-e2e';
  const clientSecret = 'ecabinet-e2e-secret';
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, OIDC_TEST_CLIENT_ID: clientId, OIDC_TEST_CLIENT_SECRET: clientSecret, OIDC_TEST_REDIRECT_URIS: redirectUri },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((ready, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`the OpenID provider exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const issuer = /OIDC_PROVIDER_READY (\S+)/.exec(out)?.[1];
      if (issuer) ready({ issuer, clientId, clientSecret, stop });
    });
  });
}
