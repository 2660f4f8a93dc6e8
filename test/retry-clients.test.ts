// Real clients (got 14, ky 1, Node's fetch with retryDelay) against real Express 5 and Koa 3 servers:
// the retry hints errata sends are only worth something if clients act on them.
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import got, { HTTPError as GotHTTPError } from 'got';
import Koa from 'koa';
import ky, { HTTPError as KyHTTPError } from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, PayloadTooLarge, ServiceUnavailable, TooManyRequests, catalog, retryDelay } from '../src/index.js';
import { createErrorHandler as expressErrorHandler } from '../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler } from '../src/adapters/koa/index.js';
import { listen, type TestServer } from './contract/server.js';

/** What a case's route answers with on its first request; every later request gets 200 `ok`. */
const FIRST_ANSWERS = {
  '429-after-1': () => new TooManyRequests({ retryAfter: 1 }),
  // Two seconds ahead, sent as an IMF-fixdate: whole seconds, so the client waits 1–2 s.
  '503-date': (now: number) => new ServiceUnavailable({ retryAfter: new Date(now + 2000) }),
  '413-after-1': () => new PayloadTooLarge({ retryAfter: 1 }),
  '413-after-0': () => new PayloadTooLarge({ retryAfter: 0 }),
  '413-no-hint': () => new PayloadTooLarge(),
  // Never waited for: got gives up at once, and ky caps its wait.
  '429-after-60': () => new TooManyRequests({ retryAfter: 60 }),
} satisfies Record<string, (now: number) => HttpError>;
type CaseKind = keyof typeof FIRST_ANSWERS;

/** Every request of one case: when it arrived, and the retry hint it was answered with. */
interface Hit {
  at: number;
  retryAfter?: string;
}

/** Cases answer by id, so every client and server runs its cases at the same time without sharing state. */
function createScript() {
  const hits = new Map<string, Hit[]>();
  function answer(kind: string, id: string): HttpError | 'ok' {
    const list = hits.get(id) ?? [];
    hits.set(id, list);
    const at = Date.now();
    const first = FIRST_ANSWERS[kind as CaseKind];
    // 413-no-hint keeps failing: a client that retried it anyway would be seen doing so.
    if (first && (list.length === 0 || kind === '413-no-hint')) {
      const error = first(at);
      list.push({ at, retryAfter: error.headers['Retry-After'] as string | undefined });
      return error;
    }
    list.push({ at });
    return 'ok';
  }
  return { answer, hits: (id: string) => hits.get(id) ?? [] };
}

function expressApp(script: ReturnType<typeof createScript>) {
  const app = express();
  app.get('/case/:kind/:id', (req, res, next) => {
    const result = script.answer(req.params.kind, req.params.id);
    if (result === 'ok') res.type('text').send('ok');
    else next(result);
  });
  app.use(expressErrorHandler({ production: true }));
  return app;
}

function koaApp(script: ReturnType<typeof createScript>) {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler({ production: true }));
  app.use(async (ctx) => {
    const [, base, kind, id] = ctx.path.split('/');
    if (base !== 'case' || !kind || !id) return;
    const result = script.answer(kind, id);
    if (result !== 'ok') throw result;
    ctx.type = 'text';
    ctx.body = 'ok';
  });
  return app;
}

/** A bounded retry loop over Node's fetch, led by retryDelay: at most `limit` retries, each wait at most `maxWait`. */
async function fetchWithRetry(url: string, limit = 2, maxWait = 5000): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const wait = response.ok ? undefined : retryDelay(response);
    if (attempt >= limit || wait === undefined || wait > maxWait) return response;
    await response.arrayBuffer();
    await sleep(wait);
  }
}

type Outcome = { status: number; body: string };

const clients: Record<'got' | 'ky' | 'fetch', (url: string) => Promise<Outcome>> = {
  async got(url) {
    try {
      const response = await got(url, { retry: { limit: 2 }, timeout: { request: 8000 } });
      return { status: response.statusCode, body: response.body };
    } catch (error) {
      if (error instanceof GotHTTPError) return { status: error.response.statusCode, body: String(error.response.body) };
      throw error;
    }
  },
  async ky(url) {
    try {
      const response = await ky(url, { retry: { limit: 2 }, timeout: 8000 });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      if (error instanceof KyHTTPError) return { status: error.response.status, body: await error.response.text() };
      throw error;
    }
  },
  async fetch(url) {
    const response = await fetchWithRetry(url);
    return { status: response.status, body: await response.text() };
  },
};

// Timers may fire a few milliseconds early relative to Date.now(): this tolerance is about that, not speed.
const TIMER_SLACK = 50;

const SERVERS = ['Express 5', 'Koa 3'] as const;
const CLIENTS = ['got', 'ky', 'fetch'] as const;
type Client = (typeof CLIENTS)[number];

const script = createScript();
const running: Partial<Record<(typeof SERVERS)[number], TestServer>> = {};

beforeAll(async () => {
  running['Express 5'] = await listen(expressApp(script));
  running['Koa 3'] = await listen(koaApp(script).callback());
});
afterAll(async () => {
  await Promise.all(Object.values(running).map((server) => server.close()));
});

