import type { ErrorCode } from '@ecabinet/shared/contracts';

/**
 * A business-rule failure. Services throw it with a stable code; the global exception filter
 * maps the code to an HTTP status (exhaustively) and to the one error shape.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
