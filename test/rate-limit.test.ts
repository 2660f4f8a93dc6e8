import { createRequire } from 'node:module';
import express from 'express';
import express4 from 'express4';
import { rateLimit } from 'express-rate-limit';
import Koa, { type Middleware } from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { catalog, rateLimitError } from '../src/index.js';
import { createErrorHandler as expressErrorHandler, rateLimitHandler as expressRateLimitHandler } from '../src/express/index.js';
import { createErrorHandler as koaErrorHandler, rateLimitHandler as koaRateLimitHandler } from '../src/koa/index.js';
import { listen } from './contract/server.js';

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

  it('keeps the Retry-After express-rate-limit decided (its retryAfter option)', async () => {
    const responses = await send(app({ standardHeaders: 'draft-6', legacyHeaders: false, retryAfter: 5 }), 3);
    expect(responses[2]!.status).toBe(429);
    expect(responses[2]!.headers).toMatchObject({ 'retry-after': '5', 'ratelimit-reset': '60' });
    expect(responses[2]!.body).toEqual(limitedBody(5));
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
      // koa-ratelimit's own headers stay: they do not contradict errata's.
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
    });
  });

  it('finds the limit and reset under the header names koa-ratelimit was given', async () => {
    const headers = { remaining: 'Limit-Left', reset: 'Limit-Reset-At', total: 'Limit-Max' };
    const responses = await send(app({ headers, onLimited: koaRateLimitHandler({ headers }) }), 3);
    expect(responses[2]!.status).toBe(429);
    expect(responses[2]!.headers).toMatchObject({ 'retry-after': '60', 'ratelimit-limit': '2', 'ratelimit-reset': '60' });
  });

  it('with only `throw: true`, errata still answers, but with koa-ratelimit’s message and truncated Retry-After', async () => {
    const responses = await send(app({ throw: true }), 3);
    const limited = responses[2]!;
    expect(limited.status).toBe(429);
    // koa-ratelimit truncates (reset - now) to whole seconds: 59.99 s becomes 59, a client would retry early.
    expect(limited.headers['retry-after']).toBe('59');
    expect(limited.body).toEqual({ ...limitedBody(59), message: expect.stringMatching(/^Rate limit exceeded, retry in \d+ seconds\.$/) });
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
