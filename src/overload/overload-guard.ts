import { ServiceUnavailable } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import { markReducedCapacity } from '../rate-limit/problem-types.js';
import type { RetryAfter } from '../retry/retry-after.js';
import { createEventLoopMonitor, type EventLoopMonitor } from './event-loop-monitor.js';

/**
 * Options of the 503 middleware; `when` receives the framework's request (Express `req`, Koa `ctx`).
 *
 * @example
 * const options: ServiceUnavailableOptions = { when: () => flags.maintenance, maxEventLoopDelay: 500, retryAfter: 30 };
 */
export interface ServiceUnavailableOptions<Request = unknown> {
  /** Answer 503 while this returns true for the request: a maintenance flag, a health check. Called once per request. */
  when?: (request: Request) => boolean;
  /**
   * Answer 503 while the event-loop delay is over this many milliseconds: a finite number above 0, else a
   * `RangeError` at creation (`TypeError` when not a number). Default: not monitored.
   */
  maxEventLoopDelay?: number;
  /**
   * How often the event-loop delay is sampled, in milliseconds: an integer from 10 (the resolution of the delay
   * histogram, which records nothing faster) to 60000 (one sample holds the 503 for that long after a single
   * block, and a new block is seen that late), else a `RangeError` at creation (`TypeError` when not a number).
   * Used only with `maxEventLoopDelay`, checked in any case. Default: 1000.
   */
  sampleInterval?: number;
  /** The `Retry-After` of the 503: seconds or a `Date`. Default: 10 seconds. */
  retryAfter?: RetryAfter | (() => RetryAfter);
  /** The 503's message, sent to clients even in production: it is a planned answer, not a failure to hide. Default: the documented one, hidden in production. */
  message?: string;
}

/**
 * The framework-neutral part of the 503 middleware.
 *
 * @example
 * const error = guard.check(request); if (error) throw error;
 */
export interface OverloadGuard<Request = unknown> {
  /** The 503 to answer this request with, or `undefined` to let it through. */
  check(request: Request): HttpError<503> | undefined;
  /** The last sampled event-loop delay in milliseconds (0 when not monitored). */
  eventLoopDelay(): number;
  /** Stops the event-loop monitor. Idempotent. */
  close(): void;
}

const DEFAULT_RETRY_AFTER = 10;
// The bounds of `sampleInterval`, in milliseconds: the delay histogram's resolution, and one minute.
const MIN_SAMPLE_INTERVAL = 10;
const MAX_SAMPLE_INTERVAL = 60_000;

/**
 * Checks one numeric option at creation: a NaN, an infinity, 0 or a negative value would otherwise switch the
 * monitor off, or run its timer every millisecond, without a word. `null` is taken as not given, as from a
 * JSON configuration.
 */
function checkNumber(name: string, value: unknown, valid: (value: number) => boolean, expected: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number') throw new TypeError(`serviceUnavailable: \`${name}\` must be ${expected}, not a ${typeof value}`);
  if (!valid(value)) throw new RangeError(`serviceUnavailable: \`${name}\` must be ${expected}, not ${String(value)}`);
}

/**
 * Decides per request whether the service is unavailable (a maintenance condition, or an event-loop delay over
 * the threshold) and builds the 503 with its `Retry-After`. The Express and Koa `serviceUnavailable` wrap it.
 * Throws, naming the option, a `RangeError` for a `maxEventLoopDelay` that is not a finite number above 0 or a
 * `sampleInterval` that is not an integer from 10 to 60000, and a `TypeError` for either when it is not a number.
 *
 * @example
 * const guard = createOverloadGuard({ maxEventLoopDelay: 200, retryAfter: 5 });
 * const error = guard.check(req); // a ServiceUnavailable with Retry-After: 5 while the loop lags
 * guard.close();
 */
export function createOverloadGuard<Request = unknown>(options: ServiceUnavailableOptions<Request> = {}): OverloadGuard<Request> {
  checkNumber('maxEventLoopDelay', options.maxEventLoopDelay, (ms) => Number.isFinite(ms) && ms > 0, 'a finite number of milliseconds above 0');
  checkNumber(
    'sampleInterval',
    options.sampleInterval,
    (ms) => Number.isInteger(ms) && ms >= MIN_SAMPLE_INTERVAL && ms <= MAX_SAMPLE_INTERVAL,
    `an integer number of milliseconds from ${MIN_SAMPLE_INTERVAL} to ${MAX_SAMPLE_INTERVAL}`,
  );
  const { when, maxEventLoopDelay, message } = options;
  const monitor: EventLoopMonitor | undefined =
    maxEventLoopDelay === undefined || maxEventLoopDelay === null
      ? undefined
      : createEventLoopMonitor({ sampleInterval: options.sampleInterval ?? undefined });
  const threshold = monitor ? (maxEventLoopDelay as number) : Number.POSITIVE_INFINITY;
  const retryAfter = options.retryAfter ?? DEFAULT_RETRY_AFTER;

  return {
    check(request) {
      const overloaded = (monitor !== undefined && monitor.delay() > threshold) || (when?.(request) ?? false);
      if (!overloaded) return undefined;
      const hint = typeof retryAfter === 'function' ? retryAfter() : retryAfter;
      const error = new ServiceUnavailable({ message, expose: message !== undefined, retryAfter: hint, captureStack: false });
      // The renderer's `rateLimitProblemTypes` answers it as the draft's temporary-reduced-capacity.
      markReducedCapacity(error);
      return error;
    },
    eventLoopDelay: () => monitor?.delay() ?? 0,
    close: () => monitor?.close(),
  };
}
