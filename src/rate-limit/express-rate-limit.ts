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
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stateOf(req: Request, res: Response, optionsUsed: ExpressRateLimitOptionsUsed | undefined): RateLimitState {
  const info = ((req as unknown as Record<string, unknown>)[optionsUsed?.requestPropertyName ?? 'rateLimit'] ?? {}) as RateLimitInfo;
  // express-rate-limit has already set Retry-After when its headers are on (its `retryAfter` option included): keep its word.
  const sent = Number(res.getHeader('Retry-After'));
  return {
    limit: count(info.limit) ?? 0,
    remaining: count(info.remaining),
    resetTime: info.resetTime instanceof Date ? info.resetTime : undefined,
    windowMs: optionsUsed?.windowMs,
    retryAfter: Number.isInteger(sent) && sent >= 0 ? sent : undefined,
  };
}

/**
 * A `handler` for express-rate-limit (v7, v8): a limited request goes to `next()` as errata's `TooManyRequests`,
 * with `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `Retry-After` from the limiter's window,
 * so errata's error handler answers it with the app's own options (format, logger, request id).
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
