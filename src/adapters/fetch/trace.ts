import type { HttpError } from '../../errors/http-error.js';

// The members of @opentelemetry/api's registered context manager and span errata uses.
interface ActiveSpan {
  isRecording(): boolean;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): void;
  setAttribute(key: string, value: string): void;
}
interface OtelGlobal {
  context?: { active(): { getValue(key: symbol): unknown } | undefined };
}

// @opentelemetry/api 1.x keeps what the app registered (its context manager among them) on this global, whichever
// copy of the API registered it, and the active span under this context key. Read there, tracing needs no
// `require` (node:module) and no import of the optional peer: nothing registered, nothing recorded.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const SPAN_STATUS_ERROR = 2;

function activeSpan(): ActiveSpan | undefined {
  const api = (globalThis as Record<symbol, OtelGlobal | undefined>)[OTEL_GLOBAL];
  const span = api?.context?.active()?.getValue(SPAN_KEY) as ActiveSpan | undefined;
  return span && typeof span.isRecording === 'function' ? span : undefined;
}

/** Records an error on the active span as errata's Node entries do (see src/integrations/otel.ts). */
export function recordOnGlobalSpan(error: HttpError, original: unknown): void {
  const span = activeSpan();
  if (!span || !span.isRecording()) return;
  span.recordException(original instanceof Error || typeof original === 'string' ? original : error);
  span.setAttribute('error.type', error.constructor.name);
  if (error.status >= 500) span.setStatus({ code: SPAN_STATUS_ERROR, message: error.message });
}
