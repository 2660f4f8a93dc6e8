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

/** Normalises a retry hint: seconds are rounded up to a whole non-negative number; invalid hints are dropped. */
export function normalizeRetryAfter(value: unknown): RetryAfter | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.max(0, Math.ceil(value)) : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  return undefined;
}

/** The `Retry-After` header value for a hint: delay-seconds, or an IMF-fixdate for a `Date`. */
export function formatRetryAfter(value: RetryAfter): string {
  return typeof value === 'number' ? String(value) : value.toUTCString();
}

/** Whole seconds until the hint, rounded up and never negative. */
export function secondsUntil(value: RetryAfter, now: number = Date.now()): number {
  return typeof value === 'number' ? value : Math.max(0, Math.ceil((value.getTime() - now) / 1000));
}
