import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { createHandlerCore, pathOf } from '../../middleware/handler-core.js';
import { writeLastResort } from '../../middleware/last-resort.js';
import { cutConnection, prepareErrorResponse } from '../../middleware/node-response.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';
export { createOverloadGuard, type OverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/** A request of `node:http` or of `node:http2`'s compatibility API. */
export type NodeRequest = IncomingMessage | Http2ServerRequest;
/** A response of `node:http` or of `node:http2`'s compatibility API. */
export type NodeResponse = ServerResponse | Http2ServerResponse;

/** Options of the node:http error handler; `requestId` and `onError` receive the request. */
export type NodeErrorHandlerOptions = ErrorHandlerOptions<NodeRequest>;

/** Answers one error on a Node response. */
export type NodeErrorHandler = (error: unknown, req: NodeRequest, res: NodeResponse) => void;

// RFC 9113 §7 INTERNAL_ERROR (node:http2's NGHTTP2_INTERNAL_ERROR), written out so HTTP/1-only servers never load http2.
const HTTP2_INTERNAL_ERROR = 2;

type Http2Stream = { destroyed: boolean; close: (code: number) => void };

function http2StreamOf(res: NodeResponse): Http2Stream | undefined {
  const stream = (res as { stream?: Http2Stream }).stream;
  return typeof stream === 'object' && stream !== null ? stream : undefined;
}

/**
 * Cuts a response that cannot be finished, so the client sees it incomplete: HTTP/1 loses the connection, an
 * HTTP/2 stream is reset with INTERNAL_ERROR (a reset with NO_ERROR would read as a complete body).
 */
function cut(res: NodeResponse): void {
  const stream = http2StreamOf(res);
  if (stream) {
    if (!stream.destroyed) stream.close(HTTP2_INTERNAL_ERROR);
  } else cutConnection(res as ServerResponse);
}

/**
 * Creates an error handler for a plain `node:http` or `node:http2` (compatibility API) server: call it with what
 * your request listener caught. It behaves as errata/express's: a 5xx with neither `logger` nor `onError` goes to
 * stderr, HEAD gets the headers alone, headers a route set for a success body are dropped, a response already
 * started is cut off rather than completed, and a response errata cannot build is a bare plain-text 500.
 *
 * @example
 * const handleError = createErrorHandler({ logger: pino() });
 * createServer((req, res) => route(req, res).catch((error) => handleError(error, req, res)));
 */
export function createErrorHandler(options: NodeErrorHandlerOptions = {}): NodeErrorHandler {
  const handle = createHandlerCore(options, { logServerErrorsByDefault: true });
  return function errataHandleError(error: unknown, req: NodeRequest, res: NodeResponse): void {
    const headers = req.headers;
    const { response } = handle(error, req, {
      accept: headers.accept,
      acceptLanguage: headers['accept-language'],
      method: req.method,
      path: pathOf(req.url),
      requestIdHeader: headers['x-request-id'],
      traceparentHeader: headers.traceparent,
      frameworkRequestId: (req as { id?: unknown }).id,
    });
    if (res.headersSent) {
      // Too late to answer (the error is reported above). A finished response is left whole; an unfinished one is
      // cut now, so that nothing written later can make a cut-off body look complete.
      if (!res.writableEnded) cut(res);
      return;
    }
    try {
      const { status, headers: own, body } = response();
      prepareErrorResponse(res, own);
      res.writeHead(status, own);
      res.end(body);
    } catch (failure) {
      // Both responses have what the last resort uses (getHeaderNames, removeHeader, writeHead, end, destroy).
      writeLastResort(res as ServerResponse, req.method, failure);
    }
  };
}

let defaultHandler: NodeErrorHandler | undefined;

/**
 * Answers one error with the default options (see {@link createErrorHandler}); with options, create the handler
 * once instead.
 *
 * @example
 * createServer((req, res) => route(req, res).catch((error) => handleError(error, req, res)));
 */
export function handleError(error: unknown, req: NodeRequest, res: NodeResponse, options?: NodeErrorHandlerOptions): void {
  const handler = options === undefined ? (defaultHandler ??= createErrorHandler()) : createErrorHandler(options);
  handler(error, req, res);
}
