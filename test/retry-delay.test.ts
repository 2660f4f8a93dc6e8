import { get, type IncomingMessage } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, NotFound, ServiceUnavailable, TooManyRequests, retryDelay, type RetryDelaySource } from '../src/index.js';
import { createErrorHandler } from '../src/adapters/express/index.js';
import type { RateLimitHeaderForm } from '../src/index.js';
import { listen, type TestServer } from './contract/server.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

let server: TestServer;

beforeAll(async () => {
  const app = express();
  app.get('/429', () => {
    throw new TooManyRequests({ limit: 10, remaining: 0, reset: 30, retryAfter: 120 });
  });
  app.get('/503-date', () => {
    throw new ServiceUnavailable({ retryAfter: new Date(NOW + 90_000) });
  });
  app.get('/reset-only', () => {
    throw new HttpError(429, { headers: { 'RateLimit-Reset': 30 } });
  });
  app.get('/retry-now', () => {
    throw new TooManyRequests({ retryAfter: 0 });
  });
  app.get('/404', () => {
    throw new NotFound();
  });
  // Not errata: what a misbehaving upstream might send.
  app.get('/malformed', (_req, res) => {
    res.set({ 'Retry-After': 'in a minute', 'RateLimit-Reset': '45' }).status(429).end();
  });
  app.use(createErrorHandler({ production: true }));
  server = await listen(app);
});
afterAll(() => server?.close());

function nodeGet(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(`${server.url}${path}`, (response) => {
      response.resume();
      resolve(response);
    }).on('error', reject);
  });
}

describe('retryDelay with a real fetch against an errata server', () => {
  it.each<[string, number | undefined, string]>([
    ['/429', 120_000, 'Retry-After in seconds, over RateLimit-Reset'],
    ['/503-date', 90_000, 'Retry-After as an HTTP-date, counted from now'],
    ['/reset-only', 30_000, 'RateLimit-Reset when Retry-After is absent'],
    ['/retry-now', 0, 'Retry-After: 0 as "retry now", not as no hint'],
    ['/malformed', 45_000, 'RateLimit-Reset when Retry-After is malformed'],
    ['/404', undefined, 'no hint at all'],
  ])('GET %s → %s ms (%s)', async (path, expected) => {
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
    expect(retryDelay(response, NOW)).toBe(expected);
  });

  it('reads a Headers object and a Node IncomingMessage the same way', async () => {
    const response = await fetch(`${server.url}/503-date`);
    await response.arrayBuffer();
    expect(retryDelay(response.headers, NOW)).toBe(90_000);
    expect(retryDelay(await nodeGet('/503-date'), NOW)).toBe(90_000);
    expect(retryDelay((await nodeGet('/reset-only')).headers, NOW)).toBe(30_000);
  });

  it('counts a date in the past as 0', async () => {
    const response = await fetch(`${server.url}/503-date`);
    await response.arrayBuffer();
    expect(retryDelay(response, NOW + 120_000)).toBe(0);
  });
});

describe('retryDelay with plain header objects', () => {
  it.each<[RetryDelaySource, number | undefined, string]>([
    [{ 'RETRY-AFTER': '5' }, 5000, 'names in any case'],
    [{ 'retry-after': ['7', '9'] }, 7000, 'a repeated header: the first value'],
    [{ 'Retry-After': 3 }, 3000, 'a number'],
    [{ headers: { 'ratelimit-reset': '12' } }, 12_000, 'a response-like object with a headers record (got)'],
    [{ 'retry-after': undefined, 'RateLimit-Reset': '4' }, 4000, 'an undefined Retry-After'],
    [{ 'RateLimit-Reset': '1700000000.5' }, undefined, 'a RateLimit-Reset that is not delta seconds'],
    [{ 'RateLimit-Reset': '-5' }, undefined, 'a negative RateLimit-Reset'],
    [{}, undefined, 'no headers'],
  ])('%j → %s (%s)', (headers, expected) => {
    expect(retryDelay(headers, NOW)).toBe(expected);
  });
});

describe('retryDelay reads the RateLimit fields of drafts 7 and 8 (Retry-After first, as the draft requires)', () => {
  it.each<[RetryDelaySource, number | undefined, string]>([
    [{ RateLimit: '"default";r=0;t=30' }, 30_000, 'draft 8: the violated policy’s t'],
    [{ RateLimit: '"burst";r=5;t=1, "daily";r=0;t=3600, "hourly";r=0;t=60' }, 3_600_000, 'draft 8: the latest reset among the violated policies'],
    [{ RateLimit: '"burst";r=5;t=1' }, undefined, 'draft 8: no policy violated, no hint'],
    [{ RateLimit: '"default";r=0' }, undefined, 'draft 8: a violated policy that does not say when'],
    [{ RateLimit: '"default";r=0;t=30', 'Retry-After': '90' }, 90_000, 'Retry-After over the RateLimit field'],
    [{ RateLimit: '"default";r=0;t=30', 'Retry-After': 'soon' }, 30_000, 'the RateLimit field when Retry-After is malformed'],
    [{ ratelimit: ['"a";r=0;t=5', '"b";r=0;t=9'] }, 9000, 'draft 8 split over two field lines'],
    [{ RateLimit: 'limit=100, remaining=0, reset=45' }, 45_000, 'draft 7: reset'],
    [{ RateLimit: 'limit=100, reset=45' }, 45_000, 'draft 7 without remaining: reset'],
    [{ RateLimit: 'limit=100, remaining=3, reset=45' }, undefined, 'draft 7 with units left: no hint'],
    [{ 'RateLimit-Remaining': '2', 'RateLimit-Reset': '45' }, undefined, 'draft 6 with units left: no hint'],
    [{ RateLimit: '"default";r=0;t=3.5' }, undefined, 'a malformed field (t is a Decimal) is ignored'],
    [{ RateLimit: '"default";r=0;t=30,' }, undefined, 'a malformed list (trailing comma) is ignored'],
    [{ RateLimit: '"default";r=0;t=999999999999999' }, 2_147_483_647_000, 'a huge t is held to 2^31 − 1 seconds'],
    [{ 'X-RateLimit-Reset': '30' }, undefined, 'the legacy X-RateLimit-Reset, delay or time depending on the server, is not read'],
  ])('%j → %s (%s)', (headers, expected) => {
    expect(retryDelay(headers, NOW)).toBe(expected);
  });

  it.each<RateLimitHeaderForm>(['draft-6', 'draft-7', 'draft-8'])('reads what an errata server sends in the %s form, without its Retry-After', async (form) => {
    const app = express();
    app.get('/', () => {
      throw new TooManyRequests({ policies: [{ name: 'burst', quota: 10, window: 1, remaining: 4, reset: 1 }, { name: 'daily', quota: 100, window: 86_400, remaining: 0, reset: 300 }] });
    });
    app.use(createErrorHandler({ production: true, rateLimitHeaders: form }));
    const formServer = await listen(app);
    try {
      const response = await fetch(formServer.url);
      await response.arrayBuffer();
      expect(retryDelay(response, NOW)).toBe(300_000);
      const headers = new Headers(response.headers);
      headers.delete('retry-after');
      expect(retryDelay(headers, NOW)).toBe(300_000);
    } finally {
      await formServer.close();
    }
  });
});
