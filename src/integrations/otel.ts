import { createRequire } from 'node:module';
import type { HttpError } from '../errors/http-error.js';

// The few members of @opentelemetry/api errata calls, typed here so its types never depend on the optional peer.
interface ActiveSpan {
  isRecording(): boolean;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): void;
  setAttribute(key: string, value: string): void;
}
interface TraceApi {
  getActiveSpan(): ActiveSpan | undefined;
}

// SpanStatusCode.ERROR in every 1.x release of @opentelemetry/api.
const SPAN_STATUS_ERROR = 2;

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

/**
 * Records an error on the active span, if there is one that records: the original thrown value as an exception
 * event (its stack reaches the trace even when the response hides it), `error.type` as the errata class name, and
 * status ERROR for 5xx only, since the HTTP semantic conventions do not count 4xx as server-span errors.
 */
export function recordOnActiveSpan(error: HttpError, original: unknown): void {
  const span = traceApi?.getActiveSpan();
  if (!span || !span.isRecording()) return;
  span.recordException(original instanceof Error || typeof original === 'string' ? original : error);
  span.setAttribute('error.type', error.constructor.name);
  if (error.status >= 500) span.setStatus({ code: SPAN_STATUS_ERROR, message: error.message });
}
