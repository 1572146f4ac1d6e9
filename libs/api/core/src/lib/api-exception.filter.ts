import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrorCode, type ApiErrorResponse } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';
import { codeForStatus, ERROR_STATUS } from './error-status';
import type { SpaFallback } from './spa-fallback';

/**
 * Turns every error into the one shape `{ statusCode, code, message, details?, correlationId }`.
 * Unknown errors become a plain 500 carrying only the correlation id; the stack goes to the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly spa: SpaFallback | null) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorResponse(exception, String(request.id));

    if (body.statusCode === 404 && this.spa?.handles(request)) {
      this.spa.send(reply);
      return;
    }
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId: body.correlationId }, 'unhandled error');
    }
    const retryAfter = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && retryAfter) void reply.header('retry-after', String(retryAfter));
    void reply.status(body.statusCode).send(body);
  }
}

export function toErrorResponse(exception: unknown, correlationId: string): ApiErrorResponse {
  if (exception instanceof DomainError) {
    return { statusCode: ERROR_STATUS[exception.code], code: exception.code, message: exception.message, details: exception.details, correlationId };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? 'The request is not valid.'
          : String((response as { message?: unknown }).message ?? exception.message);
    const details = typeof response === 'object' && Array.isArray((response as { message?: unknown }).message) ? (response as { message: unknown }).message : undefined;
    return { statusCode: status, code: codeForStatus(status), message, ...(details ? { details } : {}), correlationId };
  }
  // Errors raised by Fastify itself (malformed JSON, body too large, bad content type).
  const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { statusCode: fastifyStatus, code: codeForStatus(fastifyStatus), message: (exception as Error).message, correlationId };
  }
  return { statusCode: 500, code: CommonErrorCode.INTERNAL, message: 'An unexpected error occurred.', correlationId };
}
