// A real OpenID provider for tests (oidc-provider), run in a child process so
// its ESM-only code stays out of Jest's module system.
//
//   node oidc-provider.mjs   (env: OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET,
//                             OIDC_TEST_REDIRECT_URIS = comma-separated list)
//
// Prints one line `OIDC_PROVIDER_READY <issuer-url>` on stdout once it listens on
// a free port of 127.0.0.1. Its own minimal interactions: a login form that
// accepts any name (the account's `preferred_username` is that name), then a
// consent form. A name ending in `+mfa` signs in as the name before it and the
// provider asserts `amr: ["pwd", "mfa"]`, modelling a provider that did a second
// factor; otherwise `amr: ["pwd"]`.
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
    const username = id.replace(/\+mfa$/, '');
    return {
      accountId: id,
      claims: () => ({ sub: id, preferred_username: username, name: username }),
    };
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const page = (uid, prompt) =>
  `<!doctype html><title>Test provider</title><form method="post" action="/interaction/${uid}">` +
  `<input type="hidden" name="prompt" value="${prompt}"/>` +
  (prompt === 'login' ? '<input name="login" required autofocus/><input name="password" type="password"/>' : '') +
  `<button type="submit">${prompt === 'login' ? 'Sign-in' : 'Continue'}</button></form>`;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page(details.uid, details.prompt.name));
  }
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const form = new URLSearchParams(raw);
  if (details.prompt.name === 'login') {
    const accountId = form.get('login') ?? '';
    const amr = accountId.endsWith('+mfa') ? ['pwd', 'mfa'] : ['pwd'];
    return provider.interactionFinished(req, res, { login: { accountId, amr } }, { mergeWithLastSubmission: false });
  }
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const providerCallback = provider.callback();
server.on('request', (req, res) => {
  if (req.url?.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error?.message ?? error));
    });
    return;
  }
  providerCallback(req, res);
});
process.stdout.write(`OIDC_PROVIDER_READY ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
