import { nameFromMessage } from '../catalog/catalog.js';
import { UNDOCUMENTED_REASON_PHRASES } from '../catalog/reason-phrases.js';
import type { StatusEntry } from '../catalog/types.js';
import type { FromResponseOptions, ResponseProblem } from '../client/from-response.js';
import { secondsUntil, type RetryAfter } from '../retry/retry-after.js';
import type { HttpErrorOptions } from './options.js';
import { statusHeaders, type StatusHeadersHook } from './status-headers.js';

// Symbol.for, not Symbol(): the brand must match across the ESM and CJS builds and across installed copies.
const BRAND = Symbol.for('errata.HttpError');
const CLASS_STATUS = Symbol.for('errata.HttpError.classStatus');
// A built-in class's catalogue entry: the class brings its own text, so a bundle with one class holds one entry.
const CLASS_ENTRY = Symbol('errata.HttpError.classEntry');
const EMPTY_HEADERS: Readonly<Record<string, string | number>> = Object.freeze({});
/**
 * What a status's options imply beyond every error's headers, by status: TooManyRequests' rate-limit state. Filled
 * where the class is made (markStatusClass), so the code is in a program exactly when the class is: any program
 * that can make a 429 without the class (`new HttpError(429, …)`, createError) imports the exported HttpError or
 * errorClasses, and with them every class.
 */
const statusHooks: Partial<Record<number, StatusHeadersHook>> = {};

// Read once: stack capture is decided per error, and process.env is slow to read on a hot path. Only an explicit
// development environment pays for 4xx stacks, as everywhere else in errata. A browser has no `process`.
const captureClientStacks = typeof process !== 'undefined' && process.env.NODE_ENV === 'development';

/** What only the exported `HttpError` brings (see http-error-public.ts): the whole catalogue, and the response reader. */
export interface HttpErrorCompletion {
  /** The default catalogue, for `new HttpError(404)` and user subclasses, which have no entry of their own. */
  statuses: Readonly<Record<number, StatusEntry>>;
  /** `HttpError.fromResponse`. */
  fromResponse: (response: Response, options?: FromResponseOptions) => Promise<HttpError>;
}
let completion: HttpErrorCompletion | undefined;

/**
 * Gives the class what a built-in class never needs. Called once, by the module that exports `HttpError`; a bundle
 * without that export (one with only `NotFound`) has no way to make an error with no entry of its own.
 * @internal
 */
export function completeHttpError(parts: HttpErrorCompletion): typeof HttpError {
  completion = parts;
  return HttpError;
}

/** The `err.name` http-errors gives a status (`'NotFoundError'`, `'InternalServerError'`), from its catalogue entry. */
export function errorNameFor(status: number, entry: StatusEntry | undefined): string {
  const base = entry?.name ?? nameFromMessage(UNDOCUMENTED_REASON_PHRASES[status] ?? 'Http');
  return base.endsWith('Error') ? base : `${base}Error`;
}

/**
 * The JSON form of an error, for logs and `JSON.stringify`.
 *
 * @example
 * const json: HttpErrorJSON = new NotFound('No user with id 42').toJSON();
 * logger.info(json, 'answered with an error');
 */
export interface HttpErrorJSON {
  status: number;
  name: string;
  message: string;
  description: string;
  retryable: boolean;
  retryAfter?: number;
  code?: string;
  details?: unknown;
}

/**
 * An HTTP error: a status in 400–599 with its documented message and description, and optional data.
 * Every errata error class extends it; it also reads as an http-errors error (`status`, `statusCode`,
 * `expose`, `headers`), so Koa and Express answer it correctly even without errata's middleware.
 *
 * @example
 * throw new HttpError(499, 'The client closed the connection');
 */
export class HttpError<S extends number = number> extends Error {
  /** The HTTP status code. */
  declare readonly status: S;
  /** The HTTP status code (the http-errors alias of `status`). */
  declare readonly statusCode: S;
  /** Whether the message and details may be sent to the client (default: `status < 500`). */
  declare expose: boolean;
  /** Every response header the error implies, `Retry-After` included. */
  declare readonly headers: Readonly<Record<string, string | number>>;
  /** The documented description of the status, or the one given to this error. */
  declare readonly description: string;
  /** Whether the same request may succeed later without modification. */
  declare readonly retryable: boolean;
  /** When the client may retry: whole seconds, or a point in time. */
  declare readonly retryAfter: RetryAfter | undefined;
  /** The application error code, if any. */
  declare readonly code: string | undefined;
  /** Client-facing details, sent only when the error is exposed. */
  declare readonly details: unknown;

