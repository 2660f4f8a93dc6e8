import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../src/index.js';
import { formatRetryAfter, normalizeRetryAfter, parseHttpDate, secondsUntil } from '../src/retry/retry-after.js';

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
