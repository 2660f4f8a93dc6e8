import type { Context, Middleware } from 'koa';
import { reportFailure } from '../integrations/report.js';
import { createHandlerCore, pathOf, reportableError, unmatchedRoute } from '../middleware/handler-core.js';
import { writeLastResort } from '../middleware/last-resort.js';
import { prepareErrorResponse } from '../middleware/node-response.js';
import type { ErrorHandlerOptions } from '../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../middleware/options.js';
export { rateLimitHandler, type KoaRateLimitHandler, type KoaRateLimitHandlerOptions, type KoaRateLimitHeaderNames } from '../rate-limit/koa-ratelimit.js';
export { serviceUnavailable, type ServiceUnavailableMiddleware } from './service-unavailable.js';

/** Options of the Koa error handler; `requestId` and `onError` receive Koa's `ctx`. */
export interface KoaErrorHandlerOptions extends ErrorHandlerOptions<Context> {
  /** Also emit `'error'` on the app for 4xx (5xx always are, as Koa's own handling does). Default: false. */
  emitClientErrors?: boolean;
}

/**
 * Creates Koa middleware (Koa 2 and 3) that answers whatever downstream throws, and an unhandled 404,
 * with a documented response. Add it first.
 *
 * @example
 * app.use(createErrorHandler({ production: true }));
 */
export function createErrorHandler(options: KoaErrorHandlerOptions = {}): Middleware {
  const handle = createHandlerCore(options);
  const emitClientErrors = options.emitClientErrors ?? false;

  function answer(ctx: Context, thrown: unknown): void {
    // Node's lower-cased header object, read directly: ctx.get lower-cases its argument on every call.
    const requestHeaders = ctx.req.headers;
    const { error, response } = handle(thrown, ctx, {
      accept: requestHeaders.accept || undefined,
      acceptLanguage: requestHeaders['accept-language'],
      method: ctx.method,
      path: pathOf(ctx.originalUrl),
      requestIdHeader: requestHeaders['x-request-id'] || undefined,
      traceparentHeader: requestHeaders.traceparent || undefined,
      frameworkRequestId: (ctx.state as { requestId?: unknown }).requestId,
    });
    if (error.status >= 500 || emitClientErrors) {
      try {
        ctx.app.emit('error', reportableError(thrown, error), ctx);
      } catch (failure) {
        // A throwing 'error' listener must not cost the response (nor, in Koa's own onerror, reject unhandled).
        reportFailure("the app's 'error' listener", failure);
      }
    }
    if (ctx.headerSent || !ctx.writable) {
      // Koa's own onerror would leave this response hanging; close it, as finalhandler does.
      ctx.req.socket?.destroy();
      return;
    }
    try {
      const { status, headers, body } = response();
      // Straight on Node's response: Koa's ctx.remove only adds a headerSent check, made above.
      prepareErrorResponse(ctx.res, headers);
      ctx.status = status;
      // Content-Type before the body, so Koa's body setter does not guess one (a MIME lookup) only to lose it.
      const type = headers['Content-Type'];
      if (type !== undefined) ctx.set('Content-Type', type);
      ctx.body = body;
      // After the body: Koa's body setter sets Content-Length (0 for HEAD's empty body), errata's values win.
      // Straight on Node's response (headersSent was checked above); Content-Type is already set.
      for (const name of Object.keys(headers)) if (name !== 'Content-Type') ctx.res.setHeader(name, headers[name] as string);
    } catch (failure) {
      // Written straight to Node's response, so Koa must not write after it.
      ctx.respond = false;
      writeLastResort(ctx.res, ctx.method, failure);
    }
  }

  return async function errataErrorHandler(ctx, next) {
    try {
      await next();
      // Nothing answered: Koa would send a bare 404, errata sends a documented one.
      if (ctx.status === 404 && ctx.body == null && ctx.respond !== false) {
        answer(ctx, unmatchedRoute(ctx.method, ctx.originalUrl));
      }
    } catch (thrown) {
      answer(ctx, thrown);
    }
  };
}

/**
 * Ready Koa middleware with the default options.
 *
 * @example
 * app.use(errorHandler);
 */
export const errorHandler: Middleware = createErrorHandler();
