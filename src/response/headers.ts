import { FRAMING_HEADERS } from '../middleware/node-response.js';

// RFC 9110 §5.1 field names are tokens; values here are visible ASCII, space and tab only,
// so CR/LF (response splitting) and non-ASCII never reach the wire.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SAFE_VALUE = /^[\t\x20-\x7e]*$/;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:/+=@-]{1,200}$/;

// Headers errata sets itself, and framing and hop-by-hop headers (FRAMING_HEADERS): an error's own copy is ignored.
// A `Trailer` would make Node throw mid-response; `Transfer-Encoding` beside errata's `Content-Length` is rejected
// by clients (RFC 9112 §6.2).
const RESERVED = new Set([
  'content-type', 'content-encoding', 'cache-control', 'vary', 'x-content-type-options', 'content-security-policy',
  'retry-after', 'x-request-id', 'content-language',
  ...FRAMING_HEADERS.map((name) => name.toLowerCase()),
]);
// RFC 9110 §15.5.22: a 426 names the protocol to switch to in `Upgrade`, the one framing header an error may set.
const UPGRADE_STATUS = 426;

/** The header value to send, or `undefined` when it is unsafe or not a string or number. */
export function safeHeaderValue(value: unknown): string | undefined {
  if (typeof value === 'number') {
    const text = String(value);
    // String() writes 1e+21 and 1e-7; no header field's number syntax has an exponent.
    return Number.isFinite(value) && !text.includes('e') ? text : undefined;
  }
  return typeof value === 'string' && SAFE_VALUE.test(value) ? value : undefined;
}

/**
 * Copies an error's headers into `target`, dropping unsafe names and values, those errata sets itself, and framing
 * and hop-by-hop headers (`Upgrade` passes on a 426 only).
 */
export function copySafeHeaders(source: unknown, target: Record<string, string>, status: number): void {
  if (typeof source !== 'object' || source === null) return;
  for (const name of Object.keys(source)) {
    if (!TOKEN.test(name)) continue;
    const lower = name.toLowerCase();
    if (RESERVED.has(lower) && !(lower === 'upgrade' && status === UPGRADE_STATUS)) continue;
    const value = safeHeaderValue((source as Record<string, unknown>)[name]);
    if (value !== undefined) target[name] = value;
  }
}

/** Whether a request id is a short token that is safe to echo in a header and a body. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}
