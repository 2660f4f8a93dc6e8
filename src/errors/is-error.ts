/**
 * Whether a value is an Error from any realm: `instanceof Error` fails for errors made in a `vm` context, a Jest
 * environment or another frame, so the internal `[object Error]` tag is checked too, as Koa does (koa#1466).
 * Never throws, even for a revoked Proxy.
 */
export function isError(value: unknown): value is Error {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

/** The stack of an Error from any realm, when it has one; never throws. */
export function stackOf(value: unknown): string | undefined {
  if (!isError(value)) return undefined;
  try {
    const { stack } = value;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  }
}
