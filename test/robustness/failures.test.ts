import type { Server } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog, type Catalog } from '../../src/catalog/catalog.js';
import { BadRequest, NotFound } from '../../src/errors/classes.js';
import type { HttpError } from '../../src/errors/http-error.js';
import { appServer, type FrameworkName, type Route, type SharedOptions } from './support/apps.js';
import { close, listen } from './support/client.js';
import { settle, watchProcess } from './support/process-spies.js';
import { captureStderr } from './support/stderr.js';

const NOTE = '[details could not be serialised]';
const NOT_FOUND_DESCRIPTION = catalog[404].description;
const BAD_REQUEST_DESCRIPTION = catalog[400].description;

// What the adapters write when errata's own response cannot be built (src/middleware/last-resort.ts).
const LAST_RESORT = {
  status: 500,
  body: '500 Internal Server Error\n',
  headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '26', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
};

const seen = watchProcess();
const stderr = captureStderr();
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

async function start(framework: FrameworkName, routes: Readonly<Record<string, Route>>, options: SharedOptions = {}) {
  // Production mode: bodies without stacks, so they can be compared exactly.
  const server = appServer(framework, routes, { production: true, ...options });
  servers.push(server);
  return request(`http://127.0.0.1:${await listen(server)}`);
}

function circular(): Record<string, unknown> {
  const details: Record<string, unknown> = { field: 'name' };
  details.self = details;
  return details;
}

const unserialisable: ReadonlyArray<[string, () => unknown]> = [
  ['a circular structure', circular],
  ['a BigInt', () => ({ limit: 10n })],
  [
    'a throwing toJSON',
    () => ({
      toJSON() {
        throw new Error('cannot serialise');
      },
    }),
  ],
];

/** The process saw no crash, no unhandled rejection and no warning. */
async function expectQuietProcess(): Promise<void> {
  await settle();
  expect(seen).toEqual({ uncaughtExceptions: [], unhandledRejections: [], warnings: [] });
}

