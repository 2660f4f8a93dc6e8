import type { Context, Middleware } from 'koa';
import { createOverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/**
 * Koa middleware answering 503 while the service is unavailable, with a way to stop its monitor.
 *
 * @example
 * const overload: ServiceUnavailableMiddleware = serviceUnavailable({ maxEventLoopDelay: 200 });
 * app.use(overload);
 * process.on('SIGTERM', () => overload.close());
 */
export type ServiceUnavailableMiddleware = Middleware & {
  /** Stops the event-loop monitor (tests, graceful shutdown). */
  close(): void;
};

/**
 * Koa middleware that throws errata's `ServiceUnavailable` (503 with `Retry-After`) while `when()` holds or the
 * event-loop delay is over `maxEventLoopDelay`. Add it after errata's error handler, before the routes.
 * Throws at creation, naming the option, for a `maxEventLoopDelay` that is not a finite number above 0 or a
 * `sampleInterval` that is not an integer from 10 to 60000 ms (`RangeError`; `TypeError` when not a number).
 *
 * @example
 * const overload = serviceUnavailable({ when: (ctx) => maintenance && ctx.path !== '/health', maxEventLoopDelay: 200, retryAfter: 5 });
 * app.use(errorHandler);
 * app.use(overload);
 */
export function serviceUnavailable(options: ServiceUnavailableOptions<Context> = {}): ServiceUnavailableMiddleware {
  const guard = createOverloadGuard(options);
  const middleware: Middleware = async function errataServiceUnavailable(ctx, next) {
    const error = guard.check(ctx);
    if (error) throw error;
    await next();
  };
  return Object.assign(middleware, { close: guard.close });
}
