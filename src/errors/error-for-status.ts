import { errorClasses } from './classes.js';
import { HttpError } from './http-error.js';
import type { HttpErrorOptions } from './options.js';

/**
 * The error for a status and constructor arguments: the status's class, else a plain `HttpError`; a `RangeError`
 * outside 400–599. What `createError` does without its http-errors call shapes, for errata's own callers (the
 * client's `fromResponse`, `toHttpError`): importing it does not bring in `toHttpError` and its mappers.
 * @internal
 */
export function errorForStatus(status: number, messageOrOptions?: string | HttpErrorOptions, options?: HttpErrorOptions): HttpError {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`createError: status ${String(status)} is not an error status (400–599)`);
  }
  const StatusClass = (errorClasses as Readonly<Record<number, new (m?: string | HttpErrorOptions, o?: HttpErrorOptions) => HttpError>>)[status];
  return StatusClass ? new StatusClass(messageOrOptions, options) : new HttpError(status, messageOrOptions as string, options);
}
