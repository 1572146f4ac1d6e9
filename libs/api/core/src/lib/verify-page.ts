import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Serves the offline verification page (built by tools/scripts/build-verify-page.mjs): at
 * `GET /verify` to use in place, at `GET /verify.html` as a download to keep and open offline.
 * Public: it holds no data, only the verifier. The page carries its own Content-Security-Policy
 * (its one inline script and style by hash, no connection); the response sends the same policy in
 * place of the web app's, which would refuse the inline script.
 */
export function registerVerifyPage(fastify: FastifyInstance, file: string | null): void {
  const html = file && existsSync(file) ? readFileSync(file) : null;
  const policy = html ? /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html.toString('utf8'))?.[1] ?? null : null;
  const send = (download: boolean) => async (_request: unknown, reply: FastifyReply) => {
    if (!html || !policy) {
      return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('The verification page was not built (npm run build).');
    }
    void reply.header('content-security-policy', policy).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache');
    if (download) void reply.header('content-disposition', 'attachment; filename="ecabinet-verify.html"');
    return reply.send(html);
  };
  fastify.get('/verify', send(false));
  fastify.get('/verify.html', send(true));
}
