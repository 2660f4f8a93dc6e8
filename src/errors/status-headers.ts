import {
  boundedCount,
  boundedSeconds,
  DEFAULT_RATE_LIMIT_FORM,
  hasRateLimitHeader,
  normalizePolicies,
  notBefore,
  RATE_LIMIT_HEADER_NAMES,
  rateLimitFields,
  readRateLimitHeaders,
  recordLookup,
  rememberPolicies,
  violatedReset,
  type Policy,
  type RateLimitPolicy,
} from '../rate-limit/policies.js';
import { formatRetryAfter, normalizeRetryAfter, retryAfterFromHeader, type RetryAfter } from '../retry/retry-after.js';
import type { HttpErrorOptions, StatusOptions } from './options.js';

type AnyStatusOptions = HttpErrorOptions & Partial<StatusOptions[keyof StatusOptions]> & {
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
 * The largest `RateLimit-Limit` and `RateLimit-Remaining` errata sends: the largest Structured Field Integer
 * (RFC 9651 §3.3.1), the syntax the RateLimit header drafts give them. `RateLimit-Reset` is delay-seconds like
 * `Retry-After`, which it sets, and shares its ceiling, `MAX_RETRY_AFTER_SECONDS`.
 */
export const MAX_RATE_LIMIT_COUNT = 999_999_999_999_999;

function list(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join(', ');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
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
function takeHeader(headers: Record<string, unknown>, name: string): [key: string, value: unknown] | undefined {
  let found: [key: string, value: unknown] | undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    found ??= [key, headers[key]];
    delete headers[key];
  }
  return found;
}

/**
 * The rate-limit policies an error states: a 429's `policies`, or its single `limit`, `remaining` and `reset` (one
 * policy, a value not given taken from the raw headers), else whatever rate-limit headers it was given raw, in any
 * form. The raw headers are removed: the policies are written back in one form. `undefined` when there are none.
 */
function takePolicies(status: number, options: AnyStatusOptions, headers: Record<string, unknown>): Policy[] | undefined {
  const raw = hasRateLimitHeader(headers) ? (readRateLimitHeaders(recordLookup(headers)) ?? []) : undefined;
  if (raw !== undefined) for (const key of Object.keys(headers)) if (RATE_LIMIT_HEADER_NAMES.has(key.toLowerCase())) delete headers[key];
  if (status !== 429) return raw;
  if (Array.isArray(options.policies)) return normalizePolicies(options.policies);
  const single = { limit: boundedCount(options.limit), remaining: boundedCount(options.remaining), reset: boundedSeconds(options.reset) };
  if (single.limit === undefined && single.remaining === undefined && single.reset === undefined) return raw;
  const base = raw?.[0];
  return normalizePolicies([
    { ...base, quota: single.limit ?? base?.quota, remaining: single.remaining ?? base?.remaining, reset: single.reset ?? base?.reset },
  ]);
}

/** The headers an error implies (its own, Retry-After, and those its status requires), and its retry hint. */
export function statusHeaders(status: number, options: AnyStatusOptions): { headers: Record<string, string | number>; retryAfter: RetryAfter | undefined } {
  const headers: Record<string, string | number> = options.headers ? { ...options.headers } : {};
  let retryAfter = normalizeRetryAfter(options.retryAfter);
  const policies = takePolicies(status, options, headers);

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
    case 429: {
      // The single-limit form: its reset is the default hint, whatever the remaining count says (as ever).
      const reset = boundedSeconds(options.reset);
      if (!Array.isArray(options.policies) && reset !== undefined) retryAfter ??= reset;
      break;
    }
  }
  if (policies !== undefined) Object.assign(headers, rateLimitFields(policies, DEFAULT_RATE_LIMIT_FORM));

  // A Retry-After given as a raw header (http-errors, ctx.throw) still counts as the error's hint, and is rewritten
  // in its normalised form under the spelling it came with; an unreadable one is removed.
  const raw = takeHeader(headers, 'retry-after');
  let spelling = 'Retry-After';
  if (retryAfter === undefined && raw !== undefined) {
    retryAfter = retryAfterFromHeader(raw[1]);
    spelling = raw[0];
  }
  // The draft: Retry-After never before the reset of a violated policy.
  if (policies !== undefined) retryAfter = notBefore(retryAfter, violatedReset(policies));
  if (retryAfter !== undefined) headers[spelling] = formatRetryAfter(retryAfter);
  if (policies !== undefined) rememberPolicies(headers, policies);
  return { headers, retryAfter };
}