  // Set only by this constructor and unforgeable: the renderer trusts no other object's fields (see toHttpError).
  readonly #genuine = true;

  constructor(status: S, message?: string, options?: HttpErrorOptions);
  constructor(status: S, options?: HttpErrorOptions);
  constructor(status: S, messageOrOptions?: string | HttpErrorOptions, maybeOptions?: HttpErrorOptions) {
    // The built-in classes have no constructor of their own (see classes.ts): their arguments arrive here
    // unshifted, and their status is the class's entry's. HttpError and its user subclasses have no entry.
    const classEntry = (new.target as unknown as Record<symbol, StatusEntry | undefined>)[CLASS_ENTRY];
    if (classEntry) {
      maybeOptions = messageOrOptions as HttpErrorOptions | undefined;
      messageOrOptions = status as unknown as string | HttpErrorOptions | undefined;
      status = classEntry.status as S;
    }
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError: status ${String(status)} is not an error status (400–599)`);
    }
    const options = messageOrOptions === undefined && maybeOptions === undefined ? undefined : checkArguments(new.target, messageOrOptions, maybeOptions);
    const entry = classEntry ?? completion?.statuses[status];
    const message =
      (typeof messageOrOptions === 'string' ? messageOrOptions : options?.message) ?? entry?.message ?? UNDOCUMENTED_REASON_PHRASES[status] ?? `Error ${status}`;

    const stackLimit = Error.stackTraceLimit;
    try {
      if (!(options?.captureStack ?? (status >= 500 || captureClientStacks))) Error.stackTraceLimit = 0;
      super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    } finally {
      // Whatever happens above (a throwing `cause` getter), one request must not switch off stacks for the process.
      Error.stackTraceLimit = stackLimit;
    }

    const implied = options ? statusHeaders(status, options, statusHooks[status]) : undefined;
    const self = this as { -readonly [K in keyof HttpError<S>]: HttpError<S>[K] };
    self.status = status;
    self.statusCode = status;
    self.expose = options?.expose ?? status < 500;
    self.headers = implied?.headers ?? EMPTY_HEADERS;
    self.description = options?.description ?? entry?.description ?? '';
    self.retryAfter = implied?.retryAfter;
    self.retryable = (entry?.retryable ?? false) || self.retryAfter !== undefined;
    self.code = options?.code;
    self.details = options?.details;
    // Direct instances (createError for an uncatalogued status) get the http-errors name of their status.
    if (new.target === HttpError) self.name = errorNameFor(status, entry);
  }

  /**
   * Whether `value` was made by this copy of errata's constructor (not a forged brand on another object).
   * @internal
   */
  static isGenuine(value: object): value is HttpError {
    return #genuine in value;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Built-in classes recognise errors from any copy of errata by brand (and status);
    // user subclasses keep ordinary prototype-chain semantics.
    if (Object.prototype.hasOwnProperty.call(this, CLASS_STATUS)) {
      if (!isHttpError(value)) return false;
      const classStatus = (this as unknown as Record<symbol, number>)[CLASS_STATUS];
      return classStatus === 0 || (value as HttpError).status === classStatus;
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /**
   * Reads a `fetch` error response back into the errata error the server threw (the status's class, with
   * message, description, code, details and retryAfter from a JSON or problem+json body; status and
   * `Retry-After` otherwise). With `problems` (`defineProblem` classes), a body of one of them (its `type`, else
   * its `code`, and its status) gives that class, with its members from the body; members that fail the problem's
   * schema give the status's class, as without the option. Rejects with a `RangeError` for a status outside
   * 400–599, a `TypeError` for a `problems` entry `defineProblem` did not make; never because of the body.
   *
   * @example
   * const response = await fetch(url);
   * if (!response.ok) {
   *   const error = await HttpError.fromResponse(response, { problems: [OutOfCredit] });
   *   if (error instanceof OutOfCredit) console.log(error.members.balance);
   *   throw error;
   * }
   */
  static async fromResponse<P extends ResponseProblem = never>(response: Response, options?: FromResponseOptions<P>): Promise<HttpError | P['prototype']> {
    // Installed with the exported HttpError (http-error-public.ts), which loads the parser when first called.
    if (!completion) throw new TypeError('HttpError.fromResponse: import HttpError from errata to use it');
    return completion.fromResponse(response, options);
  }

  /** The error as JSON for logs: status, name, message, description, retry hint, code and details. */
  toJSON(): HttpErrorJSON {
    const json: HttpErrorJSON = { status: this.status, name: this.name, message: this.message, description: this.description, retryable: this.retryable };
    if (this.retryAfter !== undefined) json.retryAfter = secondsUntil(this.retryAfter);
    if (this.code !== undefined) json.code = this.code;
    if (this.details !== undefined) json.details = this.details;
    return json;
  }
}

/** The option fields every error checks, with the type each must have. */
const OPTION_TYPES: ReadonlyArray<readonly [keyof HttpErrorOptions, 'string' | 'boolean' | 'object']> = [
  ['message', 'string'],
  ['description', 'string'],
  ['code', 'string'],
  ['expose', 'boolean'],
  ['captureStack', 'boolean'],
  ['headers', 'object'],
];
const ARTICLE = { string: 'a string', boolean: 'a boolean', object: 'an object' } as const;

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The options of a constructor call, after checking what a JavaScript caller passed: a message string or an
 * options object, then options; each known option of its type. A clear `TypeError` naming the argument beats an
 * unrelated failure from deep inside (`Cannot convert object to primitive value`).
 */
function checkArguments(target: { name: string }, messageOrOptions: unknown, maybeOptions: unknown): HttpErrorOptions | undefined {
  const who = target.name || 'HttpError';
  let options: unknown;
  // No message (undefined or null) followed by options is the shape createError and toHttpError use.
  if (typeof messageOrOptions === 'string' || messageOrOptions === undefined || messageOrOptions === null) options = maybeOptions;
  else if (typeof messageOrOptions === 'object' && messageOrOptions !== null && !Array.isArray(messageOrOptions)) {
    if (maybeOptions !== undefined) throw new TypeError(`${who}: unexpected second argument (${describeValue(maybeOptions)}) after an options object`);
    options = messageOrOptions;
  } else {
    throw new TypeError(`${who}: the first argument must be a message string or an options object, not ${describeValue(messageOrOptions)}`);
  }
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${who}: options must be an object, not ${describeValue(options)}`);
  }
  const record = options as Record<string, unknown>;
  for (const [name, type] of OPTION_TYPES) {
    const value = record[name];
    if (value !== undefined && (typeof value !== type || value === null || Array.isArray(value))) {
      throw new TypeError(`${who}: options.${name} must be ${ARTICLE[type]}, not ${describeValue(value)}`);
    }
  }
  const retryAfter = record.retryAfter;
  if (retryAfter !== undefined && typeof retryAfter !== 'number' && !(retryAfter instanceof Date)) {
    throw new TypeError(`${who}: options.retryAfter must be a number of seconds or a Date, not ${describeValue(retryAfter)}`);
  }
  return options as HttpErrorOptions;
}

