import type { NextFunction, Request, Response } from 'express';
import { RATE_LIMIT_HEADER_NAMES, readRateLimitHeaders } from './policies.js';
import { limitedError, type RateLimitErrorOptions, type RateLimitState } from './rate-limit-error.js';

/**
 * The part of express-rate-limit's options the handler reads (its fourth argument).
 *
 * @example
 * // express-rate-limit passes its own options as the fourth argument; these are the fields read.
 * rateLimitHandler()(req, res, next, { windowMs: 60_000, requestPropertyName: 'rateLimit' });
 */
export interface ExpressRateLimitOptionsUsed {
  windowMs?: number;
  requestPropertyName?: string;
}

/**
 * express-rate-limit's `handler` option: called instead of its own plain-text answer.
 *
 * @example
 * const handler: ExpressRateLimitHandler = rateLimitHandler();
 * app.use(rateLimit({ windowMs: 60_000, limit: 100, handler }));
 */
export type ExpressRateLimitHandler = (req: Request, res: Response, next: NextFunction, optionsUsed?: ExpressRateLimitOptionsUsed) => void;

/** What express-rate-limit puts on `req.rateLimit`. */
interface RateLimitInfo {
  limit?: unknown;
  remaining?: unknown;
  resetTime?: unknown;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

// What Number.prototype.toString writes for a non-negative number: express-rate-limit sets `retryAfter.toString()`.
const NUMBER_TEXT = /^\d+(?:\.\d+)?(?:e[+-]\d+)?$/;

/**
 * The seconds express-rate-limit wrote as Retry-After, read back from its `toString()` (so its `retryAfter: 1e21`,
 * written `1e+21`, is still its word); `''` is no delay, not 0.
 */
function sentRetryAfter(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** express-rate-limit's `handler` option, with the response methods the adapter uses (a stand-in may lack some). */
type LimitedResponse = Pick<Response, 'getHeader'> & Partial<Pick<Response, 'getHeaderNames' | 'removeHeader'>>;

function stateOf(req: Request, res: LimitedResponse, optionsUsed: ExpressRateLimitOptionsUsed | undefined): RateLimitState {
  const info = ((req as unknown as Record<string, unknown>)[optionsUsed?.requestPropertyName ?? 'rateLimit'] ?? {}) as RateLimitInfo;
  return {
    // Unknown (no `req.rateLimit`: another limiter calls this handler) means no RateLimit-Limit, not a limit of 0.
    limit: count(info.limit),
    remaining: count(info.remaining),
    resetTime: info.resetTime instanceof Date ? info.resetTime : undefined,
    windowMs: optionsUsed?.windowMs,
    // express-rate-limit has already set Retry-After when its headers are on (its `retryAfter` option included):
    // keep its word, rounded up and bounded like every hint when the error is built.
    retryAfter: sentRetryAfter(res.getHeader('Retry-After')),
  };
}

/**
 * Takes the rate-limit headers the limiters wrote off the response (every form, and Retry-After): the error now
 * carries what they said, and errata writes it back in one form. Without this, an error handler that copies
 * `err.headers` (Express's own) would send two sets.
 */
function takeLimiterHeaders(res: LimitedResponse): void {
  if (typeof res.getHeaderNames !== 'function' || typeof res.removeHeader !== 'function') return;
  for (const name of res.getHeaderNames()) if (RATE_LIMIT_HEADER_NAMES.has(name) || name === 'retry-after') res.removeHeader(name);
}

/**
 * A `handler` for express-rate-limit (v7, v8): a limited request goes to `next()` as errata's `TooManyRequests`,
 * so errata's error handler answers it with the app's own options (format, logger, request id, and the rate-limit
 * headers in its `rateLimitHeaders` form, one set whatever the limiter's `standardHeaders` and `legacyHeaders`).
 * It reads what the limiter already wrote: `req.rateLimit`, its window, its `Retry-After`, and its headers, so a
 * draft 8 policy keeps its name and partition key, and the policies of limiters the request passed before (their
 * draft 8 headers) stay beside the violated one. A value the limiter does not report leaves its header out; every
 * value is bounded as `TooManyRequests` bounds it.
 *
 * @example
 * app.use(rateLimit({ windowMs: 60_000, limit: 100, handler: rateLimitHandler() }));
 * app.use(routes);
 * app.use(errorHandler);
 */
export function rateLimitHandler(options: RateLimitErrorOptions = {}): ExpressRateLimitHandler {
  return function errataRateLimitHandler(req, res, next, optionsUsed) {
    const now = Date.now();
    const stated = readRateLimitHeaders((name) => res.getHeader(name), now);
    const state = stateOf(req, res, optionsUsed);
    takeLimiterHeaders(res);
    next(limitedError(state, stated, options, now));
  };
}
