import { createRequire } from 'node:module';
import type { HttpError } from '../errors/http-error.js';
import { recordOnSpan, type RecordingSpan } from './span.js';

// The one member of @opentelemetry/api's trace API errata calls.
interface TraceApi {
  getActiveSpan(): RecordingSpan | undefined;
}

// Loaded once, synchronously, so the first error is traced too. The API keeps its tracer provider and context
// manager on a global (Symbol.for) registry, so this copy sees the app's SDK whichever copy or build it loaded.
function loadTraceApi(): TraceApi | undefined {
  try {
    // Not a bare `require`: the bundler turns it into a stub that throws in the ESM build. tsup gives the CJS
    // build an `import.meta.url` made from `__filename`, so this one line resolves from errata's own folder in both.
    const load = createRequire(import.meta.url);
    return (load('@opentelemetry/api') as { trace: TraceApi }).trace;
  } catch {
    // Not installed: tracing is simply off.
    return undefined;
  }
}

const traceApi = loadTraceApi();

/** Whether @opentelemetry/api could be loaded. */
export const tracingAvailable = traceApi !== undefined;

/** Records an error on the active span, if there is one that records (see recordOnSpan). */
export function recordOnActiveSpan(error: HttpError, original: unknown): void {
  recordOnSpan(traceApi?.getActiveSpan(), error, original);
}
