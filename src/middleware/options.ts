import type { HttpError } from '../errors/http-error.js';
import type { ErrorMap } from '../integrations/map.js';
import type { ResponseOptions } from '../response/options.js';

/**
 * The log levels errata uses.
 *
 * @example
 * const logLevel = (error: HttpError): LogLevel | false => (error.status === 404 ? false : error.status >= 500 ? 'error' : 'info');
 * app.use(createErrorHandler({ logger: pino(), logLevel }));
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A pino-style logger: `logger.error(object, message)`. pino, bunyan-compatible and console-like objects fit.
 *
 * @example
 * const logger: ErrorLogger = { error: (object, message) => console.error(message, object) };
 * app.use(createErrorHandler({ logger }));
 */
export type ErrorLogger = { [L in LogLevel]?: (object: Record<string, unknown>, message?: string) => void };

/**
 * What `onError` receives besides the error.
 *
 * @example
 * function onError(error: HttpError, { request, requestId }: ErrorContext<Request>): void {
 *   metrics.increment('http_errors', { status: error.status, route: request.path, requestId });
 * }
 * app.use(createErrorHandler({ onError }));
 */
export interface ErrorContext<Request> {
  /** The framework's request: Express `req`, Koa `ctx`. */
  request: Request;
  /** What was thrown, before it became an errata error. */
  original: unknown;
  /** The request id of the response, when there is one. */
  requestId: string | undefined;
}

/**
 * Options of the Express and Koa error handlers.
 *
 * @example
 * const options: ErrorHandlerOptions<Request> = { production: true, logger: pino(), requestId: (req) => req.get('X-Correlation-Id') };
 * app.use(createErrorHandler(options));
 */
export interface ErrorHandlerOptions<Request> extends ResponseOptions {
  /**
   * The request id to echo in `X-Request-Id` and the body. Default: the `X-Request-Id` request header when it
   * is a short safe token, else the trace id of a valid W3C `traceparent` header, else the framework's own id
   * (`req.id`, `ctx.state.requestId`).
   */
  requestId?: (request: Request) => string | undefined;
  /** Called once per error, after the response is decided. Sync or async; if it fails, that goes to stderr and the response is unchanged. */
  onError?: (error: HttpError, context: ErrorContext<Request>) => void | Promise<void>;
  /**
   * A pino-style logger: one line per error, `error` for 5xx and `warn` for 4xx by default. Without a logger and
   * without `onError`, the Express handler writes each 5xx (stack and request id) to stderr; `false` turns that off.
   */
  logger?: ErrorLogger | false;
  /** The level to log an error at, or `false` not to log it. Default: `error` for 5xx, `warn` for 4xx. */
  logLevel?: (error: HttpError) => LogLevel | false;
  /**
   * Mappings for errors errata does not know, tried in order before the built-in ones (zod, ajv and
   * express-validator errors become a 422 with field errors). Errata errors are never mapped.
   */
  map?: ErrorMap;
  /**
   * Record each error on the active OpenTelemetry span when `@opentelemetry/api` is installed. Default: true.
   * Turn it off when other instrumentation already records the exception.
   */
  tracing?: boolean;
}