Object.defineProperty(HttpError.prototype, BRAND, { value: true });
// A bundler may rename the class (`_HttpError`) when it is referenced inside its own body; logs print this name.
Object.defineProperty(HttpError, 'name', { value: 'HttpError' });
Object.defineProperty(HttpError.prototype, 'name', { value: 'HttpError', writable: true, configurable: true });
Object.defineProperty(HttpError, CLASS_STATUS, { value: 0 });

/**
 * Marks a built-in status class: `instanceof` matches errors of its status from any copy of errata, its
 * instances take their status and text from `entry`, and every error of its status reads its options with `hook`.
 */
export function markStatusClass(errorClass: object, entry: StatusEntry, hook?: StatusHeadersHook): void {
  Object.defineProperty(errorClass, CLASS_STATUS, { value: entry.status });
  Object.defineProperty(errorClass, CLASS_ENTRY, { value: entry });
  if (hook) statusHooks[entry.status] = hook;
}

/**
 * Whether a value is an errata error, from this copy of errata or any other (ESM and CJS builds included).
 *
 * @example
 * if (isHttpError(err) && err.status === 404) …
 */
export function isHttpError(value: unknown): value is HttpError {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    // A revoked Proxy or a throwing trap is not an errata error; a guard must not throw.
    return false;
  }
}
