import { isInnerList, parseDictionary, parseItemField, parseList, type BareItem, type Item, type Member } from '../rate-limit/structured-fields.js';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after.js';

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

/** A non-negative Integer as delay-seconds, at most 2^31 − 1 (the draft: `t` and `reset` are delay-seconds). */
function seconds(item: BareItem | undefined): number | undefined {
  return item?.type === 'integer' && item.value >= 0 ? Math.min(MAX_RETRY_AFTER_SECONDS, item.value) : undefined;
}

/** A draft 6 field: plain digits of any length (held to the ceiling), or an Integer Item. */
function draft6(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Math.min(MAX_RETRY_AFTER_SECONDS, Number(value));
  return seconds(parseItemField(value)?.value);
}

/** The reset, unless the policy says units are left (then no wait is needed for it). */
const unlessLeft = (reset: number | undefined, remaining: number | undefined) => (remaining !== undefined && remaining > 0 ? undefined : reset);

function member(dictionary: ReadonlyMap<string, Member>, key: string): BareItem | undefined {
  const value = dictionary.get(key);
  return value === undefined || isInnerList(value) ? undefined : value.value;
}

/**
 * Seconds until the rate limits a response states let a request through: draft 8's
 * `RateLimit: "default";r=0;t=30` (the latest `t` among its violated policies), draft 7's
 * `RateLimit: limit=100, remaining=0, reset=30`, draft 6's `RateLimit-Reset: 30`. A policy with units left gives
 * none; a malformed field is ignored, as the draft requires. The legacy X-RateLimit-Reset is left alone: limiters
 * disagree on whether it is a delay or a time.
 */
function rateLimitReset(read: (name: string) => string | undefined): number | undefined {
  const field = read('ratelimit');
  if (field !== undefined) {
    const items = (parseList(field) ?? []).filter((item): item is Item => !isInnerList(item) && item.value.type === 'string');
    if (items.length > 0) {
      let latest: number | undefined;
      for (const { params } of items) {
        const reset = unlessLeft(seconds(params.get('t')), seconds(params.get('r')));
        if (reset !== undefined && !(latest !== undefined && latest >= reset)) latest = reset;
      }
      return latest;
    }
    const dictionary = parseDictionary(field);
    if (dictionary !== undefined && dictionary.size > 0) return unlessLeft(seconds(member(dictionary, 'reset')), seconds(member(dictionary, 'remaining')));
  }
  return unlessLeft(draft6(read('ratelimit-reset')), draft6(read('ratelimit-remaining')));
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
  const reset = rateLimitReset(read);
  return reset === undefined ? undefined : reset * 1000;
}
