import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { requestContext } from '@ecabinet/api/platform';

/** What a line written outside any request or job carries (start-up, shutdown): one id per process. */
export const PROCESS_CORRELATION_ID = `process-${randomUUID()}`;

/**
 * Structured JSON logs on stdout (or `destination`), one line per event. Every line carries a
 * `correlationId`: the request's or socket message's, a background job's (scheduler pass, mail
 * sent from it, audit chain writer), or the process's own for start-up and shutdown.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ecabinet-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Fastify's request loggers already name it (requestIdLogLabel); other lines get it here.
      mixin: (_object, _level, logger) => ('correlationId' in logger.bindings() ? {} : { correlationId: requestContext.current()?.correlationId ?? PROCESS_CORRELATION_ID }),
    },
    destination ?? pino.destination(1),
  );
}

/** Nest's own log calls, written through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    // Nest calls (message, ...params, context): `logger.log({ to }, 'e-mail sent')` from a Logger
    // named 'Mailer' arrives as ({ to }, ['e-mail sent', 'Mailer']).
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const text = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message && typeof message === 'object') this.logger[level]({ context, ...(message as object) }, text);
    else this.logger[level]({ context }, String(message));
  }
}
