import type { ErrorStatus } from '../catalog/catalog.js';
import {
  BadGateway,
  BadRequest,
  Conflict,
  ContentTooLarge,
  ExpectationFailed,
  FailedDependency,
  Forbidden,
  GatewayTimeout,
  Gone,
  HTTPVersionNotSupported,
  ImATeapot,
  InsufficientStorage,
  InternalServerError,
  LengthRequired,
  Locked,
  LoopDetected,
  MethodNotAllowed,
  MisdirectedRequest,
  NetworkAuthenticationRequired,
  NotAcceptable,
  NotExtended,
  NotFound,
  NotImplemented,
  PayloadTooLarge,
  PaymentRequired,
  PreconditionFailed,
  PreconditionRequired,
  ProxyAuthenticationRequired,
  RangeNotSatisfiable,
  RequestEntityTooLarge,
  RequestHeaderFieldsTooLarge,
  RequestTimeout,
  RequestURITooLong,
  RequestedRangeNotSatisfiable,
  ServiceUnavailable,
  TooEarly,
  TooManyRequests,
  URITooLong,
  Unauthorized,
  UnavailableForLegalReasons,
  UnprocessableContent,
  UnprocessableEntity,
  UnsupportedMediaType,
  UpgradeRequired,
  VariantAlsoNegotiates,
} from './classes.js';
import { errorForStatus } from './error-for-status.js';
import { isHttpError } from './http-error.js';
import { HttpError } from './http-error-public.js';
import { isError } from './is-error.js';
import type { HttpErrorOptions, OptionsFor } from './options.js';
import { toHttpError } from './to-http-error.js';

/** The instance type of each documented status's class: `createError(404)` is a {@link NotFound}. */
export interface ErrorInstances {
  400: BadRequest; 401: Unauthorized; 402: PaymentRequired; 403: Forbidden; 404: NotFound; 405: MethodNotAllowed;
  406: NotAcceptable; 407: ProxyAuthenticationRequired; 408: RequestTimeout; 409: Conflict; 410: Gone;
  411: LengthRequired; 412: PreconditionFailed; 413: PayloadTooLarge; 414: URITooLong; 415: UnsupportedMediaType;
  416: RangeNotSatisfiable; 417: ExpectationFailed; 418: ImATeapot; 421: MisdirectedRequest; 422: UnprocessableEntity;
  423: Locked; 424: FailedDependency; 425: TooEarly; 426: UpgradeRequired; 428: PreconditionRequired;
  429: TooManyRequests; 431: RequestHeaderFieldsTooLarge; 451: UnavailableForLegalReasons;
  500: InternalServerError; 501: NotImplemented; 502: BadGateway; 503: ServiceUnavailable; 504: GatewayTimeout;
  505: HTTPVersionNotSupported; 506: VariantAlsoNegotiates; 507: InsufficientStorage; 508: LoopDetected;
  510: NotExtended; 511: NetworkAuthenticationRequired;
}

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<T> = T extends `${infer N extends number}` ? N : never;

/** Every integer status literal in 400–599, documented or not (`499`, `599`). */
export type AnyErrorStatus = ToNumber<`${4 | 5}${Digit}${Digit}`>;

// What the compiler names when a literal status is refused: `Argument of type '200' is not assignable to …`.
interface NotAnErrorStatus {
  readonly 'createError: a status literal must be an integer in 400–599': never;
}

/**
 * The status parameter's type for an argument of type `S`: a literal must be in 400–599; a `number` (a status read
 * at run time) is accepted and checked when called.
 */
export type StatusArgument<S extends number> = number extends S ? S : S extends AnyErrorStatus ? S : NotAnErrorStatus;

/** What `createError` returns for a status of type `S`: the status's class, a plain `HttpError<S>`, or `HttpError`. */
export type ErrorFor<S extends number> = number extends S ? HttpError : S extends ErrorStatus ? ErrorInstances[S] : HttpError<S>;

/** The classes `createError` carries as properties, as http-errors' `createError.NotFound` does. */
const classesByName = {
  BadRequest, Unauthorized, PaymentRequired, Forbidden, NotFound, MethodNotAllowed, NotAcceptable,
  ProxyAuthenticationRequired, RequestTimeout, Conflict, Gone, LengthRequired, PreconditionFailed, PayloadTooLarge,
  URITooLong, UnsupportedMediaType, RangeNotSatisfiable, ExpectationFailed, ImATeapot, MisdirectedRequest,
  UnprocessableEntity, Locked, FailedDependency, TooEarly, UpgradeRequired, PreconditionRequired, TooManyRequests,
  RequestHeaderFieldsTooLarge, UnavailableForLegalReasons, InternalServerError, NotImplemented, BadGateway,
  ServiceUnavailable, GatewayTimeout, HTTPVersionNotSupported, VariantAlsoNegotiates, InsufficientStorage,
  LoopDetected, NotExtended, NetworkAuthenticationRequired,
  RequestEntityTooLarge, ContentTooLarge, RequestURITooLong, RequestedRangeNotSatisfiable, UnprocessableContent,
  HttpError, isHttpError,
};

/** Every error class by name (aliases included), `HttpError` and `isHttpError`: http-errors' static members. */
export type CreateErrorMembers = typeof classesByName;

