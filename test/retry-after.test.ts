import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import createHttpError from 'http-errors';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, renderError, ServiceUnavailable } from '../src/index.js';
import {
  formatRetryAfter,
  MAX_RETRY_AFTER_SECONDS,
  normalizeRetryAfter,
  parseHttpDate,
  retryAfterFromHeader,
  secondsUntil,
} from '../src/retry/retry-after.js';
import { listen } from './contract/server.js';
import { THROWING_APPS } from './support/throwing-apps.js';

const at = (iso: string): number => Date.parse(iso);

afterEach(() => {
  vi.useRealTimers();
});

describe('parseRetryAfter: delay-seconds', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5_000],
    ['\t7', 7_000],
    ['007', 7_000],
  ])('%j → %i ms', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected);
  });
});

describe('parseRetryAfter: HTTP-dates (RFC 9110 §5.6.7), with an explicit now', () => {
  const now = at('2015-10-21T07:27:00Z');

  it('reads an IMF-fixdate', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('  Wed, 21 Oct 2015 07:28:00 GMT  ', now)).toBe(60_000);
  });

  it('reads an RFC 850 date', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', now)).toBe(60_000);
  });

  it('reads an asctime date, with a two-digit or a space-padded day', () => {
    expect(parseRetryAfter('Wed Oct 21 07:28:00 2015', now)).toBe(60_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', at('1994-11-06T08:48:37Z'))).toBe(60_000);
  });

  it('a date in the past gives 0', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('reads a leap second as the second before it', () => {
    expect(parseRetryAfter('Sat, 31 Dec 2016 23:59:60 GMT', at('2016-12-31T23:58:59Z'))).toBe(60_000);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseRetryAfter('Thu, 29 Feb 2024 00:00:00 GMT', at('2024-02-28T23:59:00Z'))).toBe(60_000);
    expect(parseRetryAfter('Sun, 29 Feb 2026 00:00:00 GMT', at('2026-02-28T23:59:00Z'))).toBeUndefined();
  });

  it('uses the current time when no now is given', () => {
    vi.useFakeTimers({ now: at('2015-10-21T07:26:30Z') });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(90_000);
  });
});

describe('parseRetryAfter: two-digit years in RFC 850 dates', () => {
  // RFC 9110 §5.6.7: a date that appears to be more than 50 years in the future is in the past century.
  const now = at('2026-03-01T00:00:00Z');

  it('a year up to 50 years ahead is in the future', () => {
    expect(parseRetryAfter('Monday, 01-Mar-30 00:00:00 GMT', now)).toBe(at('2030-03-01T00:00:00Z') - now);
    expect(parseRetryAfter('Saturday, 01-Jan-76 00:00:00 GMT', now)).toBe(at('2076-01-01T00:00:00Z') - now);
    expect(parseRetryAfter('Sunday, 01-Mar-76 00:00:00 GMT', now)).toBe(at('2076-03-01T00:00:00Z') - now);
  });

  it('a date more than 50 years ahead is in the past: the rule counts time, not just the year', () => {
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
    expect(parseRetryAfter('Monday, 02-Mar-76 00:00:00 GMT', now)).toBe(0);
    expect(parseHttpDate('Monday, 02-Mar-76 00:00:00 GMT', now)).toBe(at('1976-03-02T00:00:00Z'));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(at('1994-11-06T08:49:37Z'));
  });

  it('reads the year relative to now, across a century boundary', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', at('1990-01-01T00:00:00Z'))).toBe(at('1994-11-06T08:49:37Z'));
    expect(parseHttpDate('Saturday, 01-Jan-05 00:00:00 GMT', at('1990-01-01T00:00:00Z'))).toBe(at('2005-01-01T00:00:00Z'));
    expect(parseHttpDate('Tuesday, 01-Jan-01 00:00:00 GMT', at('2099-06-01T00:00:00Z'))).toBe(at('2101-01-01T00:00:00Z'));
  });
});

