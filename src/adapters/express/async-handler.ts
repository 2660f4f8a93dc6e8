import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Wraps an async route handler for Express 4, which ignores the promise a handler returns: a rejection there is an
 * unhandled rejection (the process crashes by default) and the request hangs. The wrapper passes the rejection to
 * `next(err)`, so errata's error handler answers it, as Express 5 does by itself. A rejection with no value (`throw
 * undefined`) is passed as an `Error('Rejected promise')`, as Express 5 does, since `next(undefined)` means "no
 * error" and would go on routing.
 *
 * The wrapper has three parameters (Express would take four for error middleware) and returns nothing, so Express 5
 * does not see the promise a second time; wrapping is harmless there. Error middleware (four parameters) is not
 * wrapped: a `TypeError` says so.
 *
 * Types: the generics are Express's `RequestHandler`'s. TypeScript does not infer a route's parameters from its path
 * through the wrapper: `req.params` is Express's `ParamsDictionary` unless you name them
 * (`asyncHandler<{ id: string }>(…)`), and `req.body` is `unknown` (not Express's `any`) unless you pass its type.
 *
 * @example
 * app.get('/users/:id', asyncHandler(async (req, res) => {
 *   const user = await db.users.find(req.params.id);
 *   if (!user) throw new NotFound(`User ${req.params.id} does not exist`);
 *   res.json(user);
 * }));
 */
export function asyncHandler<
  P = Request['params'],
  ResBody = unknown,
  ReqBody = unknown,
  ReqQuery = Request['query'],
  Locals extends Record<string, unknown> = Record<string, unknown>,
>(
  handler: (req: Request<P, ResBody, ReqBody, ReqQuery, Locals>, res: Response<ResBody, Locals>, next: NextFunction) => unknown,
): RequestHandler<P, ResBody, ReqBody, ReqQuery, Locals> {
  if (typeof handler !== 'function') {
    throw new TypeError(`asyncHandler: expected a route handler function, not ${handler === null ? 'null' : typeof handler}`);
  }
  if (handler.length > 3) {
    throw new TypeError('asyncHandler: wraps route handlers (req, res, next); error middleware has four parameters and cannot be wrapped');
  }
  return function errataAsyncHandler(req, res, next): void {
    // A synchronous throw is left to Express, which catches it in both versions.
    const result = handler(req, res, next) as { then?: unknown } | null | undefined;
    const then = result?.then;
    if (typeof then === 'function') {
      then.call(result, undefined, (error: unknown) => {
        next(error || new Error('Rejected promise'));
      });
    }
  };
}
