import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { createHandlerCore, nodeRequestFacts, pathOf } from '../../middleware/handler-core.js';
import { writeToNodeResponse } from '../../middleware/node-write.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';
export { createOverloadGuard, type OverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/**
 * A request of `node:http` or of `node:http2`'s compatibility API.
 *
 * @example
 * const server = createServer((req: NodeRequest, res: NodeResponse) => handleError(new NotFound(), req, res));
 */
export type NodeRequest = IncomingMessage | Http2ServerRequest;
/**
 * A response of `node:http` or of `node:http2`'s compatibility API.
 *
 * @example
 * const server = createSecureServer(tls, (req, res: NodeResponse) => route(req, res).catch((error) => handleError(error, req, res)));
 */
export type NodeResponse = ServerResponse | Http2ServerResponse;

/**
 * Options of the node:http error handler; `requestId` and `onError` receive the request.
 *
 * @example
 * const options: NodeErrorHandlerOptions = { production: true, logger: pino() };
 * const handleError = createErrorHandler(options);
 */
export type NodeErrorHandlerOptions = ErrorHandlerOptions<NodeRequest>;

/**
 * Answers one error on a Node response.
 *
 * @example
 * const handleError: NodeErrorHandler = createErrorHandler({ logger: pino() });
 * createServer((req, res) => route(req, res).catch((error) => handleError(error, req, res)));
 */
export type NodeErrorHandler = (error: unknown, req: NodeRequest, res: NodeResponse) => void;

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
    const { response } = handle(error, req, nodeRequestFacts(req.headers, req.method, pathOf(req.url), (req as { id?: unknown }).id));
    // Both responses have what the writer uses (headersSent, writeHead, end, getHeaderNames, removeHeader, destroy).
    writeToNodeResponse(res as ServerResponse, req.method, response);
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
