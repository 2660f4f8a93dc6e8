// What real clients (got 14, ky 1, Node's fetch with retryDelay) do with the RateLimit fields of drafts 6, 7 and 8:
// against errata's 429s in each form (which always carry Retry-After), and against an upstream that sends only the
// RateLimit field, the case where a client's own reading of the fields decides when it comes back.
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import got, { HTTPError as GotHTTPError } from 'got';
import Koa from 'koa';
import ky, { HTTPError as KyHTTPError } from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelay, TooManyRequests, type RateLimitHeaderForm } from '../src/index.js';
import { createErrorHandler as expressErrorHandler } from '../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler } from '../src/adapters/koa/index.js';
import { listen, type TestServer } from './contract/server.js';

/** Every request of one case: when it arrived, and the rate-limit headers the answer carried. */
interface Hit {
  at: number;
  status: number;
  headers?: Record<string, string>;
}

const hits = new Map<string, Hit[]>();
const record = (id: string, hit: Hit) => {
  const list = hits.get(id) ?? [];
  list.push(hit);
  hits.set(id, list);
  return list;
};

/** errata's 429 for one request per second, used up: its first request is refused, the next one a second later passes. */
const limited = () => new TooManyRequests({ policies: [{ name: 'per-second', quota: 1, window: 1, remaining: 0, reset: 1 }] });

function expressApp(form: RateLimitHeaderForm) {
  const app = express();
  app.get('/:id', (req, res, next) => {
    const seen = hits.get(req.params.id)?.length ?? 0;
    record(req.params.id, { at: Date.now(), status: seen === 0 ? 429 : 200 });
    if (seen === 0) next(limited());
    else res.type('text').send('ok');
  });
  app.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: form }));
  return app;
}

function koaApp(form: RateLimitHeaderForm) {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler({ production: true, rateLimitHeaders: form }));
  app.use((ctx) => {
    const id = ctx.path.slice(1);
    const seen = hits.get(id)?.length ?? 0;
    record(id, { at: Date.now(), status: seen === 0 ? 429 : 200 });
    if (seen === 0) throw limited();
    ctx.body = 'ok';
  });
  return app.callback();
}

const UPSTREAM_WINDOW_MS = 2000;

/**
 * Not errata: an upstream that limits a client to one request per two seconds and says so only in a RateLimit field
 * (no Retry-After), in the form of one draft. It refuses every request until two seconds after the first.
 */
function upstreamApp() {
  const app = express();
  app.get('/:form/:id', (req, res) => {
    const first = hits.get(req.params.id)?.[0]?.at ?? Date.now();
    const left = first + UPSTREAM_WINDOW_MS - Date.now();
    if (left <= 0) {
      record(req.params.id, { at: Date.now(), status: 200 });
      res.type('text').send('ok');
      return;
    }
    const t = Math.ceil(left / 1000);
    const fields: Record<string, Record<string, string>> = {
      'draft-6': { 'RateLimit-Limit': '1', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(t) },
      'draft-7': { RateLimit: `limit=1, remaining=0, reset=${t}` },
      'draft-8': { RateLimit: `"per-2s";r=0;t=${t}`, 'RateLimit-Policy': '"per-2s";q=1;w=2' },
    };
    record(req.params.id, { at: Date.now(), status: 429 });
    res.status(429).set(fields[req.params.form]!).type('text').send('slow down');
  });
  return app;
}

/** A bounded retry loop over Node's fetch, led by retryDelay. */
async function fetchWithRetry(url: string, limit = 2, maxWait = 5000): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, { signal: AbortSignal.timeout(8000) });
    const wait = response.ok ? undefined : retryDelay(response);
    if (attempt >= limit || wait === undefined || wait > maxWait) return response;
    await response.arrayBuffer();
    await sleep(wait);
  }
}

type Client = 'got' | 'ky' | 'fetch';
const CLIENTS: readonly Client[] = ['got', 'ky', 'fetch'];

/** The status each client ends with, and the rate-limit headers of the first 429 it received. */
async function run(client: Client, url: string): Promise<{ status: number; firstHeaders: Record<string, string> }> {
  let firstHeaders: Record<string, string> = {};
  const keep = (headers: Headers | Record<string, unknown>) => {
    if (Object.keys(firstHeaders).length > 0) return;
    const entries: [string, string][] = [];
    if (headers instanceof Headers) headers.forEach((value, name) => entries.push([name, value]));
    else for (const [name, value] of Object.entries(headers)) entries.push([name, String(value)]);
    firstHeaders = Object.fromEntries(entries.filter(([name]) => /^(retry-after|ratelimit)/.test(name)));
  };
  if (client === 'got') {
    try {
      const response = await got(url, {
        retry: { limit: 2 },
        timeout: { request: 8000 },
        hooks: { beforeRetry: [(error) => keep((error.response?.headers ?? {}) as Record<string, unknown>)] },
      });
      return { status: response.statusCode, firstHeaders };
    } catch (error) {
      if (error instanceof GotHTTPError) return { status: error.response.statusCode, firstHeaders };
      throw error;
    }
  }
  if (client === 'ky') {
    try {
      const response = await ky(url, { retry: { limit: 2 }, timeout: 8000, hooks: { beforeRetry: [({ error }) => keep((error as KyHTTPError).response.headers)] } });
      return { status: response.status, firstHeaders };
    } catch (error) {
      if (error instanceof KyHTTPError) return { status: error.response.status, firstHeaders };
      throw error;
    }
  }
  const response = await fetchWithRetry(url);
  await response.arrayBuffer();
  return { status: response.status, firstHeaders };
}

