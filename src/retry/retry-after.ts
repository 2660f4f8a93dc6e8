/**
 * A retry hint as errata errors carry it: whole seconds from now, or a point in time.
 *
 * @example
 * const retryAfter: RetryAfter = new Date(Date.now() + 60_000);
 * throw new ServiceUnavailable({ retryAfter });
 */
export type RetryAfter = number | Date;

/** delay-seconds, with the whitespace a header value may carry around it. */
export const DELAY_SECONDS = /^\s*(\d+)\s*$/;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// Any capitalised three letters: only a month's name is found in MONTHS (its capitals stand at multiples of 3).
const MONTH = '(?<M>[A-Z][a-z]{2})';
const TIME = '(?<h>\\d\\d):(?<m>\\d\\d):(?<s>\\d\\d)';
// RFC 9110 §5.6.7: the preferred IMF-fixdate and the two obsolete formats a recipient must accept (rfc850-date,
// whose two-digit year is `c`, and asctime-date), each with the same named fields.
const HTTP_DATES = [
  `${DAY}, (?<d>\\d\\d) ${MONTH} (?<y>\\d{4}) ${TIME} GMT`,
  `(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<d>\\d\\d)-${MONTH}-(?<c>\\d\\d) ${TIME} GMT`,
  `${DAY} ${MONTH} (?<d>[ \\d]\\d) ${TIME} (?<y>\\d{4})`,
].map((format) => new RegExp(`^${format}$`));

/** Reads an RFC 9110 HTTP-date in any of its three formats; `undefined` when it is not one. */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim();
  let fields: Record<string, string> | undefined;
  for (const format of HTTP_DATES) fields ??= format.exec(text)?.groups;
  if (!fields) return undefined;
  const month = MONTHS.indexOf(fields.M!) / 3;
  const [day, hours, minutes, seconds] = [fields.d, fields.h, fields.m, fields.s].map(Number) as [number, number, number, number];
  if (month < 0 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  // Milliseconds since the epoch, with years below 100 kept as they are (Date.UTC maps 0–99 to 1900–1999).
  const utc = (year: number, second = seconds): number => {
    const date = new Date(0);
    date.setUTCFullYear(year, month, day);
    return date.setUTCHours(hours, minutes, second, 0);
  };
  let year = Number(fields.y);
  if (fields.c !== undefined) {
    // RFC 9110 §5.6.7: an rfc850-date whose two-digit year appears to be more than 50 years in the future is in the
    // most recent past year with those digits; so the date falls in the century ending 50 years from now.
    const horizon = new Date(now);
    const limit = horizon.setUTCFullYear(horizon.getUTCFullYear() + 50);
    year = Math.floor(new Date(now).getUTCFullYear() / 100) * 100 + Number(fields.c);
    if (utc(year) > limit) year -= 100;
    else if (utc(year + 100) <= limit) year += 100;
  }
  // A leap second (:60) is read as :59.
  const time = utc(year, Math.min(59, seconds));
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
// RFC 9110 §5.6.7: an IMF-fixdate has a four-digit year, so a Date is kept within 0000-01-01T00:00:00Z and
// 9999-12-31T23:59:59Z. Written as numbers: a bundler keeps a `Date.parse` call even where nothing uses it.
const MIN_HTTP_DATE = -62_167_219_200_000;
const MAX_HTTP_DATE = 253_402_300_799_000;

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

/**
 * A retry hint moved no earlier than `seconds` from now (the draft: Retry-After never before the violated
 * policy's reset). A later hint, seconds or a date, is kept as it is.
 */
export function notBefore(hint: RetryAfter | undefined, seconds: number | undefined, now: number = Date.now()): RetryAfter | undefined {
  if (seconds === undefined) return hint;
  if (hint === undefined) return seconds;
  if (typeof hint === 'number') return hint < seconds ? seconds : hint;
  return Date.prototype.getTime.call(hint) < now + seconds * 1000 ? seconds : hint;
}
