import type { HttpError } from '../errors/http-error.js';
import { messageOf, validationError, type FieldError } from './field-errors.js';

interface ZodIssueShape {
  path?: unknown;
  message?: unknown;
  code?: unknown;
}

/** A zod (3 or 4) `ZodError`, recognised by shape so errata does not depend on zod. */
export function isZodError(value: object): boolean {
  const source = value as { name?: unknown; issues?: unknown };
  return source.name === 'ZodError' && Array.isArray(source.issues);
}

/** A `ZodError` as a 422 with one field error per issue. */
export function fromZodError(value: object): HttpError {
  const issues = (value as { issues: ZodIssueShape[] }).issues;
  const details = issues.map((issue): FieldError => {
    // Paths may hold symbols, which Array#join cannot convert.
    const field = Array.isArray(issue.path) ? issue.path.map((key) => String(key)).join('.') : '';
    const detail: FieldError = { field, message: messageOf(issue.message, 'Invalid value') };
    if (typeof issue.code === 'string') detail.code = issue.code;
    return detail;
  });
  return validationError(value, details);
}