describe('parseRetryAfter: anything else is no hint', () => {
  it.each([
    'soon',
    '-5',
    '1.5',
    '+5',
    '5s',
    '0x10',
    '1e3',
    '',
    '   ',
    'Sun, 31 Feb 2026 00:00:00 GMT',
    'Sun, 06 Nov 1994 25:00:00 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Sun, 06 Nov 1994 08:49:61 GMT',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 94 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 06 Nov 1994 08:49:37',
    'sun, 06 nov 1994 08:49:37 gmt',
    'Sunday, 06-Nov-1994 08:49:37 GMT',
    'Sun Nov 6 08:49:37 1994',
    '1994-11-06T08:49:37Z',
    '25:00:00',
  ])('%j', (value) => {
    expect(parseRetryAfter(value, 0)).toBeUndefined();
  });

  it('null, undefined and non-strings', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(30 as unknown as string)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('keeps four-digit years below 100 as written (Date.UTC would move them to the 1900s)', () => {
    const time = parseHttpDate('Sat, 01 Jan 0050 00:00:00 GMT');
    expect(time).toBeDefined();
    expect(new Date(time!).getUTCFullYear()).toBe(50);
  });
});

describe('retry hints on errors', () => {
  it('normalizeRetryAfter rounds seconds up, clamps them at 0 and drops what is not a hint', () => {
    expect(normalizeRetryAfter(29.1)).toBe(30);
    expect(normalizeRetryAfter(-3)).toBe(0);
    expect(normalizeRetryAfter(-0.2)).toBe(0);
    expect(normalizeRetryAfter(Number.NaN)).toBeUndefined();
    expect(normalizeRetryAfter(Number.NEGATIVE_INFINITY)).toBeUndefined();
    expect(normalizeRetryAfter('30')).toBeUndefined();
    expect(normalizeRetryAfter(new Date(Number.NaN))).toBeUndefined();
    const date = new Date('2026-01-01T00:00:00Z');
    expect(normalizeRetryAfter(date)).toBe(date);
  });

  it('formatRetryAfter sends seconds as digits and a Date as an IMF-fixdate', () => {
    expect(formatRetryAfter(30)).toBe('30');
    expect(formatRetryAfter(new Date('1994-11-06T08:49:37Z'))).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(parseHttpDate(formatRetryAfter(new Date('2026-07-04T12:00:00Z')))).toBe(at('2026-07-04T12:00:00Z'));
  });

  it('secondsUntil counts whole seconds to a Date, rounded up and never negative', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(secondsUntil(30, now)).toBe(30);
    expect(secondsUntil(new Date(now + 29_001), now)).toBe(30);
    expect(secondsUntil(new Date(now + 30_000), now)).toBe(30);
    expect(secondsUntil(new Date(now - 5_000), now)).toBe(0);
  });
});

// RFC 9110 §5.6.7: the one HTTP-date format a sender generates.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const LAST_HTTP_DATE = at('9999-12-31T23:59:59Z');
const FIRST_HTTP_DATE = at('0000-01-01T00:00:00Z');
// ECMAScript's own range for a Date: ±8.64e15 ms around the epoch (years -271821 to 275760).
const LAST_DATE = new Date(8.64e15);
const FIRST_DATE = new Date(-8.64e15);
const TWENTY_THREE_DIGITS = '1'.padEnd(23, '0');

