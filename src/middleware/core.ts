import { InternalServerError, NotFound } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import { isError } from '../errors/is-error.js';
import { toHttpError } from '../errors/to-http-error.js';
import { reportFailure } from '../integrations/report.js';
import { traceIdOf } from '../integrations/traceparent.js';
import { isSafeRequestId } from '../response/headers.js';
import type { ErrorResponse } from '../response/options.js';
import { createErrorRenderer } from '../response/render.js';
import type { ErrorHandlerOptions, LogLevel } from './options.js';

/** The request facts an adapter reads, plus the framework's own request id. */
export interface AdapterRequest {
  accept: string | undefined;
  /** The `Accept-Language` request header; only `catalogs` reads it. */
  acceptLanguage?: string | undefined;
  method: string | undefined;
  path: string | undefined;
  requestIdHeader: string | string[] | undefined;
  /** The W3C `traceparent` request header: its trace id is the request id when no `X-Request-Id` is given. */
  traceparentHeader?: string | string[] | undefined;
  frameworkRequestId: unknown;
}

/** What an adapter does with one error: the errata error, the response to write, and reporting. */
export interface HandledError {
  error: HttpError;
  requestId: string | undefined;
  response: () => ErrorResponse;
}

/**
 * The error to log and emit: what was thrown when it is an Error (from any realm: `vm` contexts, Jest
 * environments), else an Error that says what was thrown (`non-error thrown: {"code":"E_QUOTA"}`, as Koa's own
 * onerror does) with the value as `cause`. Koa's default 'error' listener throws on anything but an Error.
 * Never throws, even for a revoked Proxy.
 */
export function reportableError(original: unknown, error: HttpError): Error {
  if (isError(original)) return original;
  if (original === error) return error;
  return new InternalServerError({ message: `non-error thrown: ${describeThrown(original)}`, cause: original, captureStack: false });
}

const MAX_DESCRIPTION = 1000;

