import { createRequire } from 'node:module';
import express from 'express';
import express4 from 'express4';
import { rateLimit } from 'express-rate-limit';
import createHttpError from 'http-errors';
import Koa, { type Middleware } from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { catalog, HttpError, RangeNotSatisfiable, rateLimitError, renderError, TooManyRequests } from '../src/index.js';
import { MAX_RATE_LIMIT_COUNT } from '../src/errors/status-headers.js';
import { createErrorHandler as expressErrorHandler, rateLimitHandler as expressRateLimitHandler } from '../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler, rateLimitHandler as koaRateLimitHandler } from '../src/adapters/koa/index.js';
import { MAX_RETRY_AFTER_SECONDS } from '../src/retry/retry-after.js';
import { listen } from './contract/server.js';
import { THROWING_APPS } from './support/throwing-apps.js';

const WINDOW_MS = 60_000;

/** The koa-ratelimit 6 options these tests use (the package ships no types). */
interface KoaRateLimitOptions {
  driver: 'memory';
  db: Map<unknown, unknown>;
  duration: number;
  max: number;
  id: (ctx: unknown) => string;
  headers?: { remaining: string; reset: string; total: string };
  onLimited?: (ctx: never) => void;
  throw?: boolean;
  disableHeader?: boolean;
}
const ratelimit = createRequire(import.meta.url)('koa-ratelimit') as (options: KoaRateLimitOptions) => Middleware;

/** errata's 429 body once the window's limit is used up, a minute before the reset. */
const limitedBody = (retryAfter: number) => ({
  status: 429,
  error: 'Too Many Requests',
  message: 'Too Many Requests',
  description: catalog[429].description,
  retryable: true,
  retryAfter,
});

