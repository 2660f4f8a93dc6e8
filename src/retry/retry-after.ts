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

type DateFields = [year: number, month: string, day: string, hours: string, minutes: string, seconds: string];

function dateFields(text: string, now: number): DateFields | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return [Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!];
  if ((m = RFC850_DATE.exec(text))) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const currentYear = new Date(now).getUTCFullYear();
    let year = Math.floor(currentYear / 100) * 100 + Number(m[3]);
    if (year > currentYear + 50) year -= 100;
    return [year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!];
  }
  if ((m = ASCTIME_DATE.exec(text))) return [Number(m[6]), m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
  return undefined;
}

/** Reads an RFC 9110 HTTP-date in any of its three formats; `undefined` when it is not one. */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const fields = dateFields(value.trim(), now);
  if (!fields) return undefined;
  const [year, month, day, hours, minutes, seconds] = fields.map((part) => (typeof part === 'string' ? part.trim() : part)) as DateFields;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 60) return undefined;
  const time = Date.UTC(year, MONTHS.indexOf(month), Number(day), Number(hours), Number(minutes), Math.min(59, Number(seconds)));
  // Reject days that Date.UTC would silently roll over (31 Feb).
  return new Date(time).getUTCDate() === Number(day) ? time : undefined;
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
