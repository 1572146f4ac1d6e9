import type * as OpenIdClient from 'openid-client';

/** What the browser must carry from the start of a sign-in to its callback. */
export interface OidcPendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The provider's answer once the code is exchanged and the ID token checked. */
export interface OidcSignInResult {
  readonly claims: Record<string, unknown>;
  /** Authentication methods the provider asserts (`amr`), empty when it says none. */
  readonly amr: readonly string[];
}

/** Raised when the provider's answer is refused (wrong state, replayed code, bad token). */
export class OidcExchangeRefused extends Error {}

/**
 * Adapter over `openid-client` (authorization code flow with PKCE). The
 * provider's metadata is discovered once, lazily, at the first use.
 */
export class OidcClient {
  private configuration?: Promise<OpenIdClient.Configuration>;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly redirectUri: string,
  ) {}

  /** A fresh state, nonce and PKCE verifier, and the provider URL to send the browser to. */
  async start(): Promise<{ url: URL; pending: OidcPendingSignIn }> {
    const client = await import('openid-client');
    const config = await this.config();
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Checks the callback against what the sign-in started with and exchanges the code. */
  async finish(callbackUrl: URL, pending: OidcPendingSignIn): Promise<OidcSignInResult> {
    const client = await import('openid-client');
    const config = await this.config();
    let tokens: OpenIdClient.TokenEndpointResponse & OpenIdClient.TokenEndpointResponseHelpers;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcExchangeRefused(error instanceof Error ? error.message : String(error));
    }
    const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    const amr = Array.isArray(claims['amr']) ? claims['amr'].filter((m): m is string => typeof m === 'string') : [];
    return { claims, amr };
  }

  private config(): Promise<OpenIdClient.Configuration> {
    this.configuration ??= import('openid-client').then((client) =>
      client.discovery(new URL(this.issuer), this.clientId, this.clientSecret, undefined, {
        // A plain-HTTP issuer is only accepted on the loopback interface (tests, local runs).
        execute: isLoopback(this.issuer) ? [client.allowInsecureRequests] : [],
      }),
    );
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }
}

function isLoopback(issuer: string): boolean {
  const { protocol, hostname } = new URL(issuer);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}