describe.each<FrameworkName>(['Express 5', 'Koa 3'])('%s: failures inside the error handler', (framework) => {
  describe.each(unserialisable)('details with %s', (_name, makeDetails) => {
    it('still answers, with the details replaced by a note, and onError receives the original', async () => {
      const details = makeDetails();
      const thrown = new BadRequest('bad input', { details });
      const received: Array<[HttpError, unknown]> = [];
      const client = await start(framework, { '/fail': () => Promise.reject(thrown) }, { onError: (error, context) => void received.push([error, context.original]) });

      const json = await client.get('/fail').set('Accept', 'application/json');
      expect(json.status).toBe(400);
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(json.text)).toEqual({ status: 400, error: 'Bad Request', message: 'bad input', description: BAD_REQUEST_DESCRIPTION, retryable: false, details: NOTE });

      const problem = await client.get('/fail').set('Accept', 'application/problem+json');
      expect(problem.status).toBe(400);
      expect(JSON.parse(problem.text)).toMatchObject({ status: 400, title: 'Bad Request', detail: 'bad input', details: NOTE });

      expect(received).toHaveLength(2);
      expect(received[0]![0]).toBe(thrown);
      expect(received[0]![0].details).toBe(details);
      expect(received[0]![1]).toBe(thrown);
      await expectQuietProcess();
    });
  });

  const notFoundBody = { status: 404, error: 'Not Found', message: 'no such user', description: NOT_FOUND_DESCRIPTION, retryable: false };
  const failingHooks: ReadonlyArray<[string, SharedOptions, string]> = [
    [
      'an onError that throws',
      {
        onError: () => {
          throw new Error('onError broke');
        },
      },
      'errata: onError failed: Error: onError broke',
    ],
    ['an onError that rejects', { onError: () => Promise.reject(new Error('onError rejected')) }, 'errata: onError failed: Error: onError rejected'],
    [
      'a logger that throws',
      {
        logger: {
          warn: () => {
            throw new Error('logger broke');
          },
        },
      },
      'errata: logger failed: Error: logger broke',
    ],
    [
      'a logLevel that throws',
      {
        logger: { warn: () => {} },
        logLevel: () => {
          throw new Error('logLevel broke');
        },
      },
      'errata: logger failed: Error: logLevel broke',
    ],
    [
      'a requestId function that throws',
      {
        requestId: () => {
          throw new Error('requestId broke');
        },
      },
      'errata: requestId failed: Error: requestId broke',
    ],
  ];

  it.each(failingHooks)('answers correctly despite %s, and reports the failure to stderr', async (_name, options, report) => {
    const client = await start(framework, { '/fail': () => Promise.reject(new NotFound('no such user')) }, options);
    const response = await client.get('/fail').set('Accept', 'application/json');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual(notFoundBody);
    await expectQuietProcess();
    expect(stderr.lines().some((line) => line.startsWith(report))).toBe(true);
  });

  it('fills a hand-built catalogue entry without a description from the default catalogue', async () => {
    const partial = { 404: { status: 404, name: 'NotFound', message: 'Nothing here' } } as unknown as Catalog;
    const client = await start(framework, { '/fail': () => Promise.reject(new NotFound()) }, { catalog: partial });
    const json = await client.get('/fail').set('Accept', 'application/json');
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toEqual({ status: 404, error: 'Nothing here', message: 'Nothing here', description: NOT_FOUND_DESCRIPTION, retryable: false });
    const html = await client.get('/fail').set('Accept', 'text/html');
    expect(html.text).toContain('<title>404 Nothing here</title>');
    expect(html.text).toContain(`<p class="description">${NOT_FOUND_DESCRIPTION}</p>`);
    await expectQuietProcess();
  });

  it('answers a plain 500 when the catalogue itself throws (the last resort), and the server stays up', async () => {
    const hostile = new Proxy({} as Catalog, {
      get() {
        throw new Error('catalogue unavailable');
      },
    });
    const client = await start(framework, { '/fail': () => Promise.reject(new NotFound()) }, { catalog: hostile });
    for (const accept of ['application/json', 'text/html']) {
      const response = await client.get('/fail').set('Accept', accept);
      expect(response.status).toBe(LAST_RESORT.status);
      expect(response.text).toBe(LAST_RESORT.body);
      expect(response.headers).toMatchObject(LAST_RESORT.headers);
    }
    const head = await client.head('/fail');
    expect([head.status, head.headers['content-type'], head.text]).toEqual([500, 'text/plain; charset=utf-8', undefined]);
    expect((await client.get('/ok')).text).toBe('ok');
    expect(stderr.lines().some((line) => line.startsWith('errata: error response failed: Error: catalogue unavailable'))).toBe(true);
    await expectQuietProcess();
  });

  // Any object can carry errata's global brand (Symbol.for): these pass as errata errors without being ones.
  const forgeries: ReadonlyArray<[string, object]> = [
    ['an invalid status', { [Symbol.for('errata.HttpError')]: true, status: 'abc', message: 'secret detail' }],
    ['a message that is not text', { [Symbol.for('errata.HttpError')]: true, status: 500, statusCode: 500, expose: true, message: 42, headers: {} }],
  ];

  it.each(forgeries)('answers a plain object with the errata brand and %s with errata\'s own 500', async (_name, forged) => {
    const client = await start(framework, { '/fail': () => Promise.reject(forged) });
    const json = await client.get('/fail').set('Accept', 'application/json');
    expect(json.status).toBe(500);
    expect(JSON.parse(json.text)).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: catalog[500].description, retryable: false });
    const html = await client.get('/fail').set('Accept', 'text/html');
    expect(html.status).toBe(500);
    expect(html.text).toContain('<title>500 Internal Server Error</title>');
    await expectQuietProcess();
  });
});

describe('Koa 3: the app\'s error event', () => {
  it('keeps the response when an error listener throws, and emits an Error even for a forged errata brand', async () => {
    const emitted: unknown[] = [];
    const forged = { [Symbol.for('errata.HttpError')]: true, status: 503 };
    const server = appServer('Koa 3', { '/fail': () => Promise.reject(forged) }, { production: true }, (error) => {
      emitted.push(error);
      throw new Error('listener broke');
    });
    servers.push(server);
    const client = request(`http://127.0.0.1:${await listen(server)}`);
    const response = await client.get('/fail').set('Accept', 'application/json');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ status: 503, error: 'Service Unavailable' });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toBeInstanceOf(Error);
    expect(stderr.lines().some((line) => line.startsWith("errata: the app's 'error' listener failed: Error: listener broke"))).toBe(true);
    await expectQuietProcess();
  });
});
