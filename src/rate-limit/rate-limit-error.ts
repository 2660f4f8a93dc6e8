import { TooManyRequests } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions } from '../errors/options.js';

/**
 * A rate limiter's state for one client, as limiters report it.
 *
 * @example
 * const state: RateLimitState = { limit: 100, remaining: 0, resetTime: new Date(windowStart + 60_000) };
 */
export interface RateLimitState {
  /** Requests allowed per window; no `RateLimit-Limit` when unknown (`undefined`, negative, NaN or infinite). */
  limit?: number | undefined;
  /** Requests left in the window. Default: 0. */
  remaining?: number;
  /** When the window resets: a point in time, or milliseconds since the epoch. */
  resetTime?: Date | number | undefined;
  /** The window length in milliseconds: the reset when the limiter knows no `resetTime`. */
  windowMs?: number | undefined;
  /** Seconds to send as `Retry-After` when the limiter decided it; default: the seconds until the reset. */
  retryAfter?: number | undefined;
}

/**
 * What a rate-limit adapter may change about the 429 it answers with.
 *
 * @example
 * rateLimitHandler({ code: 'RATE_LIMITED', message: 'Slow down: 100 requests a minute' });
 */
export type RateLimitErrorOptions = Pick<HttpErrorOptions, 'message' | 'code' | 'details'>;

/** Whole seconds until the reset, rounded up (a client retrying a little late is fine, early is not). */
function resetSeconds(state: RateLimitState, now: number): number | undefined {
  const time = state.resetTime instanceof Date ? state.resetTime.getTime() : state.resetTime;
  if (typeof time === 'number' && Number.isFinite(time)) return Math.max(0, Math.ceil((time - now) / 1000));
  if (typeof state.windowMs === 'number' && Number.isFinite(state.windowMs)) return Math.max(0, Math.ceil(state.windowMs / 1000));
  return undefined;
}

/**
 * The `TooManyRequests` for a limiter's state: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and
 * a `Retry-After` that agree with the limiter's window. The base of errata's rate-limiter adapters. Values are
 * bounded as `TooManyRequests` bounds them: counts at most 999,999,999,999,999, the reset and `Retry-After` at most
 * 2^31 − 1 seconds, always written as plain digits.
 *
 * @example
 * if (hits > 100) throw rateLimitError({ limit: 100, remaining: 0, resetTime: windowEnd });
 */
export function rateLimitError(state: RateLimitState, options: RateLimitErrorOptions = {}, now: number = Date.now()): HttpError<429> {
  return new TooManyRequests({
    ...options,
    limit: state.limit,
    remaining: state.remaining ?? 0,
    reset: resetSeconds(state, now),
    retryAfter: state.retryAfter,
  });
}
