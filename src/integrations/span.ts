import type { HttpError } from '../errors/http-error.js';

/** The few members of an @opentelemetry/api span errata calls, typed here so its types never depend on the optional peer. */
export interface RecordingSpan {
  isRecording(): boolean;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): void;
  setAttribute(key: string, value: string): void;
}

// SpanStatusCode.ERROR in every 1.x release of @opentelemetry/api.
const SPAN_STATUS_ERROR = 2;

/**
 * Records an error on a span, if it records: the original thrown value as an exception event (its stack reaches the
 * trace even when the response hides it), `error.type` as the errata class name, and status ERROR for 5xx only, since
 * the HTTP semantic conventions do not count 4xx as server-span errors. Node-free: the Fetch entry uses it too.
 */
export function recordOnSpan(span: RecordingSpan | undefined, error: HttpError, original: unknown): void {
  if (!span || !span.isRecording()) return;
  span.recordException(original instanceof Error || typeof original === 'string' ? original : error);
  span.setAttribute('error.type', error.constructor.name);
  if (error.status >= 500) span.setStatus({ code: SPAN_STATUS_ERROR, message: error.message });
}
