import type { IncomingHttpHeaders } from 'node:http';
import { recordOnActiveSpan } from '../integrations/otel.js';
import { createHandlerCore as createCore, type AdapterDefaults, type AdapterRequest, type HandledError } from './core.js';
import type { ErrorHandlerOptions } from './options.js';

// The framework-neutral core lives in core.ts (no `node:` import, for errata/fetch); the Node entries get it here
// with OpenTelemetry loaded through node:module.
export { pathOf, reportableError, unmatchedRoute, type AdapterDefaults, type AdapterRequest, type HandledError } from './core.js';

/** The core of the Node adapters: {@link createCore} tracing through `@opentelemetry/api` when it is installed. */
export function createHandlerCore<Request>(
  options: ErrorHandlerOptions<Request>,
  defaults?: AdapterDefaults,
): (thrown: unknown, request: Request, facts: AdapterRequest) => HandledError {
  return createCore(options, { logServerErrorsByDefault: false, traceError: recordOnActiveSpan, ...defaults });
}

/**
 * The request facts of a Node request (Express, Fastify, Nest, node:http): its headers, method, path and own id.
 *
 * @example
 * handle(error, req, nodeRequestFacts(req.headers, req.method, pathOf(req.url), req.id));
 */
export function nodeRequestFacts(
  headers: IncomingHttpHeaders,
  method: string | undefined,
  path: string | undefined,
  frameworkRequestId: unknown,
): AdapterRequest {
  return {
    accept: headers.accept,
    acceptLanguage: headers['accept-language'],
    method,
    path,
    requestIdHeader: headers['x-request-id'],
    traceparentHeader: headers.traceparent,
    frameworkRequestId,
  };
}
