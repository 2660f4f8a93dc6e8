// The options of createErrorHandler, the same on every adapter: run against Express 4, Express 5, Koa 2 and Koa 3.
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineCatalog, InternalServerError, NotFound, ServiceUnavailable, type HttpError } from '../../src/index.js';
import type { ErrorLogger } from '../../src/middleware/options.js';
import { frameworks, type Framework, type RouteAction, type SharedOptions } from './frameworks.js';
import { listen, type TestServer } from './server.js';

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';

const routes = new Map<string, RouteAction>([
  ['/missing', { throws: () => new NotFound('User 7 does not exist') }],
  ['/broken', { throws: () => new Error('database password=hunter2') }],
  ['/maintenance', { throws: () => new ServiceUnavailable() }],
  ['/maintenance-until', { throws: () => new ServiceUnavailable({ retryAfter: 10 }) }],
  [
    '/after-success-headers',
    {
      throws: () => new NotFound(),
      headers: { 'Content-Encoding': 'gzip', ETag: '"v1"', 'Last-Modified': 'Tue, 01 Jan 2030 00:00:00 GMT', 'Access-Control-Allow-Origin': 'https://app.test' },
    },
  ],
]);

/** Every errata line written to stderr while `run` goes on (other output is let through). */
async function stderrLines(run: (lines: readonly string[]) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('errata:')) {
      lines.push(String(chunk));
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  try {
    await run(lines);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

function recordingLogger(): { logger: ErrorLogger; calls: Array<[level: string, object: Record<string, unknown>, message: string | undefined]> } {
  const calls: Array<[string, Record<string, unknown>, string | undefined]> = [];
  const at = (level: string) => (object: Record<string, unknown>, message?: string) => void calls.push([level, object, message]);
  return { logger: { error: at('error'), warn: at('warn'), info: at('info') }, calls };
}

describe.each(frameworks)('$name: options', (framework: Framework) => {
  let server: TestServer | undefined;
  async function app(options: SharedOptions): Promise<string> {
    server = await listen(framework.app(routes, options));
    return server.url;
  }
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('production hides stacks and 5xx messages; development shows both', async () => {
    const production = await request(await app({ production: true })).get('/broken');
    expect(production.status).toBe(500);
    expect(production.text).not.toContain('hunter2');
    expect(production.body.stack).toBeUndefined();
    await server?.close();
    const url = await app({ production: false });
    const development = await request(url).get('/missing');
    expect(development.body.message).toBe('User 7 does not exist');
    // errata's own 4xx capture a stack only with NODE_ENV=development; the 500's original always has one.
    const broken = await request(url).get('/broken');
    expect(broken.body.stack).toMatch(/^Error: [^\n]*hunter2[^\n]*\n\s+at /);
  });

  it('catalog supplies the documented message and description', async () => {
    const catalog = defineCatalog({ 404: { message: 'Nothing Here', description: 'No such thing.' } });
    const res = await request(await app({ catalog, production: true })).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Nothing Here', message: 'Cannot GET /nope', description: 'No such thing.', retryable: false });
  });

  it('formats and defaultFormat limit negotiation and answer anything else in the default', async () => {
    const url = await app({ formats: ['json', 'text'], defaultFormat: 'text', production: true });
    const html = await request(url).get('/missing').set('Accept', 'text/html');
    expect(html.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(html.text).toBe(`404 Not Found\n\nUser 7 does not exist\n${D404}\n`);
    const none = await request(url).get('/missing');
    expect(none.headers['content-type']).toBe('text/plain; charset=utf-8');
    const json = await request(url).get('/missing').set('Accept', 'application/json');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('problemTypeBase gives problem types a URL (a missing trailing slash is added)', async () => {
    const res = await request(await app({ problemTypeBase: 'https://api.test/problems', production: true }))
      .get('/missing')
      .set('Accept', 'application/problem+json');
    expect(res.body.type).toBe('https://api.test/problems/not-found');
  });

  it('retryAfter gives a status a default Retry-After; an error of its own keeps its own', async () => {
    const url = await app({ retryAfter: { 503: 120 }, production: true });
    const fallback = await request(url).get('/maintenance');
    expect(fallback.headers['retry-after']).toBe('120');
    expect(fallback.body.retryAfter).toBe(120);
    const own = await request(url).get('/maintenance-until');
    expect(own.headers['retry-after']).toBe('10');
    expect(own.body.retryAfter).toBe(10);
  });

  describe('requestId', () => {
    it('echoes a short safe X-Request-Id in the header and the body', async () => {
      const res = await request(await app({})).get('/missing').set('X-Request-Id', 'req-42.a_b');
      expect(res.headers['x-request-id']).toBe('req-42.a_b');
      expect(res.body.requestId).toBe('req-42.a_b');
    });

    it.each([
      ['with markup', '<script>alert(1)</script>'],
      ['with spaces', 'a b'],
      ['over 200 characters', 'x'.repeat(201)],
    ])('does not echo an X-Request-Id %s', async (_what, id) => {
      const res = await request(await app({})).get('/missing').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).toBeUndefined();
      expect(res.body.requestId).toBeUndefined();
      expect(res.text).not.toContain(id);
    });

    it('uses a custom function over the header, and drops what it returns when unsafe', async () => {
      const ids = ['from-fn-1', 'not safe\u0000'];
      const url = await app({ requestId: () => ids.shift() });
      const safe = await request(url).get('/missing').set('X-Request-Id', 'from-header');
      expect(safe.headers['x-request-id']).toBe('from-fn-1');
      expect(safe.body.requestId).toBe('from-fn-1');
      const unsafe = await request(url).get('/missing');
      expect(unsafe.headers['x-request-id']).toBeUndefined();
      expect(unsafe.body.requestId).toBeUndefined();
    });

    it('a throwing requestId function is reported once and the response has no id', async () => {
      let res: request.Response | undefined;
      const lines = await stderrLines(async () => {
        res = await request(await app({ requestId: () => { throw new Error('id store down'); } })).get('/missing');
      });
      expect(res?.status).toBe(404);
      expect(res?.body.requestId).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: requestId failed: Error: id store down/);
    });
  });

  describe('onError', () => {
    it('is called once per error with the errata error, the original and the request id', async () => {
      const onError = vi.fn();
      const url = await app({ onError });
      await request(url).get('/broken').set('X-Request-Id', 'r-1').expect(500);
      await request(url).get('/missing').expect(404);
      expect(onError).toHaveBeenCalledTimes(2);
      const [error, context] = onError.mock.calls[0] as [HttpError, { original: unknown; requestId: string }];
      expect(error).toBeInstanceOf(InternalServerError);
      expect(context.original).toEqual(new Error('database password=hunter2'));
      expect(context.requestId).toBe('r-1');
      expect((onError.mock.calls[1]?.[0] as HttpError).message).toBe('User 7 does not exist');
    });

    it('an async onError does not delay the response', async () => {
      let release: () => void = () => undefined;
      const onError = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
      const res = await request(await app({ onError })).get('/missing');
      expect(res.status).toBe(404);
      expect(onError).toHaveBeenCalledTimes(1);
      release();
    });

    it.each([
      ['throws', () => { throw new Error('alerting down'); }],
      ['rejects', () => Promise.reject(new Error('alerting down'))],
    ])('that %s is written once to stderr and the response is unchanged', async (_how, onError) => {
      const expected = await request(await app({ production: true })).get('/missing');
      await server?.close();
      let res: request.Response | undefined;
      const lines = await stderrLines(async (written) => {
        res = await request(await app({ production: true, onError })).get('/missing');
        // A rejection is reported when it settles, which may be after the response.
        await vi.waitFor(() => expect(written.length).toBeGreaterThan(0), { timeout: 2000, interval: 10 });
      });
      expect(res?.status).toBe(404);
      expect(res?.text).toBe(expected.text);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: onError failed: Error: alerting down/);
    });
  });

  describe('logger', () => {
    it('logs 5xx at error and 4xx at warn, with the request id and the original error under err', async () => {
      const { logger, calls } = recordingLogger();
      const url = await app({ logger });
      await request(url).get('/broken').set('X-Request-Id', 'log-1').expect(500);
      await request(url).get('/missing').set('X-Request-Id', 'log-2').expect(404);
      expect(calls.map(([level]) => level)).toEqual(['error', 'warn']);
      expect(calls[0]?.[1]).toMatchObject({ requestId: 'log-1', status: 500, err: new Error('database password=hunter2') });
      expect(calls[1]?.[1]).toMatchObject({ requestId: 'log-2', status: 404 });
      expect((calls[1]?.[1].err as Error).message).toBe('User 7 does not exist');
      expect(calls[1]?.[2]).toBe('User 7 does not exist');
    });

    it('logLevel picks the level, or false not to log', async () => {
      const { logger, calls } = recordingLogger();
      const url = await app({ logger, logLevel: (error) => (error.status === 404 ? false : 'info') });
      await request(url).get('/missing').expect(404);
      await request(url).get('/broken').expect(500);
      expect(calls.map(([level]) => level)).toEqual(['info']);
    });

    it('a throwing logger is reported once and does not change the response', async () => {
      const expected = await request(await app({ production: true })).get('/broken');
      await server?.close();
      let res: request.Response | undefined;
      const logger: ErrorLogger = { error: () => { throw new Error('log sink full'); } };
      const lines = await stderrLines(async () => {
        res = await request(await app({ production: true, logger })).get('/broken');
      });
      expect(res?.status).toBe(500);
      expect(res?.text).toBe(expected.text);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: logger failed: Error: log sink full/);
    });
  });

  it('removes success headers set before the error and keeps the others (CORS)', async () => {
    const res = await request(await app({ production: true })).get('/after-success-headers');
    expect(res.status).toBe(404);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBe('https://app.test');
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: D404, retryable: false });
  });
});
