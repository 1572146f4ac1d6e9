import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '@ecabinet/api/platform';

/**
 * Security headers on every response (the web app, its files and the API), worked out by helmet
 * once at start-up and then copied onto each reply (@fastify/helmet builds helmet's middleware
 * again for every request: about a tenth of a small API request's CPU time, #15).
 *
 * The Content-Security-Policy fits what the web app does, and no more:
 * - scripts only from this origin: no inline script, no eval (pdf.js runs with
 *   isEvalSupported false; the build does not inline critical CSS, whose loader was an inline
 *   `onload` handler);
 * - the pdf.js worker (`/pdfjs/pdf.worker.min.mjs`) from this origin;
 * - connections to this origin: the API, and Socket.IO's WebSocket (`'self'` covers ws/wss of
 *   the same host in current browsers; PUBLIC_URL's ws/wss origin is named for older ones);
 * - images from this origin, `data:` (Material's inline icons) and `blob:` (a downloaded copy);
 * - styles from this origin and 'unsafe-inline': Angular adds each component's styles as a
 *   `<style>` element at run time, and Material sets `style` attributes. A nonce would need
 *   index.html rendered per response; style injection cannot run script, so scripts stay strict.
 * - no plugins, no framing (frame-ancestors 'none', as X-Frame-Options DENY), forms and
 *   `<base>` to this origin only.
 * - the video engine, when one is configured (#15): Jitsi's `external_api.js` and its iframe
 *   from the deployment's origin (also in connect-src: the service worker fetches the script on
 *   the page's behalf, under the worker's own policy); LiveKit's signalling (wss, and https for its checks).
 * Cross-origin isolation: COOP same-origin, CORP same-origin. HSTS (a year, subdomains) only
 * when PUBLIC_URL is https: over plain http it would be ignored, or lock a test host out.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const headers = helmetHeaders(securityOptions(config));
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

function securityOptions(config: AppConfig): HelmetOptions {
  const https = config.publicUrl.startsWith('https://');
  const publicHost = new URL(config.publicUrl).host;
  const video = config.video ? new URL(config.video.url) : null;
  const jitsi = config.video?.provider === 'jitsi' && video ? [video.origin] : [];
  const liveKit = config.video?.provider === 'livekit' && video ? [video.origin, video.origin.replace(/^ws/, 'http')] : [];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...jitsi],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // Jitsi's script too: the service worker fetches what the page loads, under this policy.
        connectSrc: ["'self'", `${https ? 'wss' : 'ws'}://${publicHost}`, ...jitsi, ...liveKit],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: jitsi.length ? jitsi : ["'none'"],
        mediaSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  };
}

/** The headers helmet sets for these options: none of its values depends on the request. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}
