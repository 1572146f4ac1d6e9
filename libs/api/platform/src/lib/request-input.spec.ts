import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, MaxLength, validateSync } from 'class-validator';
import { MAX_INPUT_DEPTH, Omittable, OmittableOrNull, unacceptableInput } from './request-input';

class Example {
  @Omittable()
  @IsString()
  @MaxLength(10)
  title?: string;

  @OmittableOrNull()
  @IsInt()
  minutes?: number | null;
}

const invalidFields = (plain: object) => validateSync(plainToInstance(Example, plain)).map((error) => error.property);

describe('Omittable and OmittableOrNull', () => {
  it('an omittable field may be left out but not sent as null', () => {
    expect(invalidFields({})).toEqual([]);
    expect(invalidFields({ title: 'Tờ trình' })).toEqual([]);
    expect(invalidFields({ title: null })).toEqual(['title']);
  });

  it('a field that may be null takes null, and is validated otherwise', () => {
    expect(invalidFields({ minutes: null })).toEqual([]);
    expect(invalidFields({ minutes: 'ten' })).toEqual(['minutes']);
  });
});

describe('unacceptableInput', () => {
  it('names every string with a NUL character by its path, and nothing else', () => {
    const body = { title: 'a\u0000b', ok: 'fine', answers: [{ comment: 'x' }, { comment: '\u0000' }], count: 3, none: null };
    expect(unacceptableInput(body)).toEqual([
      { field: 'title', problems: ['title must not contain NUL characters'] },
      { field: 'answers.1.comment', problems: ['comment must not contain NUL characters'] },
    ]);
    expect(unacceptableInput({ title: 'Tờ trình', tags: ['a', 'b'], nested: { deep: [1, true] } })).toEqual([]);
  });

  it('names a parameter by its own name', () => {
    expect(unacceptableInput('AB\u0000CD', 'code')).toEqual([{ field: 'code', problems: ['code must not contain NUL characters'] }]);
    expect(unacceptableInput('fine', 'code')).toEqual([]);
  });

  it('refuses nesting beyond the limit without overflowing the stack, however deep', () => {
    const atLimit = JSON.parse(`{"a":${'['.repeat(MAX_INPUT_DEPTH - 1)}${']'.repeat(MAX_INPUT_DEPTH - 1)}}`);
    expect(unacceptableInput(atLimit)).toEqual([]);
    const hostile = JSON.parse(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const [refused] = unacceptableInput(hostile);
    expect(refused.field).toBe(['a', ...Array(MAX_INPUT_DEPTH - 1).fill('0')].join('.'));
    expect(refused.problems).toEqual([`a must not be nested more than ${MAX_INPUT_DEPTH} levels deep`]);
  });
});
