import type { HttpError } from '../../errors/http-error.js';
import { recordOnSpan, type RecordingSpan } from '../../integrations/span.js';

// The member of @opentelemetry/api's registered context manager errata uses.
interface OtelGlobal {
  context?: { active(): { getValue(key: symbol): unknown } | undefined };
}

// @opentelemetry/api 1.x keeps what the app registered (its context manager among them) on this global, whichever
// copy of the API registered it, and the active span under this context key. Read there, tracing needs no
// `require` (node:module) and no import of the optional peer: nothing registered, nothing recorded.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

function activeSpan(): RecordingSpan | undefined {
  const api = (globalThis as Record<symbol, OtelGlobal | undefined>)[OTEL_GLOBAL];
  const span = api?.context?.active()?.getValue(SPAN_KEY) as RecordingSpan | undefined;
  return span && typeof span.isRecording === 'function' ? span : undefined;
}

/** Records an error on the active span as errata's Node entries do (see src/integrations/otel.ts). */
export function recordOnGlobalSpan(error: HttpError, original: unknown): void {
  recordOnSpan(activeSpan(), error, original);
}
