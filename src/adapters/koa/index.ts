import type { ServerResponse } from 'node:http';
import type { Context, Middleware } from 'koa';
import { reportFailure } from '../../integrations/report.js';
import { createHandlerCore, pathOf, reportableError, unmatchedRoute } from '../../middleware/handler-core.js';
import { writeLastResort } from '../../middleware/last-resort.js';
import { cutResponse, http2StreamOf, prepareErrorResponse } from '../../middleware/node-response.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';
export { rateLimitHandler, type KoaRateLimitHandler, type KoaRateLimitHandlerOptions, type KoaRateLimitHeaderNames } from '../../rate-limit/koa-ratelimit.js';
export { serviceUnavailable, type ServiceUnavailableMiddleware } from './service-unavailable.js';
export { createOverloadGuard, type OverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/**
 * Options of the Koa error handler; `requestId` and `onError` receive Koa's `ctx`.
 *
 * @example
 * const options: KoaErrorHandlerOptions = { emitClientErrors: true, requestId: (ctx) => ctx.get('X-Correlation-Id') || undefined };
 * app.use(createErrorHandler(options));
 */
export interface KoaErrorHandlerOptions extends ErrorHandlerOptions<Context> {
  /** Also emit `'error'` on the app for 4xx (5xx always are, as Koa's own handling does). Default: false. */
  emitClientErrors?: boolean;
}

/**
 * Whether the client is gone, so nothing can be written. Not Koa's `ctx.writable`: over HTTP/2 that is false for
 * every HEAD request, whose stream Node ends on its writable side at once, though its headers are still to send.
 */
function clientGone(res: ServerResponse): boolean {
  const stream = http2StreamOf(res);
  if (stream) return stream.destroyed;
  const socket = res.socket;
  return socket != null && !socket.writable;
}

/** Cuts a response that cannot be finished ({@link cutResponse}), keeping Koa from reporting the reset itself. */
function cut(ctx: Context): void {
  const stream = http2StreamOf(ctx.res);
  if (stream) {
    if (stream.destroyed) return;
    // Node turns a reset with an error code into an 'error' on the stream, which Koa (through on-finished) would
    // report as a second error of this request; that one is errata's own doing, and the cause is reported already.
    const onerror = ctx.onerror;
    ctx.onerror = function (this: Context, failure: Error) {
      // Koa calls it with null too (on-finished, when the response closes cleanly).
      if ((failure as { code?: unknown } | null)?.code === 'ERR_HTTP2_STREAM_ERROR') return;
      onerror.call(this, failure);
    };
  }
  cutResponse(ctx.res);
}

/**
 * The error to emit when nothing more can be written, saying `headerSent = true` as Koa's own onerror does for its
 * listeners. Set on the error itself, as Koa does; one that will not take it (frozen) is not written on: listeners
 * get an object that has it and reads everything else from the original (`instanceof`, `message`, `status`).
 */
function markHeaderSent(error: Error): Error {
  try {
    if (Reflect.set(error, 'headerSent', true) && (error as { headerSent?: unknown }).headerSent === true) return error;
  } catch {
    // A setter or Proxy trap that throws: fall through to the derived object.
  }
  return Object.create(error, { headerSent: { value: true, enumerable: true } }) as Error;
}

/** Whether the route set `ctx.body = null` itself: Koa then sends the status with an empty body, on purpose. */
function explicitNullBody(ctx: Context): boolean {
  return (ctx.response as { _explicitNullBody?: unknown })._explicitNullBody === true;
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
    // Node's lower-cased header object and method, read directly: ctx.get lower-cases its argument on every call,
    // and ctx.method is two getters deep over req.method.
    const req = ctx.req;
    const requestHeaders = req.headers;
    const { error, response } = handle(thrown, ctx, {
      accept: requestHeaders.accept || undefined,
      acceptLanguage: requestHeaders['accept-language'],
      method: req.method,
      path: pathOf(ctx.originalUrl),
      requestIdHeader: requestHeaders['x-request-id'] || undefined,
      traceparentHeader: requestHeaders.traceparent || undefined,
      frameworkRequestId: (ctx.state as { requestId?: unknown }).requestId,
    });
    const res = ctx.res;
    if (error.status >= 500 || emitClientErrors) {
      const reportable = reportableError(thrown, error);
      const headerSent = res.writableEnded || res.headersSent || clientGone(res);
      try {
        ctx.app.emit('error', headerSent ? markHeaderSent(reportable) : reportable, ctx);
      } catch (failure) {
        // A throwing 'error' listener must not cost the response (nor, in Koa's own onerror, reject unhandled).
        reportFailure("the app's 'error' listener", failure);
      }
    }
    // Read after the listeners, which may have ended the response themselves (Koa's documented way after headerSent).
    if (res.writableEnded) {
      // Finished and whole: cutting it now would lose its end, and with it the next pipelined request. Reported above.
      return;
    }
    if (res.headersSent || clientGone(res)) {
      // Koa's own onerror would leave this response hanging; close it, as finalhandler does.
      cut(ctx);
      return;
    }
    // Koa sends nothing after `ctx.respond = false`, and Koa 2 nothing while `ctx.writable` is false (an HTTP/2 HEAD).
    // Koa's response itself rather than ctx's delegating accessors: the same getters and setters, one call fewer each.
    const koaResponse = ctx.response;
    const koaWillRespond = ctx.respond !== false && koaResponse.writable;
    try {
      const { status, headers, body } = response();
      // Straight on Node's response: Koa's ctx.remove only adds a headerSent check, made above.
      prepareErrorResponse(res, headers);
      koaResponse.status = status;
      // Content-Type before the body, so Koa's body setter does not guess one (a MIME lookup) only to lose it.
      // Straight on Node's response (headersSent was checked above): Koa 3's ctx.set builds two arrays and a
      // normalised pair per call to set one string.
      const type = headers['Content-Type'];
      if (type !== undefined) res.setHeader('Content-Type', type);
      koaResponse.body = body;
      // After the body: Koa's body setter sets Content-Length (0 for HEAD's empty body), errata's values win.
      // Straight on Node's response; Content-Type is already set.
      for (const name of Object.keys(headers)) if (name !== 'Content-Type') res.setHeader(name, headers[name] as string);
      // As Koa's own onerror does, straight on Node's response (body is '' for HEAD).
      if (!koaWillRespond) res.end(body);
    } catch (failure) {
      // Written straight to Node's response, so Koa must not write after it.
      ctx.respond = false;
      writeLastResort(ctx.res, ctx.method, failure);
    }
  }

  return async function errataErrorHandler(ctx, next) {
    try {
      await next();
      // Nothing answered: Koa would send a bare 404, errata sends a documented one. A 404 the route wrote to ctx.res
      // itself, or asked to be empty (`ctx.body = null`), is an answer.
      if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.res.headersSent && !explicitNullBody(ctx)) {
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
export { problemDocs, type DocumentedProblem, type ProblemDocsOptions, type ProblemIndexItem } from './problem-docs.js';
