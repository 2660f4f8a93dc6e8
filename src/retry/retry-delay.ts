import { DELAY_SECONDS, MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after.js';

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

// The RateLimit fields as RFC 9651 writes them, read by patterns rather than by the full Structured Fields parser
// (src/rate-limit/structured-fields.ts), which would be most of a client's bundle: every member must match one of
// these, or the field is ignored, as the draft requires of a malformed field. Stricter than needed for the numbers
// read, no stricter than the RFC: a Byte Sequence's base64 and a Display String's UTF-8 are not decoded, so a
// malformed one there does not void the field (test/retry-delay-reader.test.ts holds the reader to the RFC's
// test suite).
const KEY = '[a-z*][a-z\\d_.*-]*';
const BARE_ITEM =
  '(?:-?(?:\\d{1,12}\\.\\d{1,3}|\\d{1,15})|"(?:[ !#-[\\]-~]|\\\\["\\\\])*"|[A-Za-z*][!#-\'*+.^`|~\\w:/-]*|:[\\w+/=]*:|\\?[01]|@-?\\d{1,15}|%"(?:[ !#$&-~]|%[\\da-f]{2})*")';
const PARAMS = `(?:; *${KEY}(?:=${BARE_ITEM})?)*`;
const ITEM = `${BARE_ITEM}${PARAMS}`;
const INNER_LIST = `\\((?: *${ITEM}(?=[ )]))* *\\)${PARAMS}`;
// A member, after the spaces that may lead the field, and what follows it: the end, or a comma and another member
// (no trailing comma). The spaces that may end the field are the OWS after its last member.
const member = (source: string) => new RegExp(` *${source}[ \\t]*(?:$|,[ \\t]*(?=[^]))`, 'y');
// List members: an Item's value and parameters, or an Inner List (read as nothing).
const LIST_MEMBER = member(`(?:(${BARE_ITEM})(${PARAMS})|${INNER_LIST})`);
// Dictionary members: the key, and an Item's value when it has one.
const DICTIONARY_MEMBER = member(`(${KEY})(?:=(?:(${BARE_ITEM})${PARAMS}|${INNER_LIST})|${PARAMS})`);
const PARAM = new RegExp(`; *(${KEY})(?:=(${BARE_ITEM}))?`, 'g');

/**
 * The members of a List or Dictionary field, each the groups of its pattern; `undefined` when one does not match.
 * A field of spaces alone (an empty List or Dictionary, which states nothing either) is `undefined` too.
 */
function members(field: string, pattern: RegExp): RegExpExecArray[] | undefined {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  while (pattern.lastIndex < field.length) {
    const match = pattern.exec(field);
    if (!match) return undefined;
    found.push(match);
  }
  return found;
}

/**
 * A RateLimit value as delay-seconds (the draft: `t` and `reset` are delay-seconds), at most 2^31 − 1: a non-negative
 * Integer Item (draft 6's fields are Item fields; an Item field is a List of one Item), or plain digits of any length.
 */
function seconds(value = ''): number | undefined {
  const items = members(value, LIST_MEMBER);
  const item = (items?.length === 1 && items[0]![1]) || '';
  // `+ 0`: "-0" is the Integer 0.
  const number = DELAY_SECONDS.test(value) ? Number(value) : /^-?\d+$/.test(item) ? Number(item) + 0 : -1;
  return number >= 0 ? Math.min(MAX_RETRY_AFTER_SECONDS, number) : undefined;
}

/** Each key's last value (RFC 9651's maps are ordered maps), from parameters or from a Dictionary's members. */
function lastValues(matches: Iterable<RegExpMatchArray>): (key: string) => string | undefined {
  const values = new Map(Array.from(matches, ([, key, value]) => [key, value]));
  return (key) => values.get(key);
}

/** The reset, unless the policy says units are left (then no wait is needed for it). */
const unlessLeft = (get: (key: string) => string | undefined, reset: string, remaining: string): number | undefined =>
  (seconds(get(remaining)) ?? 0) > 0 ? undefined : seconds(get(reset));

/**
 * Seconds until the rate limits a response states let a request through: draft 8's
 * `RateLimit: "default";r=0;t=30` (the latest `t` among its violated policies), draft 7's
 * `RateLimit: limit=100, remaining=0, reset=30`, draft 6's `RateLimit-Reset: 30`. A policy with units left gives
 * none; a malformed field is ignored, as the draft requires. The legacy X-RateLimit-Reset is left alone: limiters
 * disagree on whether it is a delay or a time.
 */
function rateLimitReset(read: (name: string) => string | undefined): number | undefined {
  const field = read('ratelimit') ?? '';
  // Draft 8: a List whose policies are named by Strings.
  const policies = members(field, LIST_MEMBER)?.filter((match) => match[1]?.[0] === '"');
  if (policies?.length) {
    let latest: number | undefined;
    for (const [, , params = ''] of policies) {
      // A parameter without a value is the Boolean true: no number either.
      const reset = unlessLeft(lastValues(params.matchAll(PARAM)), 't', 'r');
      if (reset !== undefined) latest = Math.max(latest ?? 0, reset);
    }
    return latest;
  }
  // Draft 7: a Dictionary.
  const dictionary = members(field, DICTIONARY_MEMBER);
  if (dictionary?.length) return unlessLeft(lastValues(dictionary), 'reset', 'remaining');
  // Draft 6.
  return unlessLeft(read, 'ratelimit-reset', 'ratelimit-remaining');
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
