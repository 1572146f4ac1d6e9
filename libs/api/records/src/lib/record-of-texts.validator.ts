import { ValidateBy, type ValidationOptions } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** An object whose keys are UUIDs and whose values are texts no longer than `maxLength`, at most `maxKeys` of them. */
export function IsRecordOfTexts(maxLength: number, maxKeys: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecordOfTexts',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= maxKeys &&
          Object.entries(value).every(([key, text]) => UUID.test(key) && typeof text === 'string' && text.length <= maxLength),
        defaultMessage: () => `$property must map agenda item ids to texts of at most ${maxLength} characters`,
      },
    },
    options,
  );
}
