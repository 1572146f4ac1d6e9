import { type OidcTestProvider, signInAtProvider, startOidcTestProvider } from '../../testing/oidc-test-provider';
import { OidcClient, OidcExchangeRefused } from './oidc-client';

const redirectUri = 'http://127.0.0.1:1/api/auth/oidc/callback';

describe('OidcClient against a real provider', () => {
  let provider: OidcTestProvider;
  let client: OidcClient;
  beforeAll(async () => {
    provider = await startOidcTestProvider([redirectUri]);
    client = new OidcClient(provider.issuer, provider.clientId, provider.clientSecret, redirectUri);
  });
  afterAll(() => provider.stop());

  it('signs in with code + PKCE and reads the claims and amr', async () => {
    const { url, pending } = await client.start();
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await signInAtProvider(url.href, 'carol+mfa', redirectUri);
    const result = await client.finish(callback, pending);
    expect(result.claims['preferred_username']).toBe('carol');
    expect(result.amr).toEqual(['pwd', 'mfa']);
  });

  it('refuses a callback whose state is not the one the sign-in started with', async () => {
    const { url, pending } = await client.start();
    const callback = await signInAtProvider(url.href, 'carol', redirectUri);
    await expect(client.finish(callback, { ...pending, state: 'another-state' })).rejects.toBeInstanceOf(OidcExchangeRefused);
  });

  it('refuses a code used a second time', async () => {
    const { url, pending } = await client.start();
    const callback = await signInAtProvider(url.href, 'carol', redirectUri);
    await client.finish(callback, pending);
    await expect(client.finish(callback, pending)).rejects.toBeInstanceOf(OidcExchangeRefused);
  });
});
