// A real OpenID provider for tests (oidc-provider), run in a child process so
// its ESM-only code stays out of Jest's module system.
//
//   node oidc-provider.mjs   (env: OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET,
//                             OIDC_TEST_REDIRECT_URIS = comma-separated list)
//
// Prints one line `OIDC_PROVIDER_READY <issuer-url>` on stdout once it listens on
// a free port of 127.0.0.1. Any login name is accepted at the provider's
// development login form; the account's `preferred_username` is that name.
// A name ending in `+mfa` signs in as the name before it and asserts
// `amr: ["pwd", "mfa"]`, so tests can model a provider that did a second factor.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clientId = process.env.OIDC_TEST_CLIENT_ID ?? 'ecabinet';
const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET ?? 'ecabinet-test-secret';
const redirectUris = (process.env.OIDC_TEST_REDIRECT_URIS ?? 'http://127.0.0.1/api/auth/oidc/callback')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub', 'amr'], profile: ['preferred_username', 'name'] },
  cookies: { keys: ['oidc-test-cookie-key'] },
  findAccount: (_ctx, id) => {
    const mfa = id.endsWith('+mfa');
    const username = mfa ? id.slice(0, -'+mfa'.length) : id;
    return {
      accountId: id,
      claims: () => ({
        sub: id,
        preferred_username: username,
        name: username,
        ...(mfa ? { amr: ['pwd', 'mfa'] } : {}),
      }),
    };
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;

server.on('request', provider.callback());
process.stdout.write(`OIDC_PROVIDER_READY ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
