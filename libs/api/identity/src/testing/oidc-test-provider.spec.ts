import { createHash, randomBytes } from 'node:crypto';
import { type OidcTestProvider, signInAtProvider, startOidcTestProvider } from './oidc-test-provider';

const redirectUri = 'http://127.0.0.1:1/api/auth/oidc/callback';

describe('test OpenID provider', () => {
  let provider: OidcTestProvider;
  beforeAll(async () => (provider = await startOidcTestProvider([redirectUri])));
  afterAll(() => provider.stop());

  async function codeFlow(login: string) {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const auth = new URL('/auth', provider.issuer);
    auth.search = new URLSearchParams({
      client_id: provider.clientId,
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: redirectUri,
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const back = await signInAtProvider(auth.href, login, redirectUri);
    expect(back.searchParams.get('state')).toBe('state-1');
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();
    const token = await fetch(new URL('/token', provider.issuer), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code as string, redirect_uri: redirectUri, code_verifier: verifier }),
    });
    expect(token.status).toBe(200);
    const { id_token } = (await token.json()) as { id_token: string };
    return JSON.parse(Buffer.from(id_token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
  }

  it('signs a user in through its login form and issues an ID token naming them', async () => {
    const claims = await codeFlow('alice');
    expect(claims).toMatchObject({ sub: 'alice', iss: provider.issuer, nonce: 'nonce-1' });
    expect(claims['amr']).toEqual(['pwd']);
  });

  it('asserts a second factor (amr) for a "+mfa" login', async () => {
    const claims = await codeFlow('bob+mfa');
    expect(claims['amr']).toEqual(['pwd', 'mfa']);
  });
});