/** What was thrown, in a bounded line: JSON where it can be, else its string form. */
function describeThrown(value: unknown): string {
  let text: string | undefined;
  try {
    text = typeof value === 'object' && value !== null ? JSON.stringify(value) : undefined;
  } catch {
    // Cycles, BigInt, throwing toJSON: fall back to the string form.
  }
  if (text === undefined) {
    try {
      text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    } catch {
      text = '[unprintable value]';
    }
  }
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

function defaultLevel(error: HttpError): LogLevel {
  return error.status >= 500 ? 'error' : 'warn';
}

function idOf(facts: AdapterRequest): string | undefined {
  const header = Array.isArray(facts.requestIdHeader) ? facts.requestIdHeader[0] : facts.requestIdHeader;
  if (isSafeRequestId(header)) return header;
  // So the id a client reports finds its trace.
  const traceId = traceIdOf(facts.traceparentHeader);
  if (traceId !== undefined) return traceId;
  const own = typeof facts.frameworkRequestId === 'number' ? String(facts.frameworkRequestId) : facts.frameworkRequestId;
  return isSafeRequestId(own) ? own : undefined;
}

/** What an adapter adds to the options: whether its framework reports server errors by itself. */
export interface AdapterDefaults {
  /**
   * With neither `logger` nor `onError`, write each 5xx to stderr (`logger: false` turns it off). On for Express,
   * whose finalhandler printed stacks; off for Koa, whose 'error' event (emitted by the adapter) Koa logs.
   */
  logServerErrorsByDefault: boolean;
  /**
   * Records an error on the active trace span. The Node entries pass the OpenTelemetry API loaded through
   * `createRequire` (node:module); errata/fetch passes one reading the API's global registry, so that its import
   * graph holds no `node:` module.
   */
  traceError?: (error: HttpError, original: unknown) => void;
}

/** One block on stderr for a 5xx no logger was given for: status, method, path, request id, then the stack. */
function logToStderr(error: HttpError, original: unknown, facts: AdapterRequest, requestId: string | undefined): void {
  const reported = reportableError(original, error);
  let stack: string;
  try {
    stack = typeof reported.stack === 'string' ? reported.stack : String(reported);
  } catch {
    stack = '[unprintable error]';
  }
  const id = requestId === undefined ? '' : ` (request id ${requestId})`;
  console.error(`errata: ${error.status} on ${facts.method ?? '?'} ${facts.path ?? '?'}${id}\n${stack}`);
}

/**
 * The framework-neutral part of the middleware: converts what was thrown, reports it once (onError, logger),
 * and renders the response lazily (an adapter that cannot write any more never pays for it).
 */
export function createHandlerCore<Request>(options: ErrorHandlerOptions<Request>, defaults?: AdapterDefaults) {
  const render = createErrorRenderer(options);
  const { onError, requestId: customRequestId } = options;
  const logger = options.logger || undefined;
  // Safe by default: a server error nobody asked to hear about still reaches stderr, as finalhandler's did.
  const logsToStderr = (defaults?.logServerErrorsByDefault ?? false) && options.logger === undefined && onError === undefined;
  const levelOf = options.logLevel ?? defaultLevel;
  const { map } = options;
  const traceError = (options.tracing ?? true) ? defaults?.traceError : undefined;
  const readsLanguage = options.catalogs !== undefined;

  function report(error: HttpError, original: unknown, request: Request, facts: AdapterRequest, requestId: string | undefined): void {
    if (logsToStderr && error.status >= 500) {
      try {
        logToStderr(error, original, facts, requestId);
      } catch (failure) {
        reportFailure('stderr log', failure);
      }
    }
    if (logger) {
      try {
        const level = levelOf(error);
        if (level) {
          logger[level]?.({ err: reportableError(original, error), requestId, status: error.status, error: error.constructor.name }, error.message);
        }
      } catch (failure) {
        reportFailure('logger', failure);
      }
    }
    if (onError) {
      try {
        const pending = onError(error, { request, original, requestId });
        if (pending && typeof pending.then === 'function') pending.then(undefined, (failure: unknown) => reportFailure('onError', failure));
      } catch (failure) {
        reportFailure('onError', failure);
      }
    }
  }

  return function handle(thrown: unknown, request: Request, facts: AdapterRequest): HandledError {
    const error = toHttpError(thrown, map);
    let requestId: string | undefined;
    try {
      // idOf gives only safe ids; a custom function's answer is checked here.
      if (customRequestId) {
        const custom = customRequestId(request);
        if (isSafeRequestId(custom)) requestId = custom;
      } else requestId = idOf(facts);
    } catch (failure) {
      reportFailure('requestId', failure);
    }
    if (traceError) {
      try {
        traceError(error, thrown);
      } catch (failure) {
        reportFailure('tracing', failure);
      }
    }
    report(error, thrown, request, facts, requestId);
    return {
      error,
      requestId,
      response: () =>
        render(error, {
          accept: facts.accept,
          // Read only where the renderer reads it: errata/fetch and errata/hono read the header when asked.
          acceptLanguage: readsLanguage ? facts.acceptLanguage : undefined,
          method: facts.method,
          path: facts.path,
          requestId,
        }),
    };
  };
}

/**
 * The path of a request target, without its query string (which may carry secrets). The absolute form
 * (`http://user:secret@host/foo`, RFC 9112 §3.2.2) and a target starting with `//` give their path alone: a
 * scheme, credentials or a host are never echoed.
 */
export function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (url.charCodeAt(0) !== SLASH || url.charCodeAt(1) === SLASH) return pathOfAbsolute(url);
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

const SLASH = 0x2f;

function pathOfAbsolute(url: string): string | undefined {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** The `NotFound` for a request nothing answered, naming its method and path (`Cannot GET /nope`), as finalhandler does. */
export function unmatchedRoute(method: string, url: string | undefined): HttpError<404> {
  return new NotFound(`Cannot ${method} ${pathOf(url) ?? 'resource'}`);
}
