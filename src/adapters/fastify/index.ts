import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { HttpError } from '../../errors/http-error.js';
import { fromAjvValidationError } from '../../integrations/ajv.js';
import type { FieldError } from '../../integrations/field-errors.js';
import type { ErrorMap } from '../../integrations/map.js';
import { isErrorStatus } from '../../errors/error-status.js';
import { frameworkError } from '../../middleware/framework-error.js';
import { createHandlerCore, nodeRequestFacts, pathOf, unmatchedRoute } from '../../middleware/handler-core.js';
import { renderMethodOf, writeToReply } from '../../middleware/fastify-reply.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';

/**
 * Options of the Fastify plugin: those of `createErrorHandler`, `requestId` and `onError` receiving Fastify's
 * `request`, with `logLevel` named `errorLogLevel` (Fastify's `register` reserves `logLevel` for a level name).
 *
 * @example
 * await app.register(errataPlugin, { problemTypeBase: 'https://example.com/errors/', errorLogLevel: (error) => (error.status >= 500 ? 'error' : false), notFound: false });
 */
export interface FastifyErrataOptions extends Omit<ErrorHandlerOptions<FastifyRequest>, 'logLevel'> {
  /** The level to log an error at, or `false` not to log it. Default: `error` for 5xx, `warn` for 4xx. */
  errorLogLevel?: ErrorHandlerOptions<FastifyRequest>['logLevel'];
  /**
   * Also answer unmatched routes (`setNotFoundHandler`) with errata's 404. Default: true. Set it to `false` to keep
   * a not-found handler of your own (Fastify allows one per prefix).
   */
  notFound?: boolean;
}

/** Fields of Fastify's errors this adapter reads; `@fastify/error` sets `code`, `statusCode` and `name`. */
interface FastifyErrorShape {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
}

const VALIDATION_MESSAGE = 'Validation failed';

/** A schema validation error of Fastify (ajv's errors under `validation`), in any part of the request. */
function isValidationError(value: unknown): boolean {
  const error = value as FastifyErrorShape;
  return typeof value === 'object' && value !== null && Array.isArray(error.validation) && error.code === 'FST_ERR_VALIDATION';
}

/** An error made with `@fastify/error` (Fastify's own `FST_ERR_*` ones included), which states its status and code. */
function isFastifyError(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const error = value as FastifyErrorShape;
  return typeof error.code === 'string' && isErrorStatus(error.statusCode) && (error.name === 'FastifyError' || error.code.startsWith('FST_'));
}

/**
 * A validation error as a 422 with a field error per ajv error, as errata's ajv mapping gives (the field is the
 * path inside the validated part: body, querystring, params or headers); the code stays `FST_ERR_VALIDATION`.
 */
function fromValidationError(value: unknown): HttpError {
  const details = fromAjvValidationError({ errors: (value as { validation: unknown[] }).validation }).details;
  return frameworkError(value, { status: 422, message: VALIDATION_MESSAGE, code: 'FST_ERR_VALIDATION', details: details as FieldError[] });
}

function fromFastifyError(value: unknown): HttpError {
  const error = value as { code: string; statusCode: number; message?: unknown };
  return frameworkError(value, { status: error.statusCode, message: typeof error.message === 'string' ? error.message : undefined, code: error.code });
}

/**
 * The two handlers errata sets on a Fastify app: for `setErrorHandler` and `setNotFoundHandler`.
 *
 * @example
 * const handlers: FastifyErrataHandlers = createFastifyHandlers();
 * app.setErrorHandler(handlers.errorHandler);
 */
export interface FastifyErrataHandlers {
  errorHandler: (thrown: unknown, request: FastifyRequest, reply: FastifyReply) => void;
  notFoundHandler: (request: FastifyRequest, reply: FastifyReply) => void;
}

/** Fastify's own errors, after the user's mappings (which may override them) and before errata's built-in ones. */
const FASTIFY_MAP: ErrorMap = [
  [isValidationError, fromValidationError],
  [isFastifyError, fromFastifyError],
];

/**
 * Creates the error handler and the not-found handler errata sets on a Fastify app; exported for apps that set them
 * themselves (in one encapsulated context, say). Most apps register {@link errataPlugin} instead.
 *
 * @example
 * const { errorHandler, notFoundHandler } = createFastifyHandlers({ problemTypeBase: 'https://example.com/errors/' });
 * app.setErrorHandler(errorHandler);
 * app.setNotFoundHandler(notFoundHandler);
 */
export function createFastifyHandlers(options: FastifyErrataOptions = {}): FastifyErrataHandlers {
  // A `logLevel` function still works from JavaScript, where nothing stops it reaching here.
  const given = (options as { logLevel?: unknown }).logLevel;
  const logLevel = options.errorLogLevel ?? (typeof given === 'function' ? (given as ErrorHandlerOptions<FastifyRequest>['logLevel']) : undefined);
  const handle = createHandlerCore<FastifyRequest>(
    { ...options, logLevel, map: [...(options.map ?? []), ...FASTIFY_MAP] },
    { logServerErrorsByDefault: true },
  );

  function errorHandler(thrown: unknown, request: FastifyRequest, reply: FastifyReply): void {
    // A HEAD request is rendered as GET (see renderMethodOf); only the stderr line of a 5xx says GET.
    const { response } = handle(thrown, request, nodeRequestFacts(request.headers, renderMethodOf(request.method), pathOf(request.url), request.id));
    // Hijacked (the route owns the socket) or sent: nothing of errata's is written. Reported above either way.
    writeToReply(reply, request.method, response);
  }

  function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
    errorHandler(unmatchedRoute(request.method, request.url), request, reply);
  }

  return { errorHandler, notFoundHandler };
}

const plugin: FastifyPluginAsync<FastifyErrataOptions> = async (app: FastifyInstance, options: FastifyErrataOptions) => {
  const { errorHandler, notFoundHandler } = createFastifyHandlers(options);
  app.setErrorHandler(errorHandler);
  if (options.notFound !== false) app.setNotFoundHandler(notFoundHandler);
};

/**
 * A Fastify plugin (Fastify 5) that answers every error and unmatched route of the app with errata's documented
 * response. Made with fastify-plugin, so it applies to the whole app, not only its own encapsulated context.
 *
 * @example
 * await app.register(errataPlugin, { problemTypeBase: 'https://example.com/errors/', logger: app.log });
 */
export const errataPlugin = fp(plugin, { fastify: '4.x || 5.x', name: 'errata' });

export default errataPlugin;
