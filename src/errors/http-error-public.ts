import { statuses } from '../catalog/statuses.js';
import { errorFromResponse } from '../client/from-response.js';
import { completeHttpError, HttpError as HttpErrorClass } from './http-error.js';

/**
 * An HTTP error: a status in 400–599 with its documented message and description, and optional data.
 * Every errata error class extends it; it also reads as an http-errors error (`status`, `statusCode`,
 * `expose`, `headers`), so Koa and Express answer it correctly even without errata's middleware.
 *
 * @example
 * throw new HttpError(499, 'The client closed the connection');
 */
// The class itself, completed with the whole catalogue and the response reader. A binding of its own, so that a
// bundler includes them only where `HttpError` is imported: the built-in classes extend the class directly and
// bring one catalogue entry each, so `import { NotFound }` bundles to a few kilobytes.
export const HttpError: typeof HttpErrorClass = /* @__PURE__ */ completeHttpError({ statuses, fromResponse: errorFromResponse });
export type HttpError<S extends number = number> = HttpErrorClass<S>;