/** Serves the app on 127.0.0.1, sends `count` requests one after another (the limiter counts them in order), returns every response. */
async function send(listener: Parameters<typeof listen>[0], count: number) {
  const server = await listen(listener);
  try {
    const responses = [];
    for (let i = 0; i < count; i++) responses.push(await request(server.url).get('/').set('Accept', 'application/json'));
    return responses;
  } finally {
    await server.close();
  }
}

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)('express-rate-limit 8 with rateLimitHandler (%s)', (_name, createApp) => {
  function app(options: Parameters<typeof rateLimit>[0]) {
    const instance = createApp();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 2, handler: expressRateLimitHandler(), ...options }));
    instance.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    instance.use(expressErrorHandler({ production: true }));
    return instance;
  }

  it('lets 2 requests through, then answers errata’s 429 with the limiter’s window in every header', async () => {
    const responses = await send(app({ standardHeaders: 'draft-6', legacyHeaders: false }), 3);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(responses[1]!.headers['ratelimit-remaining']).toBe('0');
    const limited = responses[2]!;
    expect(limited.body).toEqual(limitedBody(60));
    expect(limited.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'retry-after': '60',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
      'ratelimit-policy': '2;w=60',
      'cache-control': 'no-store',
    });
  });

  it('keeps a Retry-After express-rate-limit decided later than the reset, and raises an earlier one to the reset', async () => {
    const later = await send(app({ standardHeaders: 'draft-6', legacyHeaders: false, retryAfter: 120 }), 3);
    expect(later[2]!.status).toBe(429);
    expect(later[2]!.headers).toMatchObject({ 'retry-after': '120', 'ratelimit-reset': '60' });
    expect(later[2]!.body).toEqual(limitedBody(120));
    // The draft: Retry-After never earlier than the reset of the violated policy (a retry at 5 s would be refused).
    const earlier = await send(app({ standardHeaders: 'draft-6', legacyHeaders: false, retryAfter: 5 }), 3);
    expect(earlier[2]!.headers).toMatchObject({ 'retry-after': '60', 'ratelimit-reset': '60' });
    expect(earlier[2]!.body).toEqual(limitedBody(60));
  });

  it('computes the reset from req.rateLimit when the limiter sends no headers of its own', async () => {
    const responses = await send(app({ standardHeaders: false, legacyHeaders: false }), 3);
    const limited = responses[2]!;
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual(limitedBody(60));
    expect(limited.headers).toMatchObject({ 'retry-after': '60', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '60' });
    expect(limited.headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe.each([
  ['Koa 3', Koa],
  ['Koa 2', Koa2],
] as const)('koa-ratelimit 6 (memory driver) on %s', (_name, KoaClass) => {
  function app(options: Partial<KoaRateLimitOptions>) {
    const instance = new KoaClass();
    instance.silent = true;
    instance.use(koaErrorHandler({ production: true }));
    instance.use(ratelimit({ driver: 'memory', db: new Map(), duration: WINDOW_MS, max: 2, id: () => 'client', ...options }));
    instance.use((ctx) => {
      ctx.body = 'ok';
    });
    return instance.callback();
  }

  it('with onLimited: rateLimitHandler(), lets 2 requests through, then answers errata’s 429 with a rounded-up reset', async () => {
    const responses = await send(app({ onLimited: koaRateLimitHandler() }), 3);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
    const limited = responses[2]!;
    expect(limited.body).toEqual(limitedBody(60));
    expect(limited.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'retry-after': '60',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
    });
    // koa-ratelimit's own X-RateLimit-* are taken off: the 429 carries one set of rate-limit headers.
    expect(Object.keys(limited.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
  });

  it('finds the limit and reset under the header names koa-ratelimit was given', async () => {
    const headers = { remaining: 'Limit-Left', reset: 'Limit-Reset-At', total: 'Limit-Max' };
    const responses = await send(app({ headers, onLimited: koaRateLimitHandler({ headers }) }), 3);
    expect(responses[2]!.status).toBe(429);
    expect(responses[2]!.headers).toMatchObject({ 'retry-after': '60', 'ratelimit-limit': '2', 'ratelimit-reset': '60' });
  });

  it('with only `throw: true`, errata answers with koa-ratelimit’s message, its headers in errata’s form, and its truncated Retry-After raised to its reset', async () => {
    const responses = await send(app({ throw: true }), 3);
    const limited = responses[2]!;
    expect(limited.status).toBe(429);
    // koa-ratelimit truncates (reset - now) to whole seconds (59.99 s becomes 59): its own X-RateLimit-Reset says 60.
    expect(limited.headers).toMatchObject({ 'retry-after': '60', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '60' });
    expect(Object.keys(limited.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    expect(limited.body).toEqual({ ...limitedBody(60), message: expect.stringMatching(/^Rate limit exceeded, retry in \d+ seconds\.$/) });
  });
});

describe('rateLimitError', () => {
  it('agrees with a limiter’s window: reset rounded up from resetTime, else the window length', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(rateLimitError({ limit: 100, remaining: 0, resetTime: new Date(now + 29_001) }, {}, now).headers).toEqual({
      'RateLimit-Limit': 100,
      'RateLimit-Remaining': 0,
      'RateLimit-Reset': 30,
      'Retry-After': '30',
    });
    expect(rateLimitError({ limit: 5, windowMs: 15_000 }, { code: 'SLOW_DOWN' }, now)).toMatchObject({ retryAfter: 15, code: 'SLOW_DOWN' });
    expect(rateLimitError({ limit: 5, resetTime: now - 1000 }, {}, now).headers['Retry-After']).toBe('0');
  });
});

const TWENTY_THREE_DIGITS = '1'.padEnd(23, '0');

describe('RateLimit values are non-negative integers within their syntax, written as plain digits', () => {
  it('the ceilings: the largest Structured Field Integer for counts, 2^31 − 1 seconds for the reset', () => {
    expect(MAX_RATE_LIMIT_COUNT).toBe(999_999_999_999_999);
    expect(MAX_RETRY_AFTER_SECONDS).toBe(2_147_483_647);
  });

  it('limit: 1e21 and reset: 1e21 are clamped, and Retry-After agrees with the clamped reset', () => {
    expect(new TooManyRequests({ limit: 1e21, remaining: Number.MAX_VALUE, reset: 1e21 }).headers).toEqual({
      'RateLimit-Limit': 999_999_999_999_999,
      'RateLimit-Remaining': 999_999_999_999_999,
      'RateLimit-Reset': 2_147_483_647,
      'Retry-After': '2147483647',
    });
  });

  it.each([
    { label: 'the count ceiling itself', limit: MAX_RATE_LIMIT_COUNT, sent: MAX_RATE_LIMIT_COUNT },
    { label: 'one over the count ceiling', limit: MAX_RATE_LIMIT_COUNT + 1, sent: MAX_RATE_LIMIT_COUNT },
    { label: 'a fraction, rounded down', limit: 2.9, sent: 2 },
    { label: '0, a known limit that blocks everything', limit: 0, sent: 0 },
  ])('limit $limit ($label) → RateLimit-Limit: $sent', ({ limit, sent }) => {
    expect(new TooManyRequests({ limit }).headers['RateLimit-Limit']).toBe(sent);
  });

  it.each([
    { label: 'the ceiling itself', reset: MAX_RETRY_AFTER_SECONDS, sent: MAX_RETRY_AFTER_SECONDS },
    { label: 'a fraction under the ceiling, rounded up', reset: MAX_RETRY_AFTER_SECONDS - 0.5, sent: MAX_RETRY_AFTER_SECONDS },
    { label: 'one over the ceiling', reset: MAX_RETRY_AFTER_SECONDS + 1, sent: MAX_RETRY_AFTER_SECONDS },
  ])('reset $reset ($label) → RateLimit-Reset and Retry-After $sent', ({ reset, sent }) => {
    expect(new TooManyRequests({ reset }).headers).toEqual({ 'RateLimit-Reset': sent, 'Retry-After': String(sent) });
  });

  it.each([
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['negative', -1],
  ])('an unknown (%s) limit, remaining or reset leaves its header out', (_label, value) => {
    expect(new TooManyRequests({ limit: value, remaining: value, reset: value }).headers).toEqual({});
    expect(rateLimitError({ limit: value, remaining: 0, windowMs: 60_000 }).headers).toEqual({ 'RateLimit-Remaining': 0, 'RateLimit-Reset': 60, 'Retry-After': '60' });
  });

  it('raw RateLimit counts in an error’s headers are bounded, a negative one dropped, other text left as written; the response carries one set', () => {
    const error = new HttpError(429, {
      headers: {
        'RateLimit-Limit': 1e21,
        'ratelimit-remaining': -1,
        'RateLimit-Reset': TWENTY_THREE_DIGITS,
        'X-RateLimit-Limit': Number.MAX_VALUE,
        'X-RateLimit-Remaining': '7',
        // koa-ratelimit's reset: epoch seconds with a fraction, not a count.
        'X-RateLimit-Reset': 1767225660.123,
        'RateLimit-Policy': '999999999999999;w=60',
      },
    });
    expect(error.headers).toEqual({
      'RateLimit-Limit': 999_999_999_999_999,
      'RateLimit-Reset': 2_147_483_647,
      'X-RateLimit-Limit': 999_999_999_999_999,
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Reset': 1767225660.123,
      'RateLimit-Policy': '999999999999999;w=60',
    });
    // Two forms of one state on the error: the renderer reads the richer (draft 6 over the legacy X-RateLimit-*) and
    // writes one set.
    const { headers } = renderError(error, {}, { production: true });
    expect(Object.fromEntries(Object.entries(headers).filter(([name]) => /ratelimit/i.test(name)))).toEqual({
      'RateLimit-Limit': '999999999999999',
      'RateLimit-Reset': '2147483647',
      'RateLimit-Policy': '999999999999999;w=60',
    });
    // Earlier drafts listed quota policies after the limit: its first item is the limit.
    expect(new HttpError(429, { headers: { 'RateLimit-Limit': '10, 10;w=1' } }).headers).toEqual({ 'RateLimit-Limit': '10, 10;w=1' });
    expect(renderError(new HttpError(429, { headers: { 'RateLimit-Limit': '10, 10;w=1' } })).headers).toMatchObject({ 'RateLimit-Limit': '10', 'RateLimit-Policy': '10;w=1' });
    // Text that is no count at all is not passed on.
    const unreadable = renderError(new HttpError(429, { headers: { 'RateLimit-Limit': 'lots', 'RateLimit-Reset': '1.5' } })).headers;
    expect(Object.keys(unreadable).filter((name) => /ratelimit/i.test(name))).toEqual([]);
  });

  it('a limit given as an option replaces the same header given raw, in any spelling', () => {
    expect(new TooManyRequests({ limit: 5, headers: { 'ratelimit-limit': 7, 'RATELIMIT-LIMIT': 8 } }).headers).toEqual({ 'RateLimit-Limit': 5 });
  });

  it('a foreign (http-errors) 429’s huge RateLimit counts and Retry-After reach the renderer’s headers as plain digits', () => {
    const foreign = createHttpError(429, { headers: { 'RateLimit-Limit': 1e21, 'RateLimit-Reset': 1e21, 'Retry-After': TWENTY_THREE_DIGITS } });
    const { headers } = renderError(foreign, {}, { production: true });
    expect(headers).toMatchObject({ 'RateLimit-Limit': '999999999999999', 'RateLimit-Reset': '2147483647', 'Retry-After': '2147483647' });
  });

  it('a 416’s Content-Range complete-length is plain digits however large', () => {
    expect(new RangeNotSatisfiable({ size: 1e21 }).headers).toEqual({ 'Content-Range': 'bytes */1000000000000000000000' });
    expect(new RangeNotSatisfiable({ size: 2 ** 53 + 0.5 }).headers).toEqual({ 'Content-Range': 'bytes */9007199254740992' });
  });
});

describe.each(THROWING_APPS)('huge rate-limit values on the wire through %s', (_name, appThrowing) => {
  it('TooManyRequests({ limit: 1e21, reset: 1e21 }) sends bounded plain digits, and the body agrees with Retry-After', async () => {
    const [response] = await send(appThrowing(new TooManyRequests({ limit: 1e21, remaining: 0, reset: 1e21 })), 1);
    expect(response!.status).toBe(429);
    expect(response!.headers).toMatchObject({
      'ratelimit-limit': '999999999999999',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '2147483647',
      'retry-after': '2147483647',
    });
    expect(response!.body).toEqual(limitedBody(2_147_483_647));
  });
});

describe('a limiter whose limit is unknown: no RateLimit-Limit at all, rather than RateLimit-Limit: 0', () => {
  it('Express 5: a limiter of its own calling rateLimitHandler() without req.rateLimit', async () => {
    const app = express();
    const limited = expressRateLimitHandler();
    let hits = 0;
    // Another limiter (not express-rate-limit) that knows its window but reports no count on the request.
    app.use((req, res, next) => {
      if (++hits > 2) limited(req, res, next, { windowMs: WINDOW_MS });
      else next();
    });
    app.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    app.use(expressErrorHandler({ production: true, logger: false }));
    const responses = await send(app, 3);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
    const limitedResponse = responses[2]!;
    expect(limitedResponse.headers['ratelimit-limit']).toBeUndefined();
    expect(limitedResponse.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': '60', 'retry-after': '60' });
    expect(limitedResponse.body).toEqual(limitedBody(60));
  });

  it('Koa 3: koa-ratelimit with disableHeader, so onLimited finds no limit', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(koaErrorHandler({ production: true }));
    app.use(ratelimit({ driver: 'memory', db: new Map(), duration: WINDOW_MS, max: 2, id: () => 'client', disableHeader: true, onLimited: koaRateLimitHandler() }));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const responses = await send(app.callback(), 3);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
    const limitedResponse = responses[2]!;
    expect(limitedResponse.headers['ratelimit-limit']).toBeUndefined();
    expect(limitedResponse.headers['x-ratelimit-limit']).toBeUndefined();
    // koa-ratelimit truncates its `after` (59.99 s → 59); the adapter adds the second back.
    expect(limitedResponse.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': '60', 'retry-after': '60' });
    expect(limitedResponse.body).toEqual(limitedBody(60));
  });

  it('the Express adapter reads an unknown limit as absent and a non-number as unknown', () => {
    const seen: unknown[] = [];
    const handler = expressRateLimitHandler();
    const res = { getHeader: () => undefined } as unknown as Parameters<typeof handler>[1];
    for (const rateLimitInfo of [undefined, { limit: 'many' }, { limit: -1 }, { limit: Number.NaN }]) {
      const req = { rateLimit: rateLimitInfo } as unknown as Parameters<typeof handler>[0];
      handler(req, res, (error?: unknown) => seen.push(error), { windowMs: WINDOW_MS });
    }
    expect(seen.map((error) => (error as HttpError).headers['RateLimit-Limit'])).toEqual([undefined, undefined, undefined, undefined]);
    expect(seen.every((error) => (error as HttpError).headers['RateLimit-Reset'] === 60)).toBe(true);
  });
});

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)('express-rate-limit’s own huge Retry-After (%s)', (_name, createApp) => {
  it('its retryAfter: 1e21, which it writes as 1e+21, is kept as its word and sent bounded as plain digits', async () => {
    const app = createApp();
    app.use(rateLimit({ windowMs: WINDOW_MS, limit: 1, standardHeaders: 'draft-6', legacyHeaders: false, retryAfter: 1e21, handler: expressRateLimitHandler() }));
    app.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    app.use(expressErrorHandler({ production: true, logger: false }));
    const responses = await send(app, 2);
    expect(responses[1]!.status).toBe(429);
    expect(responses[1]!.headers).toMatchObject({ 'retry-after': '2147483647', 'ratelimit-limit': '1', 'ratelimit-reset': '60' });
    expect(responses[1]!.body).toEqual(limitedBody(2_147_483_647));
  });
});
