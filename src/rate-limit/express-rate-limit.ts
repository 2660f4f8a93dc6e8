import type { NextFunction, Request, Response } from 'express';
import { rateLimitError, type RateLimitErrorOptions, type RateLimitState } from './rate-limit-error.js';

/** The part of express-rate-limit's options the handler reads (its fourth argument). */
export interface ExpressRateLimitOptionsUsed {
  windowMs?: number;
  requestPropertyName?: string;
}

/** express-rate-limit's `handler` option: called instead of its own plain-text answer. */
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

function stateOf(req: Request, res: Response, optionsUsed: ExpressRateLimitOptionsUsed | undefined): RateLimitState {
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
 * A `handler` for express-rate-limit (v7, v8): a limited request goes to `next()` as errata's `TooManyRequests`,
 * with `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `Retry-After` from the limiter's window,
 * so errata's error handler answers it with the app's own options (format, logger, request id). A value the
 * limiter does not report (no `req.rateLimit`) leaves its header out; every value is bounded as `TooManyRequests`
 * bounds it.
 *
 * @example
 * app.use(rateLimit({ windowMs: 60_000, limit: 100, handler: rateLimitHandler() }));
 * app.use(routes);
 * app.use(errorHandler);
 */
export function rateLimitHandler(options: RateLimitErrorOptions = {}): ExpressRateLimitHandler {
  return function errataRateLimitHandler(req, res, next, optionsUsed) {
    next(rateLimitError(stateOf(req, res, optionsUsed), options));
  };
}
