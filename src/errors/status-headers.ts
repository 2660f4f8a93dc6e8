import { formatRetryAfter, MAX_RETRY_AFTER_SECONDS, normalizeRetryAfter, notBefore, retryAfterFromHeader, type RetryAfter } from '../retry/retry-after.js';
import type { RateLimitPolicy } from '../rate-limit/policy-core.js';
import type { HttpErrorOptions, StatusOptions } from './options.js';

/** Every status's options in one type: what the constructor passes on. */
export type AnyStatusOptions = HttpErrorOptions & Partial<StatusOptions[keyof StatusOptions]> & {
  allow?: readonly string[];
  challenge?: string | readonly string[];
  size?: number;
  upgrade?: string;
  limit?: number;
  remaining?: number;
  reset?: number;
  policies?: readonly RateLimitPolicy[];
};

/**
 * What a status class adds to the headers its options imply, beyond those every error has: TooManyRequests' rate-limit
 * state (src/rate-limit/too-many-requests.ts). Given to the class where it is made (classes.ts), so that the code
 * is only in a program that can make that status's error. It writes its headers and returns the retry hint it
 * implies when none is given (`hint`) and the seconds before which no retry can succeed (`notBefore`).
 * @internal
 */
export type StatusHeadersHook = (
  options: AnyStatusOptions,
  headers: Record<string, string | number>,
) => { readonly hint?: number | undefined; readonly notBefore?: number | undefined };

/**
 * The largest `RateLimit-Limit` and `RateLimit-Remaining` errata sends: the largest Structured Field Integer
 * (RFC 9651 §3.3.1), the syntax the RateLimit header drafts give them. `RateLimit-Reset` is delay-seconds like
 * `Retry-After`, which it sets, and shares its ceiling, {@link MAX_RETRY_AFTER_SECONDS}.
 */
export const MAX_RATE_LIMIT_COUNT = 999_999_999_999_999;

const DIGITS = /^\s*(\d+)\s*$/;

interface CountField {
  readonly name: string;
  readonly round: (value: number) => number;
  readonly max: number;
}
/** Every rate-limit count checked in an error's raw headers, by lower-case name. */
const RAW_COUNTS: ReadonlyMap<string, CountField> = new Map(
  [
    { name: 'RateLimit-Limit', round: Math.floor, max: MAX_RATE_LIMIT_COUNT },
    { name: 'RateLimit-Remaining', round: Math.floor, max: MAX_RATE_LIMIT_COUNT },
    // Rounded up: a reset reached early would send clients back too soon.
    { name: 'RateLimit-Reset', round: Math.ceil, max: MAX_RETRY_AFTER_SECONDS },
    // The legacy counts are integers in every limiter. X-RateLimit-Reset is left as written: limiters disagree on
    // what it is (koa-ratelimit sends epoch seconds with a fraction, others delta seconds).
    { name: 'X-RateLimit-Limit', round: Math.floor, max: MAX_RATE_LIMIT_COUNT },
    { name: 'X-RateLimit-Remaining', round: Math.floor, max: MAX_RATE_LIMIT_COUNT },
  ].map((field) => [field.name.toLowerCase(), field]),
);

function list(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join(', ');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A count as a whole number within the field's ceiling; `undefined` (no header) when it is not a count. */
function fieldCount(value: unknown, field: CountField): number | undefined {
  return isCount(value) ? Math.min(field.max, field.round(value)) : undefined;
}

/** A whole number of bytes as plain digits, however large (Content-Range's complete-length is `1*DIGIT`). */
function byteCount(value: number): string {
  return BigInt(Math.floor(value)).toString();
}

/** Finds a header in a record regardless of case. */
export function findHeader(headers: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  if (!headers) return undefined;
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** Removes every spelling of a header; returns the first spelling found and its value, to be rewritten in place. */
export function takeHeader(headers: Record<string, unknown>, name: string): [key: string, value: unknown] | undefined {
  let found: [key: string, value: unknown] | undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    found ??= [key, headers[key]];
    delete headers[key];
  }
  return found;
}

/**
 * A raw RateLimit-* value given as a header (a foreign error's, or an author's `headers`): a number or a digit
 * string is kept as a count within the field's ceiling, a negative or non-finite number is dropped. Other strings
 * are left as written (earlier drafts put quota policies there: `10, 10;w=1`, and the RateLimit and
 * RateLimit-Policy fields of later ones are Structured Fields): the renderer reads every form and writes one.
 */
function rawCount(value: unknown, field: CountField): string | number | undefined {
  if (typeof value === 'number') return fieldCount(value, field);
  if (typeof value !== 'string') return undefined;
  const digits = DIGITS.exec(value);
  return digits && Number(digits[1]) > field.max ? field.max : value;
}

/** The headers an error implies (its own, Retry-After, and those its status requires), and its retry hint. */
export function statusHeaders(status: number, options: AnyStatusOptions, hook?: StatusHeadersHook): { headers: Record<string, string | number>; retryAfter: RetryAfter | undefined } {
  const headers: Record<string, string | number> = options.headers ? { ...options.headers } : {};
  let retryAfter = normalizeRetryAfter(options.retryAfter);

  for (const key of Object.keys(headers)) {
    const field = RAW_COUNTS.get(key.toLowerCase());
    if (field === undefined) continue;
    const value = rawCount(headers[key], field);
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  switch (status) {
    case 401:
    case 407:
      if (options.challenge !== undefined) headers[status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'] = list(options.challenge);
      break;
    case 405:
      if (options.allow !== undefined) headers.Allow = list(options.allow);
      break;
    case 416:
      if (isCount(options.size)) headers['Content-Range'] = `bytes */${byteCount(options.size)}`;
      break;
    case 426:
      if (options.upgrade !== undefined) headers.Upgrade = options.upgrade;
      break;
  }
  const implied = hook?.(options, headers);
  retryAfter ??= implied?.hint;

  // A Retry-After given as a raw header (http-errors, ctx.throw) still counts as the error's hint, and is rewritten
  // in its normalised form under the spelling it came with; an unreadable one is removed.
  const raw = takeHeader(headers, 'retry-after');
  let spelling = 'Retry-After';
  if (retryAfter === undefined && raw !== undefined) {
    retryAfter = retryAfterFromHeader(raw[1]);
    spelling = raw[0];
  }
  // The draft: Retry-After never before the reset of a violated policy (the renderer applies it to raw forms too).
  if (implied?.notBefore !== undefined) retryAfter = notBefore(retryAfter, implied.notBefore);
  if (retryAfter !== undefined) headers[spelling] = formatRetryAfter(retryAfter);
  return { headers, retryAfter };
}
