import { readRateLimitHeaders } from '../rate-limit/policies.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * A plain headers object, such as Node's `IncomingHttpHeaders` or got's `response.headers`; names in any case.
 *
 * @example
 * const headers: HeaderRecord = { 'retry-after': '30', 'set-cookie': ['a=1', 'b=2'] };
 */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * Anything `retryDelay` reads headers from: a fetch `Response`, a `Headers`, a plain record, or an object with `headers`.
 *
 * @example
 * retryDelay(await fetch(url)); retryDelay(gotResponse); retryDelay(incomingMessage.headers);
 */
export type RetryDelaySource = Response | Headers | HeaderRecord | { readonly headers: Headers | HeaderRecord };

type HeaderGetter = { get(name: string): string | null };

function isGetter(value: unknown): value is HeaderGetter {
  return typeof value === 'object' && value !== null && typeof (value as HeaderGetter).get === 'function';
}

function fromRecord(headers: HeaderRecord, name: string): string | undefined {
  for (const key in headers) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    // A repeated header (Node keeps some as arrays): Retry-After's first value is the one the server meant first; the
    // RateLimit fields are Lists, whose field lines join into one value (RFC 9651 §3.1).
    const joined = Array.isArray(value) ? (name === 'retry-after' ? value[0] : value.join(', ')) : value;
    return joined === undefined ? undefined : String(joined);
  }
  return undefined;
}

function headerReader(source: RetryDelaySource): (name: string) => string | undefined {
  if (isGetter(source)) return (name) => source.get(name) ?? undefined;
  const inner = (source as { headers?: unknown }).headers;
  if (isGetter(inner)) return (name) => inner.get(name) ?? undefined;
  // A record with a `headers` object is a response (got, Node's IncomingMessage); otherwise the record is the headers.
  const record = typeof inner === 'object' && inner !== null ? (inner as HeaderRecord) : (source as HeaderRecord);
  return (name) => fromRecord(record, name);
}

/**
 * Seconds until the rate limits a response states let a request through: the latest reset among its violated
 * policies (remaining 0), or those that do not say what remains (a draft 6 `RateLimit-Reset` alone). Reads draft 8
 * (`RateLimit: "default";r=0;t=30`), draft 7 (`RateLimit: limit=100, remaining=0, reset=30`) and draft 6
 * (`RateLimit-Reset: 30`); a malformed field is ignored, as the draft requires. A policy with units left gives none.
 */
function rateLimitReset(read: (name: string) => string | undefined, now: number): number | undefined {
  // The legacy X-RateLimit-Reset is left alone: limiters disagree on whether it is a delay or a time.
  const policies = readRateLimitHeaders((name) => (name.startsWith('x-') ? undefined : read(name)), now);
  let latest: number | undefined;
  for (const policy of policies ?? []) {
    if (policy.reset === undefined || (policy.remaining !== undefined && policy.remaining > 0)) continue;
    if (latest === undefined || policy.reset > latest) latest = policy.reset;
  }
  return latest;
}

/**
 * How long to wait before retrying, in milliseconds. `Retry-After` first (delay-seconds or an HTTP-date), as the
 * RateLimit draft requires; when it is absent or malformed, the reset of the violated rate-limit policy, from
 * draft 8's `RateLimit: "default";r=0;t=30`, draft 7's `RateLimit: limit=100, remaining=0, reset=30` or draft 6's
 * `RateLimit-Reset: 30`; `undefined` when the response gives no hint (a policy with units left is none). Reads a
 * fetch `Response`, a `Headers`, or a plain headers object in any case.
 *
 * @example
 * const response = await fetch(url);
 * const wait = response.ok ? undefined : retryDelay(response);
 * if (wait !== undefined && wait <= 10_000) await setTimeout(wait); // then retry
 */
export function retryDelay(source: RetryDelaySource, now: number = Date.now()): number | undefined {
  const read = headerReader(source);
  const retryAfter = parseRetryAfter(read('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = rateLimitReset(read, now);
  return reset === undefined ? undefined : reset * 1000;
}
