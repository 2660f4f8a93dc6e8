import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorForStatus } from '../../errors/error-for-status.js';
import { isErrorStatus } from '../../errors/error-status.js';
import type { ErrorMap } from '../../integrations/map.js';
import { unmatchedRoute } from '../../middleware/core.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';
import { createFetchCore, factsOf, isEmptyHeaders } from '../fetch/core.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';

/**
 * Options of the Hono error handler; `requestId` and `onError` receive Hono's `Context`.
 *
 * @example
 * const options: HonoErrorHandlerOptions = { problemTypeBase: 'https://example.com/errors/', requestId: (c) => c.req.header('X-Correlation-Id') };
 * app.onError(createErrorHandler(options));
 */
export type HonoErrorHandlerOptions = ErrorHandlerOptions<Context>;

/**
 * Hono's `HTTPException` as the errata error of its status, its message kept (sent as errata's own errors' are:
 * always for 4xx, for 5xx outside production only) and itself the `cause`. Tried before the app's own mappings.
 */
const HTTP_EXCEPTION: ErrorMap = [
  [
    (value: unknown) => value instanceof HTTPException && isErrorStatus(value.status),
    (exception: unknown) => {
      const { status, message } = exception as HTTPException;
      return errorForStatus(status, message === '' ? undefined : message, { cause: exception });
    },
  ],
];

/**
 * Headers a middleware or the route had set with `c.header()` before the error, or on `c.res`. Hono drops them
 * when `onError` returns a new response (or copies every one of them over it, once `c.res` was read); errata keeps
 * those a Node response would keep (CORS, cookies), and the rest go.
 */
function takeEarlierHeaders(c: Context): Headers {
  const headers = c.res.headers;
  // Copied only when there is something to keep: the fetch core edits what it keeps, and never an empty one.
  const earlier = isEmptyHeaders(headers) ? headers : new Headers(headers);
  // Forget the response Hono would otherwise merge into errata's, stale headers and all. The setter marks the
  // context finalized, after which Hono would ignore what a not-found handler returns: it is not final yet.
  c.res = undefined as unknown as Response;
  c.finalized = false;
  return earlier;
}

/**
 * Creates a Hono error handler: `app.onError(createErrorHandler(options))`. Anything thrown in a route or
 * middleware is answered with errata's documented response; an `HTTPException` keeps its status and message, and
 * one made with its own `res` is answered with that response, as Hono does (and still reported).
 *
 * @example
 * app.onError(createErrorHandler({ problemTypeBase: 'https://example.com/errors/' }));
 * app.notFound(notFound);
 */
export function createErrorHandler(options: HonoErrorHandlerOptions = {}): ErrorHandler {
  const respond = createFetchCore<Context>({ ...options, map: [...HTTP_EXCEPTION, ...(options.map ?? [])] });
  return function errataOnError(error: Error, c: Context): Response {
    const facts = factsOf(c.req.raw, c.req.path, c.get('requestId' as never));
    const earlier = takeEarlierHeaders(c);
    const response = respond(error, c, facts, earlier);
    if (error instanceof HTTPException && error.res) return error.getResponse();
    return response;
  };
}

/**
 * Ready Hono error handler with the default options.
 *
 * @example
 * app.onError(errorHandler);
 */
export const errorHandler: ErrorHandler = createErrorHandler();

/**
 * Creates a not-found handler answering `NotFound` through the error handler of the same options (`Cannot GET
 * /nope`), for `app.notFound(...)`.
 *
 * @example
 * app.notFound(createNotFound({ formats: ['problem'] }));
 */
export function createNotFound(options: HonoErrorHandlerOptions = {}): NotFoundHandler {
  const onError = createErrorHandler(options);
  return function errataNotFound(c: Context): Response {
    return onError(unmatchedRoute(c.req.method, c.req.path), c) as Response;
  };
}

/**
 * Answers any request no route matched with a documented 404 naming the method and path (`Cannot GET /nope`).
 *
 * @example
 * app.notFound(notFound);
 */
export const notFound: NotFoundHandler = createNotFound();

/**
 * Creates middleware that answers what Hono never hands to `onError`: a thrown value that is not an `Error` (a
 * string, `null`, a rejected `undefined`), which Hono rethrows to the server (@hono/node-server answers a bare 500,
 * Bun and Deno log it and answer their own 500). Add it first, with the options of the error handler.
 *
 * @example
 * app.use(createNonErrorCatcher(options));
 * app.onError(createErrorHandler(options));
 */
export function createNonErrorCatcher(options: HonoErrorHandlerOptions = {}): MiddlewareHandler {
  const onError = createErrorHandler(options);
  return async function errataNonErrors(c, next) {
    try {
      await next();
    } catch (thrown) {
      // An Error reaching this point was thrown by a handler Hono does not wrap: rethrown, Hono's onError answers it.
      if (thrown instanceof Error) throw thrown;
      c.res = await onError(thrown as Error, c);
    }
  };
}

/**
 * {@link createNonErrorCatcher} with the default options.
 *
 * @example
 * app.use(catchNonErrors);
 */
export const catchNonErrors: MiddlewareHandler = createNonErrorCatcher();
