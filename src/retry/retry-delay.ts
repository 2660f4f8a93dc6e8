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

const DELTA_SECONDS = /^\s*(\d+)\s*$/;

function isGetter(value: unknown): value is HeaderGetter {
  return typeof value === 'object' && value !== null && typeof (value as HeaderGetter).get === 'function';
}

function fromRecord(headers: HeaderRecord, name: string): string | undefined {
  for (const key in headers) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    // A repeated header (Node keeps some as arrays): the first value is the one the server meant first.
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : String(first);
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
 * How long to wait before retrying, in milliseconds, from a response's `Retry-After` (delay-seconds or an
 * HTTP-date), or its `RateLimit-Reset` (delta seconds) when Retry-After is absent or malformed; `undefined`
 * when the response gives no hint. Reads a fetch `Response`, a `Headers`, or a plain headers object in any case.
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
  const reset = DELTA_SECONDS.exec(read('ratelimit-reset') ?? '');
  return reset ? Number(reset[1]) * 1000 : undefined;
}
