import { createFetchCore, factsOf } from './core.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';

/**
 * Options of errata/fetch: those of `createErrorHandler`; `requestId` and `onError` receive the `Request` (or
 * `undefined` when none was given).
 *
 * @example
 * const options: FetchErrorOptions = { problemTypeBase: 'https://example.com/errors/', requestId: (request) => request?.headers.get('X-Correlation-Id') ?? undefined };
 * const respond = createResponder(options);
 */
export type FetchErrorOptions = ErrorHandlerOptions<Request | undefined>;

/**
 * Answers an error with a `Response`; the request, when given, picks the format, language and HEAD. `headers` are
 * those the app had meant to send (CORS, cookies): kept, but for those describing a success body (ETag,
 * Content-Encoding…), framing headers and a limiter's rate-limit set; a `Vary` among them is merged with errata's.
 *
 * @example
 * const respond: Responder = createResponder({ production: true });
 * return respond(new NotFound(), request, { 'Access-Control-Allow-Origin': '*' });
 */
export type Responder = (error: unknown, request?: Request, headers?: HeadersInit) => Response;

/**
 * Creates a function that turns anything thrown into a documented `Response`: status, headers and a body
 * negotiated from the request's `Accept` (JSON without a request); `HEAD` gets no body. Runs on any runtime with
 * the Fetch API (Node 20, Bun, Deno, edge): nothing on this path imports a `node:` module.
 *
 * @example
 * const respond = createResponder({ problemTypeBase: 'https://example.com/errors/' });
 * Bun.serve({ fetch: (request) => route(request).catch((error) => respond(error, request)) });
 */
export function createResponder(options: FetchErrorOptions = {}): Responder {
  const respond = createFetchCore(options);
  return function errataRespond(error: unknown, request?: Request, headers?: HeadersInit): Response {
    return respond(error, request, factsOf(request), headers === undefined ? undefined : new Headers(headers));
  };
}

let defaultResponder: Responder | undefined;
const responders = new WeakMap<FetchErrorOptions, Responder>();

/**
 * The `Response` for one error. With `options`, prefer {@link createResponder} once: it decides the options once.
 *
 * @example
 * export default { fetch: (request) => handle(request).catch((error) => toResponse(error, request)) };
 */
export function toResponse(error: unknown, request?: Request, options?: FetchErrorOptions): Response {
  let responder: Responder | undefined;
  if (options === undefined) responder = defaultResponder ??= createResponder();
  else {
    // The same options object (a module constant, typically) is decided once.
    responder = responders.get(options);
    if (!responder) responders.set(options, (responder = createResponder(options)));
  }
  return responder(error, request);
}
export { problemDocs, type DocumentedProblem, type ProblemDocsOptions, type ProblemIndexItem } from './problem-docs.js';