describe('delay-seconds stay plain digits, at most 2^31 − 1 (RFC 9111 §1.2.2’s 31-bit ceiling)', () => {
  it('the ceiling is 2147483647', () => {
    expect(MAX_RETRY_AFTER_SECONDS).toBe(2 ** 31 - 1);
  });

  it.each([
    { label: '1e21 (String() would write 1e+21)', given: 1e21, expected: MAX_RETRY_AFTER_SECONDS },
    { label: 'Number.MAX_VALUE', given: Number.MAX_VALUE, expected: MAX_RETRY_AFTER_SECONDS },
    { label: '2^53', given: 2 ** 53, expected: MAX_RETRY_AFTER_SECONDS },
    { label: '2^31, one over', given: 2 ** 31, expected: MAX_RETRY_AFTER_SECONDS },
    { label: '2^31 − 1 + 0.5, rounded up past the ceiling', given: MAX_RETRY_AFTER_SECONDS + 0.5, expected: MAX_RETRY_AFTER_SECONDS },
    { label: '2^31 − 1, the ceiling itself', given: MAX_RETRY_AFTER_SECONDS, expected: MAX_RETRY_AFTER_SECONDS },
    { label: '2^31 − 2.5, rounded up to below the ceiling', given: MAX_RETRY_AFTER_SECONDS - 1.5, expected: MAX_RETRY_AFTER_SECONDS - 1 },
    { label: '2^31 − 2', given: MAX_RETRY_AFTER_SECONDS - 1, expected: MAX_RETRY_AFTER_SECONDS - 1 },
    { label: '-Number.MAX_VALUE', given: -Number.MAX_VALUE, expected: 0 },
  ])('$label → $expected', ({ given, expected }) => {
    expect(normalizeRetryAfter(given)).toBe(expected);
    expect(formatRetryAfter(given)).toBe(String(expected));
    expect(secondsUntil(given)).toBe(expected);
  });

  it('Infinity is still no hint (nothing to clamp it from), and formatRetryAfter never writes one', () => {
    expect(normalizeRetryAfter(Number.POSITIVE_INFINITY)).toBeUndefined();
    // The renderer normalises first and leaves the header out; called on such a value anyway, the header stays valid.
    expect(formatRetryAfter(Number.POSITIVE_INFINITY)).toBe('0');
    expect(formatRetryAfter(Number.NaN)).toBe('0');
  });

  it('a raw Retry-After of any number of digits is read, clamped, never as Infinity', () => {
    expect(retryAfterFromHeader(TWENTY_THREE_DIGITS)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterFromHeader('9'.repeat(400))).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterFromHeader('2147483648')).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterFromHeader(' 2147483647 ')).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterFromHeader('2147483646')).toBe(MAX_RETRY_AFTER_SECONDS - 1);
    expect(retryAfterFromHeader('0007')).toBe(7);
    expect(retryAfterFromHeader(1e23)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(retryAfterFromHeader(4.2)).toBe(5);
  });

  it('a raw Retry-After that is no delay-seconds and no HTTP-date is no hint', () => {
    for (const value of ['1e23', '-5', '1.5', 'soon', '', ['30'], null, undefined, Number.NaN]) expect(retryAfterFromHeader(value), String(value)).toBeUndefined();
  });

  it('a raw HTTP-date in an obsolete format is read into a Date (and written back as an IMF-fixdate)', () => {
    const hint = retryAfterFromHeader('Sunday, 06-Nov-94 08:49:37 GMT', at('2026-01-01T00:00:00Z'));
    expect(hint).toEqual(new Date('1994-11-06T08:49:37Z'));
    expect(formatRetryAfter(hint!)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('HTTP-dates stay within an IMF-fixdate’s four-digit years (RFC 9110 §5.6.7): clamped, not dropped', () => {
  it.each([
    { label: 'the last Date ECMAScript has (year 275760)', date: LAST_DATE, header: 'Fri, 31 Dec 9999 23:59:59 GMT' },
    { label: 'year 10000', date: new Date('+010000-01-01T00:00:00Z'), header: 'Fri, 31 Dec 9999 23:59:59 GMT' },
    { label: 'one millisecond past the last second, rounded up and clamped', date: new Date(LAST_HTTP_DATE + 1), header: 'Fri, 31 Dec 9999 23:59:59 GMT' },
    { label: 'the last second of 9999 itself', date: new Date(LAST_HTTP_DATE), header: 'Fri, 31 Dec 9999 23:59:59 GMT' },
    { label: 'the first second of year 0', date: new Date(FIRST_HTTP_DATE), header: 'Sat, 01 Jan 0000 00:00:00 GMT' },
    { label: 'the last second of year -1', date: new Date(FIRST_HTTP_DATE - 1000), header: 'Sat, 01 Jan 0000 00:00:00 GMT' },
    { label: 'the first Date ECMAScript has (year -271821)', date: FIRST_DATE, header: 'Sat, 01 Jan 0000 00:00:00 GMT' },
  ])('$label → $header', ({ date, header }) => {
    expect(formatRetryAfter(date)).toBe(header);
    expect(formatRetryAfter(normalizeRetryAfter(date)!)).toBe(header);
    expect(parseHttpDate(header)).toBe((normalizeRetryAfter(date) as Date).getTime());
  });

  it('a date far in the future stays retryable (clamping keeps "not for a long time"; dropping would lose the hint)', () => {
    const now = at('2026-01-01T00:00:00Z');
    const error = new ServiceUnavailable({ retryAfter: LAST_DATE });
    expect(error.retryAfter).toEqual(new Date(LAST_HTTP_DATE));
    expect(error.headers).toEqual({ 'Retry-After': 'Fri, 31 Dec 9999 23:59:59 GMT' });
    // The body's seconds are the distance to the date the header names, not a second capped figure.
    expect(secondsUntil(LAST_DATE, now)).toBe((LAST_HTTP_DATE - now) / 1000);
  });

  it('a date before year 0 is in the past: retry now, as for any past date', () => {
    expect(secondsUntil(FIRST_DATE, at('2026-01-01T00:00:00Z'))).toBe(0);
    expect(new ServiceUnavailable({ retryAfter: FIRST_DATE }).headers).toEqual({ 'Retry-After': 'Sat, 01 Jan 0000 00:00:00 GMT' });
  });

  it('a Date is rounded up to the whole second, so the header and the body name the same moment', () => {
    const now = at('2026-01-01T00:00:00Z');
    const date = new Date(now + 10_001);
    expect(normalizeRetryAfter(date)).toEqual(new Date(now + 11_000));
    // toUTCString truncates: without rounding the header would say 10 s while the body says 11.
    expect(formatRetryAfter(date)).toBe('Thu, 01 Jan 2026 00:00:11 GMT');
    expect(secondsUntil(date, now)).toBe(11);
  });

  it('an in-range plain Date on a whole second comes back as the same object', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    expect(normalizeRetryAfter(date)).toBe(date);
  });

  it('a Date from another realm is a hint; an object only claiming Date’s prototype is not, and does not throw', () => {
    const foreign = runInNewContext('new Date(Date.UTC(2026, 0, 1))') as unknown;
    expect(foreign instanceof Date).toBe(false);
    expect(normalizeRetryAfter(foreign)).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(normalizeRetryAfter(Object.create(Date.prototype))).toBeUndefined();
    expect(normalizeRetryAfter(new Proxy(new Date(), {}))).toBeUndefined();
  });

  it('a Date subclass cannot change what is written: its overrides are never called', () => {
    class Lying extends Date {
      override getTime(): number {
        return 1e21;
      }
      override toUTCString(): string {
        return 'soon\r\nSet-Cookie: a=b';
      }
    }
    const date = new Lying('2026-01-01T00:00:00Z');
    expect(formatRetryAfter(date)).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(secondsUntil(date, at('2025-12-31T23:59:00Z'))).toBe(60);
    expect(Object.getPrototypeOf(normalizeRetryAfter(date))).toBe(Date.prototype);
  });
});

describe('property: whatever number or Date is given, the header is in Retry-After’s syntax', () => {
  const hintArb: fc.Arbitrary<number | Date> = fc.oneof(
    fc.double(),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.constantFrom(1e21, Number.MAX_VALUE, MAX_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS + 1),
    fc.date(),
    fc.date({ min: new Date(LAST_HTTP_DATE - 5_000), max: new Date(LAST_HTTP_DATE + 5_000) }),
    fc.date({ min: new Date(FIRST_HTTP_DATE - 5_000), max: new Date(FIRST_HTTP_DATE + 5_000) }),
  );

  /** The header is delay-seconds within the ceiling, or an IMF-fixdate that reads back as the normalised Date. */
  function expectValidHeader(header: string, hint: number | Date): void {
    if (/^\d+$/.test(header)) {
      expect(typeof hint).toBe('number');
      expect(Number(header)).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS);
      return;
    }
    expect(header).toMatch(IMF_FIXDATE);
    const time = parseHttpDate(header);
    expect(time).toBe((normalizeRetryAfter(hint) as Date).getTime());
    // Never earlier than asked: a client honouring the header does not come back early.
    if (time! < LAST_HTTP_DATE) expect(time).toBeGreaterThanOrEqual((hint as Date).getTime());
  }

  it('formatRetryAfter(normalizeRetryAfter(x)) is ^\\d+$ or an IMF-fixdate parseHttpDate reads back, and the body’s seconds agree', () => {
    fc.assert(
      fc.property(hintArb, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (hint, nowSeconds) => {
        const normalized = normalizeRetryAfter(hint);
        if (normalized === undefined) {
          expect(typeof hint === 'number' ? Number.isFinite(hint) : !Number.isNaN(hint.getTime())).toBe(false);
          return;
        }
        const header = formatRetryAfter(normalized);
        expectValidHeader(header, hint);
        const now = nowSeconds * 1000;
        const seconds = secondsUntil(normalized, now);
        expect(Number.isSafeInteger(seconds) && seconds >= 0).toBe(true);
        expect(seconds).toBe(/^\d+$/.test(header) ? Number(header) : Math.max(0, (parseHttpDate(header)! - now) / 1000));
      }),
      { numRuns: 2000 },
    );
  });

  it('through the renderer, for an error built with the hint and for a forged one carrying it raw', () => {
    fc.assert(
      fc.property(hintArb, (hint) => {
        const forged = { [Symbol.for('errata.HttpError')]: true, status: 503, message: 'x', expose: false, headers: {}, retryAfter: hint };
        for (const error of [new ServiceUnavailable({ retryAfter: hint }), forged]) {
          const header = renderError(error, {}, { production: true }).headers['Retry-After'];
          if (header === undefined) expect(normalizeRetryAfter(hint)).toBeUndefined();
          else expectValidHeader(header, hint);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a raw Retry-After header of digits or a number, as a foreign error carries it, is rewritten in the syntax', () => {
    const rawArb = fc.oneof(fc.stringMatching(/^\d{1,40}$/), fc.double({ min: 0, noNaN: true }), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String));
    fc.assert(
      fc.property(rawArb, (raw) => {
        const error = new ServiceUnavailable({ headers: { 'Retry-After': raw } });
        const header = error.headers['Retry-After'];
        if (raw === Number.POSITIVE_INFINITY) {
          expect(header).toBeUndefined();
          return;
        }
        expect(header).toMatch(/^\d+$/);
        expect(Number(header)).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS);
        expect(error.retryAfter).toBe(Number(header));
      }),
      { numRuns: 1000 },
    );
  });
});

describe.each(THROWING_APPS)('on the wire through %s', (_name, appThrowing) => {
  async function get(error: unknown) {
    const server = await listen(appThrowing(error));
    try {
      const before = Date.now();
      const response = await request(server.url).get('/').set('Accept', 'application/json');
      return { response, before, after: Date.now() };
    } finally {
      await server.close();
    }
  }

  it('retryAfter: 1e21 is sent as Retry-After: 2147483647, and the body says the same', async () => {
    const { response } = await get(new ServiceUnavailable({ retryAfter: 1e21 }));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2147483647');
    expect(response.body.retryAfter).toBe(2_147_483_647);
  });

  it('a foreign (http-errors) error’s 23-digit Retry-After is sent clamped, as plain digits', async () => {
    const { response } = await get(createHttpError(503, { headers: { 'Retry-After': TWENTY_THREE_DIGITS } }));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2147483647');
    expect(response.body.retryAfter).toBe(2_147_483_647);
  });

  it('a Date past year 9999 is sent as the last IMF-fixdate, and the body counts the seconds to it', async () => {
    const { response, before, after } = await get(new ServiceUnavailable({ retryAfter: LAST_DATE }));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('Fri, 31 Dec 9999 23:59:59 GMT');
    expect(response.body.retryAfter).toBeGreaterThanOrEqual(Math.ceil((LAST_HTTP_DATE - after) / 1000));
    expect(response.body.retryAfter).toBeLessThanOrEqual(Math.ceil((LAST_HTTP_DATE - before) / 1000));
  });

  it('a Date before year 0 is sent as the first IMF-fixdate, retry now', async () => {
    const { response } = await get(new ServiceUnavailable({ retryAfter: FIRST_DATE }));
    expect(response.headers['retry-after']).toBe('Sat, 01 Jan 0000 00:00:00 GMT');
    expect(response.body.retryAfter).toBe(0);
  });
});
