import type { HttpError } from '../errors/http-error.js';
import { messageOf, validationError, type FieldError } from './field-errors.js';

interface ValidatorErrorShape {
  type?: unknown;
  path?: unknown;
  msg?: unknown;
  fields?: Array<{ path?: unknown }>;
  nestedErrors?: unknown[];
}

/**
 * What express-validator 7's `validationResult(req).throw()` throws: an `Error` with the result's own
 * `errors`, `array()` and `mapped()` copied onto it. Recognised by shape so errata does not depend on it.
 */
export function isExpressValidatorError(value: object): boolean {
  const source = value as { errors?: unknown; array?: unknown; mapped?: unknown };
  return Array.isArray(source.errors) && typeof source.array === 'function' && typeof source.mapped === 'function';
}

// express-validator writes array indexes as `tags[0]`; the documented field shape is dotted (`tags.0`), as zod and ajv give.
function pathOf(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\[(\d+)\]/g, (_match, index: string, offset: number) => (offset === 0 ? index : `.${index}`)) : '';
}

// `oneOf` failures nest one list per alternative; they name a field only when every alternative is about the same one.
function alternativeField(nested: unknown[] | undefined): string {
  const paths = new Set((nested ?? []).flat().map((error) => pathOf((error as ValidatorErrorShape | undefined)?.path)));
  return paths.size === 1 ? [...paths][0]! : '';
}

function toFieldErrors(error: ValidatorErrorShape): FieldError[] {
  const message = messageOf(error.msg, 'Invalid value');
  if (error.type === 'unknown_fields' && Array.isArray(error.fields)) {
    return error.fields.map((field) => ({ field: pathOf(field.path), message }));
  }
  if (error.type === 'alternative' || error.type === 'alternative_grouped') {
    return [{ field: alternativeField(error.nestedErrors), message }];
  }
  return [{ field: pathOf(error.path), message }];
}

/** An express-validator error as a 422 with one field error per invalid field (`field` is its `path`). */
export function fromExpressValidatorError(value: object): HttpError {
  // The raw `errors`, not `array()`: a `formatWith` formatter may have turned those into any shape.
  const errors = (value as { errors: ValidatorErrorShape[] }).errors;
  return validationError(value, errors.flatMap(toFieldErrors));
}
