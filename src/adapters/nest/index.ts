import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isErrorStatus } from '../../errors/error-status.js';
import type { HttpError } from '../../errors/http-error.js';
import { validationError, type FieldError } from '../../integrations/field-errors.js';
import type { ErrorMap } from '../../integrations/map.js';
import { renderMethodOf, writeToReply } from '../../middleware/fastify-reply.js';
import { frameworkError } from '../../middleware/framework-error.js';
import { createHandlerCore, nodeRequestFacts, pathOf, unmatchedRoute, type AdapterRequest, type HandledError } from '../../middleware/handler-core.js';
import { writeToNodeResponse } from '../../middleware/node-write.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';

export type { ErrorContext, ErrorHandlerOptions, ErrorLogger, LogLevel } from '../../middleware/options.js';
export type { FieldError } from '../../integrations/field-errors.js';

/**
 * What errata reads of Nest's request on either platform: Express's `req` and Fastify's `request` both have it.
 *
 * @example
 * const requestId = (request: NestHttpRequest) => request.headers['x-correlation-id']?.toString();
 * app.useGlobalFilters(new ErrataFilter({ requestId }));
 */
export interface NestHttpRequest {
  method?: string;
  url?: string;
  /** Express's full URL (`req.url` is relative to a mounted router there). */
  originalUrl?: string;
  headers: IncomingHttpHeaders;
  /** A request id: Fastify's own `request.id`, or what an Express middleware set. */
  id?: unknown;
}

/**
 * Options of the Nest filter: those of `createErrorHandler`; `requestId` and `onError` receive Nest's HTTP request.
 *
 * @example
 * const options: NestErrataOptions = { problemTypeBase: 'https://example.com/errors/', formats: ['problem'] };
 * app.useGlobalFilters(new ErrataFilter(options));
 */
export type NestErrataOptions = ErrorHandlerOptions<NestHttpRequest>;

/** Nest's `HttpException`, read by shape so that errata/nest loads nothing of @nestjs/common at run time. */
interface HttpExceptionShape {
  getStatus(): unknown;
  getResponse(): unknown;
  errorCode?: unknown;
}

function isHttpException(value: unknown): value is HttpExceptionShape {
  const source = value as Partial<HttpExceptionShape> | null;
  return typeof value === 'object' && value !== null && typeof source?.getStatus === 'function' && typeof source.getResponse === 'function';
}

// class-validator's default messages name the property first (ValidationPipe prefixes a nested one's parents):
// `email must be an email`, `address.city must be a string`, `each value in tags must be …`, `property x should not exist`.
const DEFAULT_MESSAGE = /^(?:each value in |nested property |property )?([A-Za-z_$][\w$]*(?:\.[\w$]+)*) (?:must|should|has|is|contains|does)\b/;

/** The field a ValidationPipe message is about, when it is one of class-validator's defaults; else `''`. */
function fieldOfMessage(message: string): string {
  return DEFAULT_MESSAGE.exec(message)?.[1] ?? '';
}

/**
 * An HttpException as errata's error: its status, the message of its response (a string response, or the
 * object's string `message`; else the documented text), Nest 12's `errorCode` as the code, the exception as `cause`
 * (its own `cause` stays on it). A ValidationPipe error (a response whose `message` is an array of strings) gives
 * `Validation failed` with a field error per message.
 */
function fromHttpException(exception: HttpExceptionShape): HttpError {
  const status = exception.getStatus() as number;
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown } | null)?.message;
  const code = typeof exception.errorCode === 'string' ? exception.errorCode : undefined;
  if (Array.isArray(message) && message.every((item) => typeof item === 'string')) {
    const details = (message as string[]).map((text): FieldError => ({ field: fieldOfMessage(text), message: text }));
    return frameworkError(exception, { status, message: 'Validation failed', code, details });
  }
  return frameworkError(exception, { status, message: typeof message === 'string' ? message : undefined, code });
}

const NEST_MAP: ErrorMap = [[(value) => isHttpException(value) && isErrorStatus(value.getStatus()), (value) => fromHttpException(value as HttpExceptionShape)]];

/**
 * class-validator's `ValidationError`, as ValidationPipe hands it to an `exceptionFactory`.
 *
 * @example
 * const errors: ClassValidatorError[] = [{ property: 'email', constraints: { isEmail: 'email must be an email' } }];
 * validationException(errors).details; // [{ field: 'email', message: 'email must be an email', code: 'isEmail' }]
 */
export interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

function collect(errors: readonly ClassValidatorError[], parent: string, into: FieldError[]): FieldError[] {
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    for (const [code, message] of Object.entries(error.constraints ?? {})) into.push({ field, message, code });
    if (error.children) collect(error.children, field, into);
  }
  return into;
}

/**
 * An `exceptionFactory` for Nest's ValidationPipe: a 422 with a field error per failed constraint, the field being
 * the property's dotted path and `code` the constraint's name (`isEmail`), whatever the message says.
 *
 * @example
 * app.useGlobalPipes(new ValidationPipe({ exceptionFactory: validationException }));
 */
export function validationException(errors: ClassValidatorError[]): HttpError<422> {
  return validationError(errors, collect(errors, '', []));
}

/** Fastify's reply (Nest's Fastify platform) rather than Node's response (its Express platform). */
function isFastifyReply(response: unknown): response is FastifyReply {
  const reply = response as Partial<FastifyReply> | null;
  return typeof response === 'object' && response !== null && typeof reply?.code === 'function' && typeof reply.hijack === 'function' && 'raw' in response;
}

/**
 * A Nest exception filter that answers every exception of an HTTP request with errata's documented response, on
 * Nest's Express and Fastify platforms. Global, or for a controller or a route with `@UseFilters`.
 *
 * @example
 * app.useGlobalFilters(new ErrataFilter({ problemTypeBase: 'https://example.com/errors/' }));
 */
export class ErrataFilter implements ExceptionFilter {
  private readonly handle: (thrown: unknown, request: NestHttpRequest, facts: AdapterRequest) => HandledError;

  constructor(options: NestErrataOptions = {}) {
    this.handle = createHandlerCore<NestHttpRequest>({ ...options, map: [...(options.map ?? []), ...NEST_MAP] }, { logServerErrorsByDefault: true });
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    // A WebSocket or microservice context has no HTTP response to write: Nest's own handling stays.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<NestHttpRequest>();
    const response = http.getResponse<unknown>();
    const method = request.method ?? 'GET';
    const url = request.originalUrl ?? request.url;
    const fastify = isFastifyReply(response);
    const thrown = isNestNotFound(exception, method, url) ? unmatchedRoute(method, url) : exception;
    const facts = nodeRequestFacts(request.headers, fastify ? renderMethodOf(method) : method, pathOf(url), request.id);
    const { response: render } = this.handle(thrown, request, facts);
    if (fastify) writeToReply(response, method, render);
    else writeToNodeResponse(response as ServerResponse, method, render);
  }
}

/**
 * The NotFoundException Nest throws for an unmatched route, `Cannot GET /path?query`: answered as errata's
 * unmatched route, without the query string (which may carry secrets).
 */
function isNestNotFound(exception: unknown, method: string, url: string | undefined): boolean {
  if (!isHttpException(exception) || exception.getStatus() !== 404) return false;
  const response = exception.getResponse() as { message?: unknown } | null;
  return typeof response === 'object' && response !== null && response.message === `Cannot ${method} ${url}`;
}
