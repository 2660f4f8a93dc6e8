import type { RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog, type ServiceUnavailableOptions } from '../src/index.js';
import { createErrorHandler as expressErrorHandler, createOverloadGuard, serviceUnavailable as expressServiceUnavailable } from '../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler, serviceUnavailable as koaServiceUnavailable } from '../src/adapters/koa/index.js';
import { listen, type TestServer } from './contract/server.js';

const BLOCK_MS = 300;

/** Keeps the event loop busy, as a CPU-bound request would. */
function blockEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

/** An app with the 503 middleware before its routes: `/` answers ok, `/block` blocks the event loop first. */
type AppFactory = (options: ServiceUnavailableOptions<{ path: string }>) => { listener: RequestListener; close: () => void };

const frameworks: [string, AppFactory][] = [
  [
    'Express 5',
    (options) => {
      const guard = expressServiceUnavailable(options);
      const app = express();
      app.use(guard);
      app.get('/', (_req, res) => {
        res.type('text').send('ok');
      });
      app.get('/block', (_req, res) => {
        blockEventLoop(BLOCK_MS);
        res.type('text').send('blocked');
      });
      app.use(expressErrorHandler({ production: true }));
      return { listener: app, close: guard.close };
    },
  ],
  [
    'Koa 3',
    (options) => {
      const guard = koaServiceUnavailable(options);
      const app = new Koa();
      app.silent = true;
      app.use(koaErrorHandler({ production: true }));
      app.use(guard);
      app.use((ctx) => {
        if (ctx.path === '/block') blockEventLoop(BLOCK_MS);
        ctx.body = ctx.path === '/block' ? 'blocked' : 'ok';
      });
      return { listener: app.callback(), close: guard.close };
    },
  ],
];

const unavailableBody = (retryAfter: number) => ({
  status: 503,
  error: 'Service Unavailable',
  message: 'Service Unavailable',
  description: catalog[503].description,
  retryable: true,
  retryAfter,
});

/** GETs `/` until the status is `wanted`, at most `attempts` times and `withinMs` ms; returns every response seen. */
async function pollUntil(url: string, wanted: number, attempts: number, withinMs: number) {
  const deadline = Date.now() + withinMs;
  const seen: request.Response[] = [];
  for (let i = 0; i < attempts && Date.now() < deadline; i++) {
    const response = await request(url).get('/').set('Accept', 'application/json');
    seen.push(response);
    if (response.status === wanted) break;
    await sleep(20);
  }
  return seen;
}