// Timers may fire a few milliseconds early relative to Date.now(): this tolerance is about that, not speed.
const TIMER_SLACK = 50;
const gaps = (list: Hit[]) => list.slice(1).map((hit, i) => hit.at - list[i]!.at);

const servers: Record<string, TestServer> = {};

beforeAll(async () => {
  for (const form of ['draft-6', 'draft-7', 'draft-8'] as const) {
    servers[`Express 5 ${form}`] = await listen(expressApp(form));
    servers[`Koa 3 ${form}`] = await listen(koaApp(form));
  }
  servers.upstream = await listen(upstreamApp());
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

describe.concurrent('errata’s 429 in each RateLimit form: got 14, ky 1 and fetch with retryDelay come back when it says', () => {
  it.each(['draft-6', 'draft-7', 'draft-8'] as const)('%s on Express 5 and Koa 3: one retry, a second later, then 200', async (form) => {
    const runs = ['Express 5', 'Koa 3'].flatMap((server) =>
      CLIENTS.map(async (client) => {
        const id = `${server.replace(/\W/g, '')}-${form}-${client}`;
        const { status, firstHeaders } = await run(client, `${servers[`${server} ${form}`]!.url}/${id}`);
        const list = hits.get(id) ?? [];
        return [`${server} ${client}`, { status, requests: list.length, waited: (gaps(list)[0] ?? 0) >= 1000 - TIMER_SLACK, firstHeaders }] as const;
      }),
    );
    const expectedHeaders = {
      'draft-6': { 'ratelimit-limit': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '1', 'ratelimit-policy': '1;w=1' },
      'draft-7': { ratelimit: 'limit=1, remaining=0, reset=1', 'ratelimit-policy': '1;w=1' },
      'draft-8': { ratelimit: '"per-second";r=0;t=1', 'ratelimit-policy': '"per-second";q=1;w=1' },
    }[form];
    const results = Object.fromEntries(await Promise.all(runs));
    // fetch's headers are seen only by retryDelay here; the other two show what errata sent them.
    for (const label of Object.keys(results)) if (label.endsWith('fetch')) results[label] = { ...results[label]!, firstHeaders: {} };
    expect(results).toEqual(
      Object.fromEntries(
        ['Express 5', 'Koa 3'].flatMap((server) =>
          CLIENTS.map((client) => [`${server} ${client}`, { status: 200, requests: 2, waited: true, firstHeaders: client === 'fetch' ? {} : { 'retry-after': '1', ...expectedHeaders } }]),
        ),
      ),
    );
  });
});

describe.concurrent('an upstream that sends only the RateLimit field (no Retry-After), refusing for two seconds', () => {
  async function upstream(form: string) {
    const entries = CLIENTS.map(async (client) => {
      const id = `upstream-${form}-${client}`;
      const { status } = await run(client, `${servers.upstream!.url}/${form}/${id}`);
      const list = hits.get(id) ?? [];
      // Whether the client's first retry came only once the window had passed.
      return [client, { status, requests: list.length, firstRetryAfterReset: (gaps(list)[0] ?? 0) >= UPSTREAM_WINDOW_MS - TIMER_SLACK }] as const;
    });
    return Object.fromEntries(await Promise.all(entries));
  }

  // got reads Retry-After only (core/index.js); without it, its backoff (1 s, 2 s) retries into the window once.
  // ky reads Retry-After, then RateLimit-Reset (core/Ky.js): draft 6's field, not the RateLimit field of 7 and 8,
  // so on those its backoff (0.3 s, 0.6 s) spends both retries inside the window and it ends with the 429.
  it.each([
    ['draft-6', { got: { status: 200, requests: 3, firstRetryAfterReset: false }, ky: { status: 200, requests: 2, firstRetryAfterReset: true } }],
    ['draft-7', { got: { status: 200, requests: 3, firstRetryAfterReset: false }, ky: { status: 429, requests: 3, firstRetryAfterReset: false } }],
    ['draft-8', { got: { status: 200, requests: 3, firstRetryAfterReset: false }, ky: { status: 429, requests: 3, firstRetryAfterReset: false } }],
  ] as const)('%s: fetch with retryDelay waits for the reset; got and ky as their sources say', async (form, expected) => {
    expect(await upstream(form)).toEqual({ ...expected, fetch: { status: 200, requests: 2, firstRetryAfterReset: true } });
  });
});
