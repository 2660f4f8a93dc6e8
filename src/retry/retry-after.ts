/** A retry hint as errata errors carry it: whole seconds from now, or a point in time. */
export type RetryAfter = number | Date;

const DELAY_SECONDS = /^\s*(\d+)\s*$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 §5.6.7: the preferred IMF-fixdate and the two obsolete formats a recipient must accept.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

type DateFields = [year: number, month: number, day: number, hours: number, minutes: number, seconds: number];

/** Milliseconds since the epoch for UTC fields, with years below 100 kept as they are (Date.UTC maps 0–99 to 1900–1999). */
function utcTime([year, month, day, hours, minutes, seconds]: DateFields): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}

/**
 * RFC 9110 §5.6.7: an rfc850-date whose two-digit year appears to be more than 50 years in the future
 * is in the most recent past year with those digits; so the date falls in the century ending 50 years from now.
 */
function rfc850Fields(twoDigits: number, [month, day, hours, minutes, seconds]: number[], now: number): DateFields {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + 50);
  const fields = (year: number): DateFields => [year, month!, day!, hours!, minutes!, seconds!];
  let year = Math.floor(new Date(now).getUTCFullYear() / 100) * 100 + twoDigits;
  if (utcTime(fields(year)) > horizon.getTime()) year -= 100;
  else if (utcTime(fields(year + 100)) <= horizon.getTime()) year += 100;
  return fields(year);
}

function dateFields(text: string, now: number): DateFields | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return [Number(m[3]), MONTHS.indexOf(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])];
  if ((m = RFC850_DATE.exec(text))) {
    return rfc850Fields(Number(m[3]), [MONTHS.indexOf(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])], now);
  }
  if ((m = ASCTIME_DATE.exec(text))) return [Number(m[6]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  return undefined;
}

/** Reads an RFC 9110 HTTP-date in any of its three formats; `undefined` when it is not one. */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const fields = dateFields(value.trim(), now);
  if (!fields) return undefined;
  const [year, month, day, hours, minutes, seconds] = fields;
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  // A leap second (:60) is read as :59.
  const time = utcTime([year, month, day, hours, minutes, Math.min(59, seconds)]);
  // Reject days that Date would silently roll over (31 Feb).
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/**
 * Parses a `Retry-After` header value into milliseconds to wait: delay-seconds or an HTTP-date in any
 * format RFC 9110 allows. A date in the past gives 0; anything malformed gives `undefined`.
 *
 * @example
 * parseRetryAfter('120') // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds) return Number(seconds[1]) * 1000;
  const time = parseHttpDate(value, now);
  return time === undefined ? undefined : Math.max(0, time - now);
}

/**
 * The largest delay-seconds errata sends: 2^31 − 1 (about 68 years). RFC 9111 §1.2.2 asks recipients of the same
 * `1*DIGIT` syntax for at least 31 bits and reads anything larger as 2^31, "infinity"; so this is the largest value
 * every such parser holds (a signed 32-bit integer, Java's `Integer.parseInt`), and a delay is never written in
 * exponent form (JavaScript's `String(1e21)` is `1e+21`).
 */
export const MAX_RETRY_AFTER_SECONDS = 2_147_483_647;
// RFC 9110 §5.6.7: an IMF-fixdate has a four-digit year, so a Date is kept within 0000-01-01 and 9999-12-31.
const MIN_HTTP_DATE = Date.parse('0000-01-01T00:00:00Z');
const MAX_HTTP_DATE = Date.parse('9999-12-31T23:59:59Z');

/** Whole delay-seconds: rounded up (late is fine, early is not), never negative, at most the ceiling. */
function delaySeconds(value: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(value)));
}

/**
 * The time value of a real `Date` (from any realm), read from its internal slot: an object that only claims
 * Date's prototype, or a subclass overriding `getTime`, cannot make the renderer throw or lie.
 */
function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
}

/**
 * Normalises a retry hint so that it can always be written: seconds are rounded up to a whole number within
 * 0–{@link MAX_RETRY_AFTER_SECONDS}; a `Date` is rounded up to the whole second (the header carries no fraction,
 * and a truncated one would tell clients to come back early) and clamped into the years 0000–9999. NaN, ±Infinity,
 * invalid Dates and anything else are dropped.
 */
export function normalizeRetryAfter(value: unknown): RetryAfter | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? delaySeconds(value) : undefined;
  const time = timeOf(value);
  if (time === undefined || Number.isNaN(time)) return undefined;
  const bounded = Math.min(MAX_HTTP_DATE, Math.max(MIN_HTTP_DATE, Math.ceil(time / 1000) * 1000));
  // A plain Date in range is kept; anything else (a subclass, another realm's Date) becomes a plain one, so that
  // no overridden method is ever called on it. `instanceof` is avoided: it walks a prototype chain that may be a Proxy.
  return bounded === time && Object.getPrototypeOf(value) === Date.prototype ? (value as Date) : new Date(bounded);
}

/**
 * Reads a raw `Retry-After` header value (as http-errors, `ctx.throw` or an upstream response carry it) into a
 * normalised hint: a number, delay-seconds of any length (clamped, never read as `Infinity`) or an HTTP-date.
 */
export function retryAfterFromHeader(value: unknown, now: number = Date.now()): RetryAfter | undefined {
  if (typeof value === 'number') return normalizeRetryAfter(value);
  if (typeof value !== 'string') return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds) return Math.min(MAX_RETRY_AFTER_SECONDS, Number(seconds[1]));
  const time = parseHttpDate(value, now);
  return time === undefined ? undefined : normalizeRetryAfter(new Date(time));
}

/**
 * The `Retry-After` header value for a hint: delay-seconds as plain digits, or an IMF-fixdate for a `Date`.
 * The hint is normalised here too, so any input gives a valid header (one that normalising drops gives `0`;
 * callers normalise first and leave the header out instead).
 */
export function formatRetryAfter(value: RetryAfter): string {
  const hint = normalizeRetryAfter(value) ?? 0;
  return typeof hint === 'number' ? String(hint) : Date.prototype.toUTCString.call(hint);
}

/**
 * Whole seconds until the hint, rounded up and never negative: what the body's `retryAfter` says, in agreement
 * with the header {@link formatRetryAfter} writes for the same hint. A Date's distance is not capped at
 * {@link MAX_RETRY_AFTER_SECONDS}: it is the distance to the date the header names.
 */
export function secondsUntil(value: RetryAfter, now: number = Date.now()): number {
  const hint = normalizeRetryAfter(value) ?? 0;
  return typeof hint === 'number' ? hint : Math.max(0, Math.ceil((Date.prototype.getTime.call(hint) - now) / 1000));
}
