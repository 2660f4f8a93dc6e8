import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** Options of the event-loop delay monitor. */
export interface EventLoopMonitorOptions {
  /** How often the delay is sampled, in milliseconds. Default: 1000. */
  sampleInterval?: number;
  /** The histogram's resolution in milliseconds (subtracted from readings, as it is the timer's own period). Default: 10. */
  resolution?: number;
}

/** The event-loop delay, sampled periodically. */
export interface EventLoopMonitor {
  /** The longest event-loop delay in the last complete sample, in milliseconds. */
  delay(): number;
  /** Stops sampling. Idempotent. */
  close(): void;
}

/**
 * Samples the event-loop delay as @fastify/under-pressure does: a `monitorEventLoopDelay` histogram read and
 * reset on an unref'd timer, so the monitor never keeps the process alive. The maximum is kept rather than the
 * mean: one long block is what makes requests wait, and the mean of a mostly idle interval hides it.
 *
 * @example
 * const monitor = createEventLoopMonitor({ sampleInterval: 500 });
 * if (monitor.delay() > 200) shedLoad();
 * monitor.close();
 */
export function createEventLoopMonitor(options: EventLoopMonitorOptions = {}): EventLoopMonitor {
  const resolution = Math.max(1, Math.round(options.resolution ?? 10));
  const histogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  const interval = Math.max(resolution, options.sampleInterval ?? 1000);
  let last = 0;
  let expected = performance.now() + interval;
  const timer = setInterval(() => {
    const now = performance.now();
    // The sampler's own lateness is the block it sat behind: counted at once, even before the histogram's timer has
    // recorded it. An empty histogram (no tick yet) reads max 0: no delay.
    last = Math.max(0, histogram.max / 1e6 - resolution, now - expected);
    histogram.reset();
    expected = now + interval;
  }, interval);
  timer.unref();
  let closed = false;
  return {
    delay: () => last,
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      histogram.disable();
      last = 0;
    },
  };
}
