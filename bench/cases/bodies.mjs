import { catalog } from '#errata';

// The hand-written cases send the very bytes errata answers a production 404 with, so every case of a
// framework differs only in how it gets there.
const { message, description } = catalog[404];

/** The body a hand-written case builds per request (a fresh object, as a route would). */
export function notFoundBody() {
  return { status: 404, error: message, message, description, retryable: false };
}

/** The serialised production 404 body errata sends. */
export const NOT_FOUND_JSON = JSON.stringify(notFoundBody());

/** The path every case requests (a route `/items/:id`), so that the frameworks' cases answer the same request. */
export const CASE_URL = '/items/42';

/** The Content-Length of {@link NOT_FOUND_JSON}, as a header value. */
export const NOT_FOUND_LENGTH = String(Buffer.byteLength(NOT_FOUND_JSON));
