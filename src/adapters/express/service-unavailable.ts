import type { Request, RequestHandler } from 'express';
import { createOverloadGuard, type ServiceUnavailableOptions } from '../../overload/overload-guard.js';

/**
 * Express middleware answering 503 while the service is unavailable, with a way to stop its monitor.
 *
 * @example
 * const overload: ServiceUnavailableMiddleware = serviceUnavailable({ maxEventLoopDelay: 200 });
 * app.use(overload);
 * server.on('close', () => overload.close());
 */
export type ServiceUnavailableMiddleware = RequestHandler & {
  /** Stops the event-loop monitor (tests, graceful shutdown). */
  close(): void;
};

/**
 * Express middleware that passes errata's `ServiceUnavailable` (503 with `Retry-After`) to the error handler
 * while `when()` holds or the event-loop delay is over `maxEventLoopDelay`. Add it before the routes.
 * Throws at creation, naming the option, for a `maxEventLoopDelay` that is not a finite number above 0 or a
 * `sampleInterval` that is not an integer from 10 to 60000 ms (`RangeError`; `TypeError` when not a number).
 *
 * @example
 * const overload = serviceUnavailable({ when: (req) => maintenance && req.path !== '/health', maxEventLoopDelay: 200, retryAfter: 5 });
 * app.use(overload);
 * server.on('close', () => overload.close());
 */
export function serviceUnavailable(options: ServiceUnavailableOptions<Request> = {}): ServiceUnavailableMiddleware {
  const guard = createOverloadGuard(options);
  const middleware: RequestHandler = function errataServiceUnavailable(req, _res, next) {
    next(guard.check(req));
  };
  return Object.assign(middleware, { close: guard.close });
}
