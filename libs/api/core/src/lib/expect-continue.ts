import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

const EXPECTS_CONTINUE = Symbol('expects-continue');
type MarkedRequest = IncomingMessage & { [EXPECTS_CONTINUE]?: boolean };

/** The most a request may carry: its declared length is compared with this before the body is asked for. */
export type BodyLimit = (request: FastifyRequest) => number;

/**
 * `Expect: 100-continue`: a client asks before sending a body. Node answers "100 Continue" at
 * once unless the server listens for 'checkContinue'; then the request runs through Fastify's
 * hooks like any other, and "100 Continue" is sent only just before the body is read
 * (preParsing). A declared Content-Length over the route's limit is answered 413, in the error
 * shape, without asking for the body, and the connection is closed (the client may still send it).
 */
export function answerExpectContinue(server: Server, fastify: FastifyInstance, limitFor: BodyLimit): void {
  server.on('checkContinue', (request: MarkedRequest, response: ServerResponse) => {
    request[EXPECTS_CONTINUE] = true;
    server.emit('request', request, response);
  });
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const raw = request.raw as MarkedRequest;
    if (!raw[EXPECTS_CONTINUE]) return done(null, payload);
    raw[EXPECTS_CONTINUE] = false;
    const declared = Number(request.headers['content-length']);
    const limit = limitFor(request);
    if (Number.isFinite(declared) && declared > limit) {
      void reply.header('connection', 'close');
      return done(new DomainError(CommonErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than the ${limit} bytes this route accepts.`, { maxBytes: limit }));
    }
    reply.raw.writeContinue();
    done(null, payload);
  });
}
