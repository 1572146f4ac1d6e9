import { IsOptional, ValidateIf } from 'class-validator';

/** One field of a request and what is wrong with it: the `details` of a VALIDATION_FAILED error. */
export interface FieldProblem {
  /** The path, as class-validator names it: `answers.0.comment`. */
  field: string;
  problems: string[];
}

/**
 * The field may be left out; when it is sent, it is validated, so `null` is refused by the type
 * check that follows (400) instead of reaching a service. Use it rather than `@IsOptional()`,
 * which lets `null` through as well. (`PartialType(Dto, { skipNullProperties: false })` does the
 * same for the fields of a mapped update DTO.)
 */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** The field may be left out or sent as `null`: only where the contract says `?: T | null` (null clears it). */
export const OmittableOrNull = () => IsOptional();

/** Deeper than any request of the API; a deeper value is refused before class-transformer recurses into it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * What no request may carry, whatever its DTO says: a string with a NUL character (PostgreSQL
 * cannot store one in text, nor compare with one, and would answer an error) and nesting deeper
 * than {@link MAX_INPUT_DEPTH} (class-transformer would overflow the stack). Walks breadth-first
 * without recursion, so a hostile value cannot overflow it either. `field` names the value itself
 * (a route or query parameter); a body's fields are named from its root.
 */
export function unacceptableInput(value: unknown, field = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending = [{ value, field, depth: 0 }];
  for (let next = 0; next < pending.length; next++) {
    const { value: item, field: path, depth } = pending[next];
    if (typeof item === 'string') {
      if (item.includes('\u0000')) problems.push(problem(path, 'must not contain NUL characters'));
    } else if (item !== null && typeof item === 'object') {
      if (depth >= MAX_INPUT_DEPTH) problems.push(problem(path, `must not be nested more than ${MAX_INPUT_DEPTH} levels deep`));
      else for (const [key, child] of Object.entries(item)) pending.push({ value: child, field: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return problems;
}

/** class-validator's phrasing: the property's own name (not an array index), then what it must be. */
function problem(field: string, what: string): FieldProblem {
  const property = field.split('.').reverse().find((segment) => !/^\d+$/.test(segment)) || 'value';
  return { field, problems: [`${property} ${what}`] };
}
