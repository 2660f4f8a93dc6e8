import { TooManyRequests } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions } from '../errors/options.js';
import type { Policy, RateLimitPolicy } from './policies.js';

/**
 * A rate limiter's state for one client, as limiters report it.
 *
 * @example
 * const state: RateLimitState = { limit: 100, remaining: 0, resetTime: new Date(windowStart + 60_000) };
 */
export interface RateLimitState {
  /** Requests allowed per window; left out of the headers when unknown (`undefined`, negative, NaN or infinite). */
  limit?: number | undefined;
  /** Requests left in the window. Default: 0 (the limiter refused this request). */
  remaining?: number;
  /** When the window resets: a point in time, or milliseconds since the epoch. */
  resetTime?: Date | number | undefined;
  /** The window length in milliseconds (the policy's `w`); also the reset when the limiter knows no `resetTime`. */
  windowMs?: number | undefined;
  /** Seconds to send as `Retry-After` when the limiter decided it; never earlier than the reset. Default: the reset. */
  retryAfter?: number | undefined;
  /** The policy's name in the draft 8 form. Default: the name the limiter wrote in its own RateLimit header, else `'default'`. */
  name?: string | undefined;
}

/**
 * What a rate-limit adapter may change about the 429 it answers with.
 *
 * @example
 * rateLimitHandler({ code: 'RATE_LIMITED', message: 'Slow down: 100 requests a minute' });
 */
export type RateLimitErrorOptions = Pick<HttpErrorOptions, 'message' | 'code' | 'details'>;

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Whole seconds until the reset, rounded up (a client retrying a little late is fine, early is not). */
function resetSeconds(state: RateLimitState, now: number): number | undefined {
  const time = state.resetTime instanceof Date ? state.resetTime.getTime() : state.resetTime;
  if (typeof time === 'number' && Number.isFinite(time)) return Math.max(0, Math.ceil((time - now) / 1000));
  const windowMs = finite(state.windowMs);
  return windowMs === undefined ? undefined : Math.max(0, Math.ceil(windowMs / 1000));
}

/**
 * The 429 for the limiter that refused a request. `stated` are the policies the response already states (read
 * from the headers limiters wrote): the last is the refusing limiter's own, completed from its state; those before
 * it (other limiters the request passed, with express-rate-limit's draft 8 headers) are kept beside it.
 * @internal
 */
export function limitedError(
  state: RateLimitState,
  stated: readonly Policy[] | undefined,
  options: RateLimitErrorOptions,
  now: number,
): HttpError<429> {
  const own = stated?.[stated.length - 1];
  const windowMs = finite(state.windowMs);
  const policy: RateLimitPolicy = {
    name: state.name ?? own?.name,
    quota: finite(state.limit) ?? own?.quota,
    remaining: finite(state.remaining) ?? 0,
    reset: resetSeconds(state, now) ?? own?.reset,
    window: windowMs === undefined ? own?.window : windowMs / 1000,
    unit: own?.unit,
    partitionKey: own?.partitionKey,
  };
  return new TooManyRequests({ ...options, policies: [...(stated?.slice(0, -1) ?? []), policy], retryAfter: state.retryAfter });
}

/**
 * The `TooManyRequests` for a limiter's state: one violated policy whose quota, window and reset agree with the
 * limiter's, and a `Retry-After` never before the reset. The base of errata's rate-limiter adapters. Values are
 * bounded as `TooManyRequests` bounds them: counts at most 999,999,999,999,999, the reset and `Retry-After` at most
 * 2^31 − 1 seconds, always written as plain digits.
 *
 * @example
 * if (hits > 100) throw rateLimitError({ limit: 100, remaining: 0, resetTime: windowEnd });
 */
export function rateLimitError(state: RateLimitState, options: RateLimitErrorOptions = {}, now: number = Date.now()): HttpError<429> {
  return limitedError(state, undefined, options, now);
}
