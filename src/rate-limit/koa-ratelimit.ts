import type { Context } from 'koa';
import { limitedError, type RateLimitErrorOptions, type RateLimitState } from './rate-limit-error.js';

/**
 * The header names koa-ratelimit was given (its `headers` option); default: its own `X-RateLimit-*` names.
 *
 * @example
 * const headers: KoaRateLimitHeaderNames = { total: 'Limit', remaining: 'Left', reset: 'Reset' };
 * const onLimited = rateLimitHandler({ headers }); // with koa-ratelimit's own headers: headers
 */
export interface KoaRateLimitHeaderNames {
  remaining?: string;
  reset?: string;
  total?: string;
}

/**
 * Options of the koa-ratelimit adapter.
 *
 * @example
 * const headers = { total: 'Limit', remaining: 'Left', reset: 'Reset' };
 * app.use(ratelimit({ driver: 'memory', db: new Map(), headers, onLimited: rateLimitHandler({ headers }) }));
 */
export interface KoaRateLimitHandlerOptions extends RateLimitErrorOptions {
  /** The same `headers` option koa-ratelimit was given, so the adapter finds the limit and the reset. */
  headers?: KoaRateLimitHeaderNames;
  /** The same `duration` koa-ratelimit was given (milliseconds): the policy's window (`w`). Default: not stated. */
  duration?: number;
  /** The policy's name in the draft 8 form. Default: `'default'`. */
  name?: string;
}

/**
 * koa-ratelimit's `onLimited` option: it throws, so errata's Koa error handler answers the request.
 *
 * @example
 * const onLimited: KoaRateLimitHandler = rateLimitHandler({ duration: 60_000 }); // koa-ratelimit 6's onLimited option
 */
export type KoaRateLimitHandler = (ctx: Context) => never;

/** What koa-ratelimit leaves on `ctx.state.rateLimit` for a limited request. */
interface LimitedState {
  after?: unknown;
  headers?: Record<string, unknown>;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stateOf(ctx: Context, names: KoaRateLimitHeaderNames, options: KoaRateLimitHandlerOptions, now: number): RateLimitState {
  const limited = ((ctx.state as { rateLimit?: LimitedState }).rateLimit ?? {}) as LimitedState;
  const headers = limited.headers ?? {};
  // koa-ratelimit's reset is epoch seconds with a fraction; its `after` is truncated, so a client would retry early.
  const reset = finite(headers[names.reset ?? 'X-RateLimit-Reset']);
  const after = finite(limited.after);
  return {
    // Unknown with `disableHeader` (or header names the adapter was not told): no limit rather than a limit of 0.
    limit: finite(headers[names.total ?? 'X-RateLimit-Limit']),
    remaining: 0,
    // With `disableHeader` only the truncated `after` is left: one more second keeps the client from retrying early.
    resetTime: reset !== undefined ? reset * 1000 : after !== undefined ? now + (after + 1) * 1000 : undefined,
    windowMs: options.duration,
    name: options.name,
  };
}

/**
 * Takes koa-ratelimit's headers (under the names it was given) and its Retry-After off the response: the error
 * carries what they said, and errata's handler writes it back in one form.
 */
function takeLimiterHeaders(ctx: Context, names: KoaRateLimitHeaderNames): void {
  for (const name of [names.remaining ?? 'X-RateLimit-Remaining', names.reset ?? 'X-RateLimit-Reset', names.total ?? 'X-RateLimit-Limit', 'Retry-After']) {
    if (!ctx.res.headersSent) ctx.res.removeHeader(name);
  }
}

/**
 * An `onLimited` for koa-ratelimit (v5, v6): a limited request becomes errata's `TooManyRequests`, one violated
 * policy with koa-ratelimit's limit and a reset and `Retry-After` rounded up from its reset, answered by errata's
 * Koa error handler (add that first) with the rate-limit headers in its `rateLimitHeaders` form. koa-ratelimit's
 * own `X-RateLimit-*` headers are taken off the response: the 429 carries one set.
 *
 * @example
 * app.use(errorHandler);
 * app.use(ratelimit({ driver: 'memory', db: new Map(), duration: 60_000, max: 100, onLimited: rateLimitHandler({ duration: 60_000 }) }));
 */
export function rateLimitHandler(options: KoaRateLimitHandlerOptions = {}): KoaRateLimitHandler {
  const { headers: names = {}, duration: _duration, name: _name, ...errorOptions } = options;
  return function errataRateLimitHandler(ctx) {
    const now = Date.now();
    const state = stateOf(ctx, names, options, now);
    takeLimiterHeaders(ctx, names);
    throw limitedError(state, undefined, errorOptions, now);
  };
}