describe.each(frameworks)('serviceUnavailable (%s)', (_name, createApp) => {
  let server: TestServer | undefined;
  let closeGuard: (() => void) | undefined;

  async function start(options: ServiceUnavailableOptions<{ path: string }>): Promise<string> {
    const app = createApp(options);
    closeGuard = app.close;
    server = await listen(app.listener);
    return server.url;
  }

  afterEach(async () => {
    closeGuard?.();
    await server?.close();
    server = undefined;
  });

  it('answers 503 with Retry-After while the maintenance flag is up, and lets requests through once it is down', async () => {
    let maintenance = true;
    const url = await start({ when: (req) => maintenance && req.path !== '/block', retryAfter: 30 });

    const during = await request(url).get('/').set('Accept', 'application/json');
    expect(during.status).toBe(503);
    expect(during.headers).toMatchObject({ 'retry-after': '30', 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(during.body).toEqual(unavailableBody(30));

    // `when` sees the request: routes it exempts stay reachable during maintenance.
    expect((await request(url).get('/block')).status).toBe(200);

    maintenance = false;
    const after = await request(url).get('/');
    expect(after.status).toBe(200);
    expect(after.text).toBe('ok');
  });

  it('answers 503 with Retry-After after the event loop was blocked, then 200 again once the load is gone', async () => {
    // A one-second interval: the 503 lasts one interval, and on a loaded machine (the load test runs beside this
    // file) a poll can take longer than a quarter of a second, which once let a 250 ms window pass unseen.
    const url = await start({ maxEventLoopDelay: 150, sampleInterval: 1000, retryAfter: 1 });
    // Module loading in this worker may have lagged the loop already: start from a healthy state.
    const warmUp = await pollUntil(url, 200, 50, 5000);
    expect(warmUp.at(-1)?.status).toBe(200);
    // A histogram does not record before its first tick: let the monitor run one full sample first.
    await sleep(1050);

    const blocked = await request(url).get('/block');
    expect(blocked.status).toBe(200);

    // The block shows in the first sample after it, at most one interval later, and lasts one interval.
    const overloaded = await pollUntil(url, 503, 200, 4000);
    const unavailable = overloaded.at(-1)!;
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(unavailable.body).toEqual(unavailableBody(1));

    const recovered = await pollUntil(url, 200, 200, 4000);
    expect(recovered.at(-1)?.status).toBe(200);
    expect(recovered.at(-1)?.text).toBe('ok');
  });
});

describe('createOverloadGuard', () => {
  it('lets everything through when no condition is given, and close() is idempotent', () => {
    const guard = createOverloadGuard({ maxEventLoopDelay: 1000 });
    expect(guard.check({})).toBeUndefined();
    guard.close();
    guard.close();
    expect(guard.eventLoopDelay()).toBe(0);
  });

  it('takes the Retry-After from a function at each 503, and exposes a message given for it', () => {
    // A whole second: Retry-After carries no fraction, so a Date with milliseconds is rounded up to one.
    const end = new Date(Math.ceil((Date.now() + 3_600_000) / 1000) * 1000);
    const error = createOverloadGuard({ when: () => true, retryAfter: () => end, message: 'Back at 10:00 UTC' }).check({});
    expect(error?.expose).toBe(true);
    expect(error?.status).toBe(503);
    expect(error?.retryAfter).toBe(end);
    expect(error?.headers['Retry-After']).toBe(end.toUTCString());
    expect(error?.message).toBe('Back at 10:00 UTC');
  });
});

describe('serviceUnavailable options are checked at creation', () => {
  type NumericOptions = Pick<ServiceUnavailableOptions, 'maxEventLoopDelay' | 'sampleInterval'>;
  const creators: [string, (options: NumericOptions) => { close: () => void }][] = [
    ['createOverloadGuard', (options) => createOverloadGuard(options)],
    ['Express serviceUnavailable', (options) => expressServiceUnavailable(options)],
    ['Koa serviceUnavailable', (options) => koaServiceUnavailable(options)],
  ];
  const interval = 'serviceUnavailable: `sampleInterval` must be an integer number of milliseconds from 10 to 60000, not';
  const delay = 'serviceUnavailable: `maxEventLoopDelay` must be a finite number of milliseconds above 0, not';

  // Each of these once stopped the shedding without a word: NaN compares false, Infinity and anything past
  // 2^31 − 1 ms make a 1 ms timer, 0 and negatives a 10 ms one.
  const badIntervals: [unknown, string][] = [
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [0, '0'],
    [-1000, '-1000'],
    [9, '9'],
    [60_001, '60001'],
    [2 ** 31, '2147483648'],
    [999.5, '999.5'],
  ];
  const badDelays: [unknown, string][] = [
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [0, '0'],
    [-0, '0'],
    [-200, '-200'],
  ];

  describe.each(creators)('%s', (_name, create) => {
    it.each(badIntervals)('throws a RangeError naming sampleInterval for %s', (value, shown) => {
      const attempt = () => create({ maxEventLoopDelay: 200, sampleInterval: value as number });
      expect(attempt).toThrow(RangeError);
      expect(attempt).toThrow(new RangeError(`${interval} ${shown}`));
    });

    it('checks sampleInterval even when the delay is not monitored', () => {
      expect(() => create({ sampleInterval: Number.NaN })).toThrow(new RangeError(`${interval} NaN`));
    });

    it.each(badDelays)('throws a RangeError naming maxEventLoopDelay for %s', (value, shown) => {
      const attempt = () => create({ maxEventLoopDelay: value as number });
      expect(attempt).toThrow(RangeError);
      expect(attempt).toThrow(new RangeError(`${delay} ${shown}`));
    });

    it('throws a TypeError naming the option for a value that is not a number', () => {
      expect(() => create({ sampleInterval: '1000' as unknown as number })).toThrow(
        new TypeError('serviceUnavailable: `sampleInterval` must be an integer number of milliseconds from 10 to 60000, not a string'),
      );
      expect(() => create({ maxEventLoopDelay: '200' as unknown as number })).toThrow(
        new TypeError('serviceUnavailable: `maxEventLoopDelay` must be a finite number of milliseconds above 0, not a string'),
      );
    });

    it('accepts the bounds, 10 and 60000 ms, a threshold just above 0, and undefined or null as not given', () => {
      const accepted: NumericOptions[] = [
        { maxEventLoopDelay: 200, sampleInterval: 10 },
        { maxEventLoopDelay: 200, sampleInterval: 60_000 },
        { maxEventLoopDelay: Number.MIN_VALUE },
        { maxEventLoopDelay: Number.MAX_VALUE, sampleInterval: 1000 },
        { maxEventLoopDelay: undefined, sampleInterval: undefined },
        { maxEventLoopDelay: null as unknown as number, sampleInterval: null as unknown as number },
      ];
      for (const options of accepted) expect(() => create(options).close()).not.toThrow();
    });
  });

  it('with the shortest interval, 10 ms, a blocked event loop still turns into a 503', async () => {
    const guard = createOverloadGuard({ maxEventLoopDelay: 100, sampleInterval: 10, retryAfter: 1 });
    try {
      // A histogram does not record before its first tick.
      await sleep(50);
      blockEventLoop(BLOCK_MS);
      // The block shows in the first sample after it (the sampler's timer runs once the block ends) and lasts one
      // 10 ms interval: poll every millisecond until the 503 is seen, then until it is gone.
      const statusAfter = async () => {
        await sleep(1);
        return guard.check({})?.status ?? 200;
      };
      const seen: number[] = [];
      const deadline = performance.now() + 2000;
      while (performance.now() < deadline && !seen.includes(503)) seen.push(await statusAfter());
      while (performance.now() < deadline && seen.at(-1) !== 200) seen.push(await statusAfter());
      expect(seen).toContain(503);
      expect(seen.at(-1)).toBe(200);
    } finally {
      guard.close();
    }
  });
});