/** The type of {@link createError}: its call signatures and the http-errors static members. */
export interface CreateError extends CreateErrorMembers {
  /** The error for a status in 400–599, with its own message; options as the status's class takes them. */
  <S extends number>(status: StatusArgument<S>, message?: string, options?: OptionsFor<S>): ErrorFor<S>;
  /** The error for a status in 400–599 with options: `message`, `code`, `details`, `retryAfter`, … */
  <S extends number>(status: StatusArgument<S>, options?: OptionsFor<S>): ErrorFor<S>;
  /** An error wrapped in a status: it becomes the `cause`; its message is used only if it says `expose: true`. */
  <S extends number>(status: StatusArgument<S>, cause: Error, options?: OptionsFor<S>): ErrorFor<S>;
  /** Any thrown error as an errata error: {@link toHttpError}. */
  (error: Error): HttpError;
}

// Consumed by the error itself (into fields or headers): never copied onto it as extra properties.
const OPTION_NAMES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'message', 'description', 'code', 'details', 'cause', 'headers', 'expose', 'retryAfter', 'captureStack',
  'allow', 'challenge', 'size', 'upgrade', 'limit', 'remaining', 'reset',
]);

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** The options for `createError(status, error, options)`: the error as `cause`, its message only if exposed. */
function wrapping(error: Error, options: unknown): HttpErrorOptions {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`createError: options must be an object, not ${describeValue(options)}`);
  }
  const source = error as Error & { expose?: unknown };
  // Each read once: a getter cannot pass the check with one value and be used with another.
  const expose = source.expose;
  const message = expose === true ? source.message : undefined;
  const wrapped: HttpErrorOptions = { ...(options as HttpErrorOptions | null | undefined), cause: error };
  if (wrapped.message === undefined && typeof message === 'string') wrapped.message = message;
  return wrapped;
}

function copyExtraProperties(error: HttpError, props: object): void {
  const target = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(props)) {
    // `in`, not hasOwn: nothing on the prototype chain (toJSON, constructor, __proto__) is shadowed or set through.
    if (!OPTION_NAMES.has(key) && !(key in target)) target[key] = (props as Record<string, unknown>)[key];
  }
}

/**
 * Creates the error for a status, and accepts the call shapes of http-errors' `createError` that keep the types whole.
 *
 * - A status literal must be an integer in 400–599: `createError(200)` is a type error. A documented status gives
 *   its class (`createError(404)` is a {@link NotFound}); an undocumented one in range a plain `HttpError<499>`.
 *   A `number` (a status read at run time) compiles and gives `HttpError`; outside 400–599 it throws a `RangeError`.
 * - `createError(status, message, props)` as in http-errors: errata's options (`code`, `details`, `headers`,
 *   `expose`, `retryAfter`, …) are used as such. Other own properties of `props` are copied onto the error, as
 *   http-errors does, unless the error already has a property of that name; they are for your logs and handlers
 *   and never sent. TypeScript still rejects unknown keys in an object literal: pass data to clients in `details`.
 * - `createError(status, error, options?)` wraps an error in a status: `error` becomes the `cause` (logged, never
 *   sent). Its message is used only if it says `expose: true` (http-errors' 4xx errors do): an arbitrary error's
 *   message may name files, hosts or accounts. Otherwise the status's documented message.
 * - `createError(error)` is {@link toHttpError}`(error)`: an errata error as it is, an http-errors, Koa or Boom
 *   error with its status, anything else a 500 hiding the original (kept as `cause`). Nothing else may follow it.
 * - `createError.NotFound`, `createError.HttpError` and `createError.isHttpError` exist, as in http-errors; the
 *   numeric form `createError[404]` does not (use `errorClasses[404]`).
 *
 * A JavaScript caller's wrong arguments get a `TypeError` naming the argument.
 *
 * @example
 * throw createError(404, 'User 42 does not exist');
 * throw createError(429, { retryAfter: 30 });
 * throw createError(502, upstreamError, { code: 'UPSTREAM' });
 * const error: NotFound = createError(404);
 */
export const createError: CreateError = /* @__PURE__ */ Object.assign(function createError(first: unknown, second?: unknown, third?: unknown): HttpError {
  if (typeof first !== 'number') {
    if (!isError(first)) {
      throw new TypeError(`createError: the first argument must be a status (400–599) or an Error, not ${describeValue(first)}`);
    }
    if (second !== undefined || third !== undefined) {
      throw new TypeError('createError: nothing may follow an error; use createError(status, error, options) to give it a status and options');
    }
    return toHttpError(first);
  }
  if (isError(second)) {
    const error = errorForStatus(first, wrapping(second, third));
    if (typeof third === 'object' && third !== null) copyExtraProperties(error, third);
    return error;
  }
  const error = errorForStatus(first, second as string | HttpErrorOptions | undefined, third as HttpErrorOptions | undefined);
  // The constructor has checked the arguments' shapes: an object here is the options (http-errors' props).
  const props = typeof second === 'object' && second !== null ? second : typeof third === 'object' && third !== null ? third : undefined;
  if (props !== undefined) copyExtraProperties(error, props);
  return error;
}, classesByName) as CreateError;
