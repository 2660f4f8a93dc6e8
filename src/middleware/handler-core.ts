import { InternalServerError, NotFound } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import { toHttpError } from '../errors/to-http-error.js';
import { recordOnActiveSpan } from '../integrations/otel.js';
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
 * The error to log and emit: what was thrown when it is an Error, else the errata error, else (a forged errata
 * brand on a plain object) a bare 500; Koa's default 'error' listener throws on anything but an Error. Never
 * throws, even for a revoked Proxy (whose `instanceof` does).
 */
export function reportableError(original: unknown, error: HttpError): Error {
  try {
    if (original instanceof Error) return original;
    if (error instanceof Error) return error;
  } catch {
    // Fall through to a plain errata error.
  }
  return new InternalServerError({ cause: original, captureStack: false });
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

/**
 * The framework-neutral part of the middleware: converts what was thrown, reports it once (onError, logger),
 * and renders the response lazily (an adapter that cannot write any more never pays for it).
 */
export function createHandlerCore<Request>(options: ErrorHandlerOptions<Request>) {
  const render = createErrorRenderer(options);
  const { onError, logger, requestId: customRequestId } = options;
  const levelOf = options.logLevel ?? defaultLevel;
  const { map } = options;
  const tracing = options.tracing ?? true;

  function report(error: HttpError, original: unknown, request: Request, requestId: string | undefined): void {
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
      requestId = customRequestId ? customRequestId(request) : idOf(facts);
      if (!isSafeRequestId(requestId)) requestId = undefined;
    } catch (failure) {
      reportFailure('requestId', failure);
    }
    if (tracing) {
      try {
        recordOnActiveSpan(error, thrown);
      } catch (failure) {
        reportFailure('tracing', failure);
      }
    }
    report(error, thrown, request, requestId);
    return {
      error,
      requestId,
      response: () =>
        render(error, { accept: facts.accept, acceptLanguage: facts.acceptLanguage, method: facts.method, path: facts.path, requestId }),
    };
  };
}

/** The path of a request URL, without its query string (which may carry secrets). */
export function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The `NotFound` for a request nothing answered, naming its method and path (`Cannot GET /nope`), as finalhandler does. */
export function unmatchedRoute(method: string, url: string | undefined): HttpError<404> {
  return new NotFound(`Cannot ${method} ${pathOf(url) ?? '/'}`);
}
