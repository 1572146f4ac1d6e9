import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import { DomainError, unacceptableInput, type FieldProblem } from '@ecabinet/api/platform';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const invalidRequest = (problems: FieldProblem[]) => new DomainError(CommonErrorCode.VALIDATION_FAILED, 'The request is not valid.', problems);

/**
 * Before any DTO sees a body, a query or a route parameter: no NUL characters anywhere
 * (PostgreSQL would fail on them: a 500) and no absurd nesting (class-transformer would overflow
 * the stack). A whole body or query is named from its root, a single parameter by its name.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problems = unacceptableInput(value, metadata.data ?? '');
      if (problems.length) throw invalidRequest(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelisting validation for every request; failures list each field and what is wrong. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });
}
