// RFC 9110 §5.1 field names are tokens; values here are visible ASCII, space and tab only,
// so CR/LF (response splitting) and non-ASCII never reach the wire.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SAFE_VALUE = /^[\t\x20-\x7e]*$/;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:/+=@-]{1,200}$/;

// Headers errata sets itself: an error's own copy of them is ignored.
const RESERVED = new Set([
  'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'cache-control', 'vary',
  'x-content-type-options', 'content-security-policy', 'retry-after', 'x-request-id', 'content-language',
]);

/** The header value to send, or `undefined` when it is unsafe or not a string or number. */
export function safeHeaderValue(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return typeof value === 'string' && SAFE_VALUE.test(value) ? value : undefined;
}

/** Copies an error's headers into `target`, dropping unsafe names and values and those errata sets itself. */
export function copySafeHeaders(source: unknown, target: Record<string, string>): void {
  if (typeof source !== 'object' || source === null) return;
  for (const name of Object.keys(source)) {
    if (!TOKEN.test(name) || RESERVED.has(name.toLowerCase())) continue;
    const value = safeHeaderValue((source as Record<string, unknown>)[name]);
    if (value !== undefined) target[name] = value;
  }
}

/** Whether a request id is a short token that is safe to echo in a header and a body. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}
