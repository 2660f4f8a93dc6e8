import { InternalServerError } from './classes.js';
import { errorForStatus } from './error-for-status.js';
import { isErrorStatus } from './error-status.js';
import { describingHeaders } from './foreign-headers.js';
import { HttpError, isHttpError } from './http-error.js';
import { stackOf } from './is-error.js';
import type { ErrorHeaders, HttpErrorOptions } from './options.js';
import { normalizeRetryAfter } from '../retry/retry-after.js';
import { applyErrorMap, type ErrorMap } from '../integrations/map.js';
import { PROBLEM, problemOf } from '../problems/problem-data.js';

// body-parser, raw-body and co-body tag their errors with a `type`; each maps to one status.
const BODY_PARSER_STATUS: Readonly<Record<string, number>> = {
  'entity.too.large': 413,
  'parameters.too.many': 413,
  'entity.parse.failed': 400,
  'entity.verify.failed': 403,
  'encoding.unsupported': 415,
  'charset.unsupported': 415,
  'request.aborted': 400,
  'request.size.invalid': 400,
  'stream.encoding.set': 500,
  'stream.not.readable': 500,
};

/** A 500 that hides the original entirely but keeps it as `cause` (and its stack, for logs and development). */
function internalError(original: unknown): HttpError {
  const error = new InternalServerError({ cause: original, captureStack: false });
  const stack = stackOf(original);
  if (stack !== undefined) error.stack = stack;
  return error;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An errata error made from one that only carries errata's brand: another copy of errata (the CJS build beside
 * the ESM one), or any object claiming the brand. Each field is read once, so what is checked is what is written:
 * a `status` getter that answers 404 and then 200 cannot reach the wire as `200 OK`.
 */
function fromBrand(value: object): HttpError {
  const source = value as Record<string, unknown>;
  const status = source.status;
  if (!isErrorStatus(status)) return internalError(value);
  const headers = source.headers;
  const expose = source.expose;
  const retryAfter = normalizeRetryAfter(source.retryAfter);
  const options: HttpErrorOptions = {
    cause: value,
    captureStack: false,
    headers: typeof headers === 'object' && headers !== null ? ({ ...headers } as ErrorHeaders) : undefined,
    expose: typeof expose === 'boolean' ? expose : undefined,
    description: text(source.description),
    code: text(source.code),
    details: source.details,
  };
  if (retryAfter !== undefined) options.retryAfter = retryAfter;
  const error = errorForStatus(status, text(source.message), options);
  const stack = source.stack;
  if (typeof stack === 'string') error.stack = stack;
  // An application problem made with another copy of errata keeps its documented type and text.
  const problem = problemOf(value);
  if (problem !== undefined) Object.defineProperty(error, PROBLEM, { value: problem });
  return error;
}

function fromForeign(value: object): HttpError | undefined {
  const source = value as Record<string, unknown>;
  let status: unknown;
  let message: unknown = source.message;
  let headers: unknown = source.headers;
  let expose: unknown = source.expose;

  if (source.isBoom === true && typeof source.output === 'object' && source.output !== null) {
    // Boom keeps the wire form apart: output.statusCode, output.headers, output.payload.message.
    const output = source.output as Record<string, unknown>;
    status = output.statusCode;
    headers = output.headers;
    const payload = output.payload as Record<string, unknown> | undefined;
    if (typeof payload?.message === 'string') message = payload.message;
    expose = isErrorStatus(status) && status < 500;
  } else if (typeof source.type === 'string' && Object.hasOwn(BODY_PARSER_STATUS, source.type)) {
    // Own keys only: `type: 'constructor'` or `'toString'` must not pick up Object.prototype members.
    status = BODY_PARSER_STATUS[source.type];
  } else {
    status = isErrorStatus(source.status) ? source.status : source.statusCode;
  }
  if (!isErrorStatus(status)) return undefined;

  // Only what the error says may be sent is sent (http-errors' own 4xx say so): a foreign message may name hosts,
  // accounts or tokens. Only the headers that describe the error pass: the rest may be an upstream response's.
  const options: HttpErrorOptions = { cause: value, headers: describingHeaders(headers, status) as ErrorHeaders | undefined, captureStack: false };
  options.expose = expose === true;
  const error = errorForStatus(status, text(message), options);
  const stack = stackOf(value);
  if (stack !== undefined) error.stack = stack;
  return error;
}

/**
 * Turns anything thrown into an errata error: errata errors as they are; http-errors, Koa `ctx.throw`,
 * Boom, body-parser errors and any object with a 4xx/5xx `status` or `statusCode` keep their status,
 * message, exposure and headers. Everything else becomes an `InternalServerError` with the original
 * as `cause` and nothing of it exposed.
 *
 * Before those rules, `map` (first match wins) and then the built-in mappers turn validation errors from zod,
 * ajv, express-validator and any Standard Schema library (valibot, arktype, …) into a 422 with field errors as `details`. Errata errors are never mapped.
 *
 * @example
 * app.use((err, req, res, next) => { const error = toHttpError(err, [[DbTimeout, (e) => new ServiceUnavailable({ cause: e })]]); … });
 */
export function toHttpError(value: unknown, map?: ErrorMap): HttpError {
  if (typeof value !== 'object' || value === null) return internalError(value);
  try {
    if (isHttpError(value)) return HttpError.isGenuine(value) ? value : fromBrand(value);
    return applyErrorMap(value, map) ?? fromForeign(value) ?? internalError(value);
  } catch {
    // Hostile input (throwing getters, revoked proxies) must not escape the error handler.
    return internalError(value);
  }
}
