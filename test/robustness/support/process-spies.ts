import { afterAll, beforeAll } from 'vitest';

/** What the process reported that no test should cause: crashes, unhandled rejections and warnings. */
export interface ProcessEvents {
  uncaughtExceptions: unknown[];
  unhandledRejections: unknown[];
  warnings: Error[];
}

/**
 * Records `uncaughtException`, `unhandledRejection` and `warning` events for the whole file; tests assert the
 * lists stay empty. The listeners also keep vitest from failing the run on the first event, so a test can
 * report which one it saw.
 */
export function watchProcess(): ProcessEvents {
  const seen: ProcessEvents = { uncaughtExceptions: [], unhandledRejections: [], warnings: [] };
  const onException = (error: unknown) => seen.uncaughtExceptions.push(error);
  const onRejection = (reason: unknown) => seen.unhandledRejections.push(reason);
  const onWarning = (warning: Error) => seen.warnings.push(warning);
  beforeAll(() => {
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    process.on('warning', onWarning);
  });
  afterAll(() => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  });
  return seen;
}

/** Lets pending callbacks, rejections and `process.emitWarning` (which reports on the next tick) run. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
