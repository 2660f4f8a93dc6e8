import type { ErrorStatus } from '../catalog/catalog.js';
import { errorClasses } from './classes.js';
import { HttpError } from './http-error.js';
import type { HttpErrorOptions, OptionsFor } from './options.js';

/**
 * Creates the error for a status: the errata class for a documented 4xx/5xx code, a plain
 * {@link HttpError} for any other status in 400–599. Throws a `RangeError` for a status outside 400–599.
 *
 * @example
 * throw createError(404, 'User 42 does not exist');
 * throw createError(429, { retryAfter: 30 });
 */
export function createError<S extends ErrorStatus>(status: S, message?: string, options?: OptionsFor<S>): HttpError<S>;
export function createError<S extends ErrorStatus>(status: S, options?: OptionsFor<S>): HttpError<S>;
export function createError(status: number, message?: string, options?: HttpErrorOptions): HttpError;
export function createError(status: number, options?: HttpErrorOptions): HttpError;
export function createError(status: number, messageOrOptions?: string | HttpErrorOptions, options?: HttpErrorOptions): HttpError {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`createError: status ${String(status)} is not an error status (400–599)`);
  }
  const StatusClass = (errorClasses as Readonly<Record<number, new (m?: string | HttpErrorOptions, o?: HttpErrorOptions) => HttpError>>)[status];
  return StatusClass ? new StatusClass(messageOrOptions, options) : new HttpError(status, messageOrOptions as string, options);
}
