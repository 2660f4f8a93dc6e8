import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { createHandlerCore, nodeRequestFacts, pathOf, unmatchedRoute } from '../../middleware/handler-core.js';
import { writeToNodeResponse } from '../../middleware/node-write.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';
export { rateLimitHandler, type ExpressRateLimitHandler, type ExpressRateLimitOptionsUsed } from '../../rate-limit/express-rate-limit.js';
export { serviceUnavailable, type ServiceUnavailableMiddleware } from './service-unavailable.js';
export { asyncHandler } from './async-handler.js';
export { createOverloadGuard, type OverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/**
 * Options of the Express error handler; `requestId` and `onError` receive Express's `req`.
 *
 * @example
 * const options: ExpressErrorHandlerOptions = { logger: pino(), requestId: (req) => req.get('X-Correlation-Id') };
 * app.use(createErrorHandler(options));
 */
export type ExpressErrorHandlerOptions = ErrorHandlerOptions<Request>;

/**
 * Creates Express error middleware (Express 4 and 5) that answers anything thrown or passed to `next(err)`
 * with a documented response. Add it after the routes.
 *
 * @example
 * app.use(createErrorHandler({ problemTypeBase: 'https://example.com/errors/', logger: pino() }));
 */
export function createErrorHandler(options: ExpressErrorHandlerOptions = {}): ErrorRequestHandler {
  const handle = createHandlerCore(options, { logServerErrorsByDefault: true });
  // Four parameters, exactly: Express recognises error middleware by its arity.
  return function errataErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    const { response } = handle(err, req, nodeRequestFacts(req.headers, req.method, pathOf(req.originalUrl), (req as { id?: unknown }).id));
    // Express's final handler would destroy the socket of a finished response too, cutting it and the next pipelined
    // request: errata finishes here, whatever state the response is in.
    writeToNodeResponse(res, req.method, response);
  };
}

/**
 * Ready Express error middleware with the default options.
 *
 * @example
 * app.use(errorHandler);
 */
export const errorHandler: ErrorRequestHandler = createErrorHandler();

/**
 * Answers any request that reached it with a `NotFound` naming the method and path (`Cannot GET /nope`).
 * Add it after the routes and before the error handler. A request whose response has already started (a route
 * that answered and then called `next()`) is left alone, as finalhandler does.
 *
 * @example
 * app.use(notFound);
 * app.use(errorHandler);
 */
export const notFound: RequestHandler = function errataNotFound(req, res, next) {
  // A 404 now could only reach the error handler as a spurious error and cut off the body still being written.
  if (res.headersSent) return;
  next(unmatchedRoute(req.method, req.originalUrl));
};
export { problemDocs, type DocumentedProblem, type ProblemDocsOptions, type ProblemIndexItem } from './problem-docs.js';
