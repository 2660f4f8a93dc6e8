import { InternalServerError } from './classes.js';
import { createError } from './create-error.js';
import { HttpError, isHttpError } from './http-error.js';
import type { HttpErrorOptions } from './options.js';
import { applyErrorMap, type ErrorMap } from '../integrations/map.js';

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

function isErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

function headerRecord(value: unknown): Record<string, string | number> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, string | number>) : undefined;
}

/** A 500 that hides the original entirely but keeps it as `cause` (and its stack, for logs and development). */
function internalError(original: unknown): HttpError {
  const error = new InternalServerError({ cause: original, captureStack: false });
  try {
    if (original instanceof Error && typeof original.stack === 'string') error.stack = original.stack;
  } catch {
    // A throwing `stack` getter leaves the wrapper without one.
  }
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

  const options: HttpErrorOptions = { cause: value, headers: headerRecord(headers), captureStack: false };
  if (typeof expose === 'boolean') options.expose = expose;
  const error = createError(status, typeof message === 'string' && message !== '' ? message : undefined, options);
  if (value instanceof Error && typeof value.stack === 'string') error.stack = value.stack;
  return error;
}

/**
 * Turns anything thrown into an errata error: errata errors as they are; http-errors, Koa `ctx.throw`,
 * Boom, body-parser errors and any object with a 4xx/5xx `status` or `statusCode` keep their status,
 * message, exposure and headers. Everything else becomes an `InternalServerError` with the original
 * as `cause` and nothing of it exposed.
 *
 * Before those rules, `map` (first match wins) and then the built-in mappers turn validation errors from zod,
 * ajv and express-validator into a 422 with field errors as `details`. Errata errors are never mapped.
 *
 * @example
 * app.use((err, req, res, next) => { const error = toHttpError(err, [[DbTimeout, (e) => new ServiceUnavailable({ cause: e })]]); … });
 */
export function toHttpError(value: unknown, map?: ErrorMap): HttpError {
  if (isHttpError(value)) return value;
  if (typeof value !== 'object' || value === null) return internalError(value);
  try {
    return applyErrorMap(value, map) ?? fromForeign(value) ?? internalError(value);
  } catch {
    // Hostile input (throwing getters, revoked proxies) must not escape the error handler.
    return internalError(value);
  }
}
