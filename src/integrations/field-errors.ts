import { UnprocessableEntity } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';

/**
 * One invalid input, whatever library found it. `field` is the dotted path of the value (`'user.email'`,
 * `'tags.0'`; `''` for the whole input); `code` is the validator's own rule name when it has one.
 *
 * @example
 * const details: FieldError[] = [{ field: 'user.email', message: 'Invalid email address', code: 'invalid_format' }];
 */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

const VALIDATION_MESSAGE = 'Validation failed';

/** The 422 every validation mapper answers with: the field errors as `details`, the original as `cause` (and its stack). */
export function validationError(original: unknown, details: FieldError[]): HttpError<422> {
  const error = new UnprocessableEntity(VALIDATION_MESSAGE, { details, cause: original, captureStack: false });
  if (original instanceof Error && typeof original.stack === 'string') error.stack = original.stack;
  return error;
}

/** A message that is safe to send: validators accept any message value, errata sends strings only. */
export function messageOf(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
