import type { HttpError } from '../errors/http-error.js';
import { messageOf, validationError, type FieldError } from './field-errors.js';

interface AjvErrorShape {
  instancePath?: unknown;
  keyword?: unknown;
  message?: unknown;
  params?: Record<string, unknown>;
}

/** ajv's `ValidationError` (thrown by async schemas), recognised by the flags ajv sets on it. */
export function isAjvValidationError(value: object): boolean {
  const source = value as { ajv?: unknown; validation?: unknown; errors?: unknown };
  return source.ajv === true && source.validation === true && Array.isArray(source.errors);
}

/** A JSON Pointer (`/user/tags/0`) as a dotted field (`user.tags.0`), RFC 6901 escapes undone. */
export function pointerToField(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function fieldOf(error: AjvErrorShape): string {
  const field = pointerToField(typeof error.instancePath === 'string' ? error.instancePath : '');
  // `required` and `additionalProperties` report the parent object; the property they name is the field at fault.
  const child = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof child !== 'string') return field;
  return field === '' ? child : `${field}.${child}`;
}

/** An ajv `ValidationError` as a 422 with one field error per ajv error, `code` being the failed keyword. */
export function fromAjvValidationError(value: object): HttpError {
  const errors = (value as { errors: AjvErrorShape[] }).errors;
  const details = errors.map((error): FieldError => {
    const detail: FieldError = { field: fieldOf(error), message: messageOf(error.message, 'Invalid value') };
    if (typeof error.keyword === 'string') detail.code = error.keyword;
    return detail;
  });
  return validationError(value, details);
}
