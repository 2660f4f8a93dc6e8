import { ServiceUnavailable } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import type { RetryAfter } from '../retry/retry-after.js';
import { createEventLoopMonitor, type EventLoopMonitor } from './event-loop-monitor.js';

/** Options of the 503 middleware. */
export interface ServiceUnavailableOptions {
  /** Answer 503 while this returns true: a maintenance flag, a health check. Called once per request. */
  when?: () => boolean;
  /** Answer 503 while the event-loop delay is over this many milliseconds. Default: not monitored. */
  maxEventLoopDelay?: number;
  /** How often the event-loop delay is sampled, in milliseconds. Default: 1000. */
  sampleInterval?: number;
  /** The `Retry-After` of the 503: seconds or a `Date`. Default: 10 seconds. */
  retryAfter?: RetryAfter | (() => RetryAfter);
  /** The 503's message. Default: the documented one. */
  message?: string;
}

/** The framework-neutral part of the 503 middleware. */
export interface OverloadGuard {
  /** The 503 to answer this request with, or `undefined` to let it through. */
  check(): HttpError<503> | undefined;
  /** The last sampled event-loop delay in milliseconds (0 when not monitored). */
  eventLoopDelay(): number;
  /** Stops the event-loop monitor. Idempotent. */
  close(): void;
}

const DEFAULT_RETRY_AFTER = 10;

/**
 * Decides per request whether the service is unavailable (a maintenance condition, or an event-loop delay over
 * the threshold) and builds the 503 with its `Retry-After`. The Express and Koa `serviceUnavailable` wrap it.
 *
 * @example
 * const guard = createOverloadGuard({ maxEventLoopDelay: 200, retryAfter: 5 });
 * const error = guard.check(); // a ServiceUnavailable with Retry-After: 5 while the loop lags
 * guard.close();
 */
export function createOverloadGuard(options: ServiceUnavailableOptions = {}): OverloadGuard {
  const { when, maxEventLoopDelay, message } = options;
  const monitor: EventLoopMonitor | undefined =
    typeof maxEventLoopDelay === 'number' && Number.isFinite(maxEventLoopDelay) && maxEventLoopDelay > 0
      ? createEventLoopMonitor({ sampleInterval: options.sampleInterval })
      : undefined;
  const threshold = monitor ? (maxEventLoopDelay as number) : Number.POSITIVE_INFINITY;
  const retryAfter = options.retryAfter ?? DEFAULT_RETRY_AFTER;

  return {
    check() {
      const overloaded = (monitor !== undefined && monitor.delay() > threshold) || (when?.() ?? false);
      if (!overloaded) return undefined;
      return new ServiceUnavailable({ message, retryAfter: typeof retryAfter === 'function' ? retryAfter() : retryAfter, captureStack: false });
    },
    eventLoopDelay: () => monitor?.delay() ?? 0,
    close: () => monitor?.close(),
  };
}
