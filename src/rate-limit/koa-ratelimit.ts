import type { Context } from 'koa';
import { rateLimitError, type RateLimitErrorOptions, type RateLimitState } from './rate-limit-error.js';

/** The header names koa-ratelimit was given (its `headers` option); default: its own `X-RateLimit-*` names. */
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
}

/** koa-ratelimit's `onLimited` option: it throws, so errata's Koa error handler answers the request. */
export type KoaRateLimitHandler = (ctx: Context) => never;

/** What koa-ratelimit leaves on `ctx.state.rateLimit` for a limited request. */
interface LimitedState {
  after?: unknown;
  headers?: Record<string, unknown>;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stateOf(ctx: Context, names: KoaRateLimitHeaderNames): RateLimitState {
  const limited = ((ctx.state as { rateLimit?: LimitedState }).rateLimit ?? {}) as LimitedState;
  const headers = limited.headers ?? {};
  // koa-ratelimit's reset is epoch seconds with a fraction; its `after` is truncated, so a client would retry early.
  const reset = finite(headers[names.reset ?? 'X-RateLimit-Reset']);
  const after = finite(limited.after);
  return {
    // Unknown with `disableHeader` (or header names the adapter was not told): no RateLimit-Limit rather than 0.
    limit: finite(headers[names.total ?? 'X-RateLimit-Limit']),
    remaining: 0,
    resetTime: reset === undefined ? undefined : reset * 1000,
    // With `disableHeader` only the truncated `after` is left: one more second keeps the client from retrying early.
    windowMs: reset === undefined && after !== undefined ? (after + 1) * 1000 : undefined,
  };
}

/**
 * An `onLimited` for koa-ratelimit (v5, v6): a limited request becomes errata's `TooManyRequests`, with
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and a `Retry-After` rounded up from the limiter's
 * reset, answered by errata's Koa error handler (add that first).
 *
 * @example
 * app.use(errorHandler);
 * app.use(ratelimit({ driver: 'memory', db: new Map(), duration: 60_000, max: 100, onLimited: rateLimitHandler() }));
 */
export function rateLimitHandler(options: KoaRateLimitHandlerOptions = {}): KoaRateLimitHandler {
  const { headers: names = {}, ...errorOptions } = options;
  return function errataRateLimitHandler(ctx) {
    throw rateLimitError(stateOf(ctx, names), errorOptions);
  };
}
