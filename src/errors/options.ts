import type { RateLimitPolicy } from '../rate-limit/policies.js';
import type { RetryAfter } from '../retry/retry-after.js';

/**
 * Header values an error may carry; anything else is dropped before a response is written.
 *
 * @example
 * const headers: ErrorHeaders = { 'Cache-Control': 'no-store', 'Accept-Patch': 'application/merge-patch+json' };
 * throw new UnsupportedMediaType({ headers });
 */
export type ErrorHeaders = Readonly<Record<string, string | number>>;

/**
 * Options every errata error accepts.
 *
 * @example
 * throw new NotFound({ message: 'No user with id 42', code: 'USER_NOT_FOUND', details: { id: 42 } });
 */
export interface HttpErrorOptions {
  /** The error's own message (what went wrong in this case). Defaults to the documented message. */
  message?: string;
  /** Overrides the documented description for this error. */
  description?: string;
  /** An application error code for clients to branch on, such as `'USER_NOT_FOUND'`. */
  code?: string;
  /** Structured, client-facing details (field errors, limits). Sent only when the error is exposed. */
  details?: unknown;
  /** The underlying error; logged, never sent. */
  cause?: unknown;
  /** Extra response headers. Values with CR/LF or non-ASCII characters are dropped when written. */
  headers?: ErrorHeaders;
  /** Whether the message and details may be sent to the client. Defaults to `status < 500`. */
  expose?: boolean;
  /**
   * When the client may retry: whole seconds from now, or a `Date`. Sets `Retry-After` and makes the error retryable.
   * Always sent within the header's syntax: seconds are rounded up and clamped to 0–2147483647 (2^31 − 1, about
   * 68 years: RFC 9111 §1.2.2's 31-bit ceiling for the same digits syntax, so no client's integer overflows);
   * a `Date` is rounded up to the whole second and clamped into the years 0000–9999 that an IMF-fixdate can write
   * (RFC 9110 §5.6.7). NaN, ±Infinity and invalid Dates are no hint.
   */
  retryAfter?: RetryAfter;
  /**
   * Capture a stack trace. Defaults to true for 5xx, and for 4xx outside production
   * (`NODE_ENV !== 'production'`); 4xx errors in production skip it, since it is their main cost.
   */
  captureStack?: boolean;
}

/**
 * `405 Method Not Allowed`: RFC 9110 §15.5.6 requires an `Allow` header listing the supported methods.
 *
 * @example
 * throw new MethodNotAllowed({ allow: ['GET', 'HEAD'], message: 'Users are read-only' });
 */
export interface MethodNotAllowedOptions extends HttpErrorOptions {
  allow?: readonly string[];
}

/**
 * `401` / `407`: RFC 9110 §11.6 requires at least one challenge (`WWW-Authenticate` / `Proxy-Authenticate`).
 *
 * @example
 * throw new Unauthorized({ challenge: ['Bearer realm="api"', 'Basic realm="api"'] });
 */
export interface ChallengeOptions extends HttpErrorOptions {
  challenge?: string | readonly string[];
}

/**
 * `416 Range Not Satisfiable`: RFC 9110 §14.4 sends `Content-Range: bytes *\/size` when the length is known.
 *
 * @example
 * throw new RangeNotSatisfiable({ size: 5000 }); // Content-Range: bytes *\/5000
 */
export interface RangeNotSatisfiableOptions extends HttpErrorOptions {
  size?: number;
}

/**
 * `426 Upgrade Required`: RFC 9110 §15.5.22 requires an `Upgrade` header naming the protocol.
 *
 * @example
 * throw new UpgradeRequired({ upgrade: 'websocket', message: 'This endpoint speaks WebSocket only' });
 */
export interface UpgradeRequiredOptions extends HttpErrorOptions {
  upgrade?: string;
}

/**
 * `429 Too Many Requests`: the rate-limit state, either one limit (`limit`, `remaining`, `reset`) or several named
 * `policies`. Sent in the form the renderer's `rateLimitHeaders` option names; `err.headers` holds draft 6's
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (and `RateLimit-Policy` when a window is known),
 * always as plain digits. A value that is not a non-negative finite number is unknown and left out.
 *
 * @example
 * throw new TooManyRequests({ limit: 100, remaining: 0, reset: 30, code: 'RATE_LIMITED' });
 * throw new TooManyRequests({ policies: [{ name: 'per-minute', quota: 100, window: 60, remaining: 0, reset: 30 }] });
 */
export interface TooManyRequestsOptions extends HttpErrorOptions {
  /** Requests allowed per window; rounded down, at most 999999999999999 (the largest Structured Field Integer, RFC 9651). */
  limit?: number;
  /** Requests left in the window; rounded down, at most 999999999999999. */
  remaining?: number;
  /** Seconds until the window resets; also the default `retryAfter`. Rounded up, at most 2147483647, as `retryAfter`. */
  reset?: number;
  /**
   * Several quota policies (instead of `limit`, `remaining`, `reset`): each a name, quota, window, remaining units,
   * reset, and optionally a quota unit and partition key. A policy with `remaining: 0` is violated: `Retry-After`
   * is never earlier than the latest reset of the violated policies, and defaults to it.
   */
  policies?: readonly RateLimitPolicy[];
}

/**
 * The options type each status accepts.
 *
 * @example
 * const options: StatusOptions[405] = { allow: ['GET', 'HEAD'] };
 */
export interface StatusOptions {
  401: ChallengeOptions;
  405: MethodNotAllowedOptions;
  407: ChallengeOptions;
  416: RangeNotSatisfiableOptions;
  426: UpgradeRequiredOptions;
  429: TooManyRequestsOptions;
}

/**
 * The options for status `S`.
 *
 * @example
 * const options: OptionsFor<429> = { limit: 100, remaining: 0, reset: 30 };
 * throw createError(429, options);
 */
export type OptionsFor<S extends number> = S extends keyof StatusOptions ? StatusOptions[S] : HttpErrorOptions;
