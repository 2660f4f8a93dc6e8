/**
 * The headers of a foreign error (http-errors, Boom, undici's `ResponseError`, anything with a `status`) that pass
 * to the response: those that describe the error itself. Everything else such an error carries may be an upstream
 * response's (`Set-Cookie`, `Location`, `X-Backend-Host`, `ETag`) and is dropped. errata's own errors keep the
 * headers their author gave.
 */
export const FOREIGN_ERROR_HEADERS: readonly string[] = [
  'Retry-After',
  'WWW-Authenticate',
  'Proxy-Authenticate',
  'Allow',
  'Accept',
  'Accept-Encoding',
  'Accept-Patch',
  'Accept-Post',
  'RateLimit',
  'RateLimit-Policy',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

// Headers that describe the error for one status only (RFC 9110 §14.4, §15.5.22).
const FOR_STATUS: Readonly<Record<string, number>> = { 'content-range': 416, upgrade: 426 };
const PASSING = new Set(FOREIGN_ERROR_HEADERS.map((name) => name.toLowerCase()));

/** The headers of a foreign error that may pass (see {@link FOREIGN_ERROR_HEADERS}), each read once. */
export function describingHeaders(headers: unknown, status: number): Record<string, unknown> | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  let passing: Record<string, unknown> | undefined;
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (PASSING.has(lower) || FOR_STATUS[lower] === status) (passing ??= {})[name] = (headers as Record<string, unknown>)[name];
  }
  return passing;
}
