import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the Angular app's index.html for client-side routes (a browser GET that is not under
 * /api or /socket.io and matched no file), so deep links and reloads work.
 */
export class SpaFallback {
  private readonly indexHtml: Buffer;

  private constructor(readonly root: string) {
    this.indexHtml = readFileSync(join(root, 'index.html'));
  }

  static fromDirectory(root: string | null): SpaFallback | null {
    return root && existsSync(join(root, 'index.html')) ? new SpaFallback(root) : null;
  }

  handles(request: FastifyRequest): boolean {
    const path = request.url.split('?')[0];
    return request.method === 'GET' && !path.startsWith('/api') && !path.startsWith('/socket.io') && !/\.[a-z0-9]{1,8}$/i.test(path);
  }

  send(reply: FastifyReply): void {
    void reply.status(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.indexHtml);
  }
}