/** What one client saw and what the server counted, for one case on one server. */
interface Trace {
  outcome: Outcome;
  hits: Hit[];
}

/** Runs one case with the given clients against both servers at once; keys read `Express 5 got`. */
async function runCase(kind: CaseKind, clientNames: readonly Client[] = CLIENTS): Promise<Record<string, Trace>> {
  const runs = SERVERS.flatMap((serverName) =>
    clientNames.map(async (client) => {
      const id = `${serverName.replace(/\W/g, '')}-${client}-${kind}`;
      const outcome = await clients[client](`${running[serverName]!.url}/case/${kind}/${id}`);
      return [`${serverName} ${client}`, { outcome, hits: script.hits(id) }] as const;
    }),
  );
  return Object.fromEntries(await Promise.all(runs));
}

function each<T>(traces: Record<string, Trace>, summary: (trace: Trace) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(traces).map(([label, trace]) => [label, summary(trace)]));
}

function everywhere<T>(value: T, clientNames: readonly Client[] = CLIENTS): Record<string, T> {
  return Object.fromEntries(SERVERS.flatMap((serverName) => clientNames.map((client) => [`${serverName} ${client}`, value])));
}

const gap = (hits: Hit[]) => (hits.length < 2 ? Number.NaN : hits[1]!.at - hits[0]!.at);

describe.concurrent('got 14, ky 1 and fetch with retryDelay, against Express 5 and Koa 3', () => {
  it('retry a 429 with Retry-After: 1 once, at least a second later', async () => {
    const traces = await runCase('429-after-1');
    expect(each(traces, ({ outcome, hits }) => ({ ...outcome, requests: hits.length, hint: hits[0]?.retryAfter, waited: gap(hits) >= 1000 - TIMER_SLACK }))).toEqual(
      everywhere({ status: 200, body: 'ok', requests: 2, hint: '1', waited: true }),
    );
  });

  it('retry a 503 whose Retry-After is an HTTP-date about two seconds ahead, not before that date', async () => {
    const traces = await runCase('503-date');
    expect(
      each(traces, ({ outcome, hits }) => {
        const date = Date.parse(hits[0]?.retryAfter ?? '');
        return {
          ...outcome,
          requests: hits.length,
          imfFixdate: /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(hits[0]?.retryAfter ?? ''),
          dateAhead: date - hits[0]!.at > 1000,
          waitedForDate: (hits[1]?.at ?? 0) >= date - TIMER_SLACK,
        };
      }),
    ).toEqual(everywhere({ status: 200, body: 'ok', requests: 2, imfFixdate: true, dateAhead: true, waitedForDate: true }));
  });

  it('retry a 413 that carries Retry-After: 1, at least a second later', async () => {
    const traces = await runCase('413-after-1');
    expect(each(traces, ({ outcome, hits }) => ({ ...outcome, requests: hits.length, waited: gap(hits) >= 1000 - TIMER_SLACK }))).toEqual(
      everywhere({ status: 200, body: 'ok', requests: 2, waited: true }),
    );
  });

  it('do not retry a 413 without Retry-After', async () => {
    const traces = await runCase('413-no-hint');
    expect(each(traces, ({ outcome, hits }) => ({ status: outcome.status, body: JSON.parse(outcome.body) as unknown, requests: hits.length }))).toEqual(
      everywhere({
        status: 413,
        body: { status: 413, error: 'Request Entity Too Large', message: 'Request Entity Too Large', description: catalog[413].description, retryable: false },
        requests: 1,
      }),
    );
  });

  // Where the clients differ, as their sources say (got core/calculate-retry-delay.js, ky core/Ky.js).
  it('got reads Retry-After: 0 as no hint, so it does not retry a 413 with it; ky and fetch retry at once', async () => {
    const traces = await runCase('413-after-0');
    expect(each(traces, ({ outcome, hits }) => ({ status: outcome.status, requests: hits.length }))).toEqual({
      ...everywhere({ status: 200, requests: 2 }, ['ky', 'fetch']),
      ...everywhere({ status: 413, requests: 1 }, ['got']),
    });
  });

  it('got gives up when Retry-After exceeds its maxRetryAfter; ky waits maxRetryAfter instead', async () => {
    const options = { retry: { limit: 2, maxRetryAfter: 1000 } };
    const base = running['Express 5']!.url;
    const gotError: unknown = await got(`${base}/case/429-after-60/got-max`, options).then(() => undefined, (error: unknown) => error);
    expect(gotError).toBeInstanceOf(GotHTTPError);
    expect((gotError as GotHTTPError).response.statusCode).toBe(429);
    expect(script.hits('got-max')).toHaveLength(1);

    // Had ky waited the 60 s asked for, the bounded race would end first and fail the test.
    const kyResponse = await Promise.race([ky(`${base}/case/429-after-60/ky-max`, options), sleep(10_000).then(() => undefined)]);
    expect(kyResponse?.status).toBe(200);
    const kyHits = script.hits('ky-max');
    expect(kyHits).toHaveLength(2);
    expect(gap(kyHits)).toBeGreaterThanOrEqual(1000 - TIMER_SLACK);
  });
});
