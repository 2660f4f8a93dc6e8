// The options of createErrorHandler, the same on every adapter: run against every framework of frameworks.ts in this
// process, and against Hono and the Fetch entry served by Bun and Deno in their own processes (runtimes/remote.ts).
// Options with functions are named by a preset (runtimes/presets.ts) that both sides build; what those functions
// receive, and what errata writes to stderr, is read back the same way from both, so every assertion runs on each.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalog } from '../../src/index.js';
import { DE_404, DE_500, DE_500_DESCRIPTION } from '../fixtures/de-catalog.js';
import { frameworks, type Framework, type RemoteFramework } from './frameworks.js';
import { optionRoutes, optionsOf, type Call, type PlainOptions, type PresetName } from './runtimes/presets.js';
import { remoteFrameworks, unusable } from './runtimes/remote.js';
import { listen } from './server.js';

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';

/** A running app of the options suite, wherever it runs. */
interface OptionsApp {
  url: string;
  /** What the preset's onError and logger were called with so far. */
  calls: () => Promise<Call[]>;
  /** The errata reports written to stderr since the app started. */
  stderr: () => Promise<string[]>;
  close: () => Promise<void>;
}

interface Target {
  name: string;
  /** Why this target cannot run here, when it cannot. */
  unusable: string | undefined;
  start: (plain: PlainOptions, preset: PresetName) => Promise<OptionsApp>;
}

// Every errata report this process writes to stderr (or console.error) during a test, kept off the terminal.
let written: string[] = [];
beforeEach(() => {
  written = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('errata:')) {
      written.push(String(chunk));
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  // An adapter's default 5xx line goes through console.error, which vitest takes over before it reaches stderr.
  const error = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).startsWith('errata:')) written.push(`${args.map(String).join(' ')}\n`);
    else error(...args);
  });
});
afterEach(() => vi.restoreAllMocks());

function inProcess(framework: Framework): Target {
  return {
    name: framework.name,
    unusable: undefined,
    start: async (plain, preset) => {
      const calls: Call[] = [];
      const from = written.length;
      const server = await listen(framework.app(optionRoutes, optionsOf(preset, plain, (call) => void calls.push(call))));
      return { url: server.url, calls: async () => [...calls], stderr: async () => written.slice(from), close: server.close };
    },
  };
}

function inRuntime(framework: RemoteFramework & { runtime: Parameters<typeof unusable>[0] }): Target {
  return {
    name: framework.name,
    unusable: unusable(framework.runtime),
    start: (plain, preset) => framework.remote(plain, { routes: 'options', preset }),
  };
}

const targets: readonly Target[] = [...frameworks.map(inProcess), ...remoteFrameworks.map(inRuntime)];
for (const target of targets) if (target.unusable !== undefined) console.warn(`Skipping the options on ${target.name}: ${target.unusable}`);

function onErrorCalls(calls: readonly Call[]) {
  return calls.flatMap((call) => (call.on === 'onError' ? [call] : []));
}
function loggerCalls(calls: readonly Call[]) {
  return calls.flatMap((call) => (call.on === 'logger' ? [call] : []));
}

for (const target of targets) describe(`${target.name}: options${target.unusable === undefined ? '' : ` (skipped: ${target.unusable})`}`, { skip: target.unusable !== undefined }, () => {
  let server: OptionsApp | undefined;
  async function app(plain: PlainOptions, preset: PresetName = 'none'): Promise<string> {
    server = await target.start(plain, preset);
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
    const res = await request(await app({ production: true }, 'catalog')).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Nothing Here', message: 'Cannot GET /nope', description: 'No such thing.', retryable: false });
  });

  it('body keeps a team\'s own JSON shape; status, headers and Content-Length are errata\'s, and a 5xx stays hidden', async () => {
    const url = await app({ production: true }, 'body: statusCode shape');
    const missing = await request(url).get('/missing').set('Accept', 'application/json');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.text).toBe('{"statusCode":404,"error":"Not Found","message":"User 7 does not exist"}');
    expect(missing.headers['content-length']).toBe(String(Buffer.byteLength(missing.text)));
    const broken = await request(url).get('/broken').set('Accept', 'application/json');
    expect(broken.text).toBe('{"statusCode":500,"error":"Internal Server Error","message":"Internal Server Error"}');
    // problem+json without a mapper keeps errata's body.
    const problem = await request(url).get('/missing').set('Accept', 'application/problem+json');
    expect(JSON.parse(problem.text)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'User 7 does not exist' });
  });

  it('description: false leaves the description out; problemFieldErrors: errors sends RFC 9457 pointers', async () => {
    const url = await app({ production: true, description: false, problemFieldErrors: 'errors' });
    const json = await request(url).get('/missing').set('Accept', 'application/json');
    expect(json.body).toEqual({ status: 404, error: 'Not Found', message: 'User 7 does not exist', retryable: false });
    const invalid = await request(url).get('/invalid').set('Accept', 'application/problem+json');
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.text)).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Validation failed',
      instance: '/invalid',
      retryable: false,
      errors: [{ detail: 'Invalid email address', pointer: '#/user/email' }],
    });
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
      // The preset's function returns 'from-fn-1', then 'not safe\u0000'.
      const url = await app({}, 'requestId: function');
      const safe = await request(url).get('/missing').set('X-Request-Id', 'from-header');
      expect(safe.headers['x-request-id']).toBe('from-fn-1');
      expect(safe.body.requestId).toBe('from-fn-1');
      const unsafe = await request(url).get('/missing');
      expect(unsafe.headers['x-request-id']).toBeUndefined();
      expect(unsafe.body.requestId).toBeUndefined();
    });

    it('a throwing requestId function is reported once and the response has no id', async () => {
      const res = await request(await app({}, 'requestId: throws')).get('/missing');
      const lines = (await server?.stderr()) ?? [];
      expect(res.status).toBe(404);
      expect(res.body.requestId).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: requestId failed: Error: id store down/);
    });
  });

  describe('onError', () => {
    it('is called once per error with the errata error, the original and the request id', async () => {
      const url = await app({}, 'onError: records');
      await request(url).get('/broken').set('X-Request-Id', 'r-1').expect(500);
      await request(url).get('/missing').expect(404);
      const calls = onErrorCalls((await server?.calls()) ?? []);
      expect(calls).toHaveLength(2);
      expect(calls[0]?.error).toMatchObject({ class: 'InternalServerError', status: 500 });
      expect(calls[0]?.original).toEqual({ class: 'Error', message: 'database password=hunter2' });
      expect(calls[0]?.requestId).toBe('r-1');
      expect(calls[1]?.error).toEqual({ class: 'NotFound', status: 404, message: 'User 7 does not exist' });
    });

    it('an async onError does not delay the response', async () => {
      // The preset's onError returns a promise that never settles.
      const res = await request(await app({}, 'onError: pending')).get('/missing');
      expect(res.status).toBe(404);
      expect(onErrorCalls((await server?.calls()) ?? [])).toHaveLength(1);
    });

    it.each([
      ['throws', 'onError: throws'],
      ['rejects', 'onError: rejects'],
    ] as const)('that %s is written once to stderr and the response is unchanged', async (_how, preset) => {
      const expected = await request(await app({ production: true })).get('/missing');
      await server?.close();
      const res = await request(await app({ production: true }, preset)).get('/missing');
      // A rejection is reported when it settles, which may be after the response.
      await vi.waitFor(async () => expect((await server?.stderr())?.length).toBeGreaterThan(0), { timeout: 2000, interval: 10 });
      const lines = (await server?.stderr()) ?? [];
      expect(res.status).toBe(404);
      expect(res.text).toBe(expected.text);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: onError failed: Error: alerting down/);
    });
  });

  describe('logger', () => {
    it('logs 5xx at error and 4xx at warn, with the request id and the original error under err', async () => {
      const url = await app({}, 'logger: records');
      await request(url).get('/broken').set('X-Request-Id', 'log-1').expect(500);
      await request(url).get('/missing').set('X-Request-Id', 'log-2').expect(404);
      const calls = loggerCalls((await server?.calls()) ?? []);
      expect(calls.map(({ level }) => level)).toEqual(['error', 'warn']);
      expect(calls[0]?.object).toMatchObject({ requestId: 'log-1', status: 500, err: { class: 'Error', message: 'database password=hunter2' } });
      expect(calls[1]?.object).toMatchObject({ requestId: 'log-2', status: 404 });
      expect(calls[1]?.object.err.message).toBe('User 7 does not exist');
      expect(calls[1]?.message).toBe('User 7 does not exist');
    });

    it('logLevel picks the level, or false not to log', async () => {
      const url = await app({}, 'logger: records, logLevel skips 404s and logs the rest at info');
      await request(url).get('/missing').expect(404);
      await request(url).get('/broken').expect(500);
      expect(loggerCalls((await server?.calls()) ?? []).map(({ level }) => level)).toEqual(['info']);
    });

    it('a throwing logger is reported once and does not change the response', async () => {
      const expected = await request(await app({ production: true })).get('/broken');
      await server?.close();
      const res = await request(await app({ production: true }, 'logger: throws')).get('/broken');
      const lines = (await server?.stderr()) ?? [];
      expect(res.status).toBe(500);
      expect(res.text).toBe(expected.text);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: logger failed: Error: log sink full/);
    });
  });

  describe('map', () => {
    it('turns errors errata does not know into errata errors, by class or predicate, the first match winning', async () => {
      const url = await app({ production: true }, 'map');
      const byClass = await request(url).get('/db-timeout');
      expect(byClass.status).toBe(503);
      expect(byClass.headers['retry-after']).toBe('5');
      expect(byClass.body).toEqual({
        status: 503,
        error: 'Service Unavailable',
        message: 'Service Unavailable',
        description: catalog[503]?.description,
        retryable: true,
        retryAfter: 5,
      });
      const byPredicate = await request(url).get('/refused');
      expect(byPredicate.status).toBe(502);
      expect(byPredicate.body).toEqual({ status: 502, error: 'Bad Gateway', message: 'Bad Gateway', description: catalog[502]?.description, retryable: true });
      // Only the last mapping matches a plain Error.
      const last = await request(url).get('/broken');
      expect(last.status).toBe(410);
      expect(last.text).not.toContain('hunter2');
    });

    it('never maps errata errors, even with a mapping that matches every Error', async () => {
      const res = await request(await app({ production: true }, 'map')).get('/missing');
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('User 7 does not exist');
    });

    it('a throwing mapping is reported once and the error is answered as unmapped', async () => {
      const res = await request(await app({ production: true }, 'map: throws')).get('/broken');
      const lines = (await server?.stderr()) ?? [];
      expect(res.status).toBe(500);
      expect(res.body.message).toBe('Internal Server Error');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^errata: error map failed: Error: mapper bug/);
    });
  });

  describe('catalogs', () => {
    it('answer in the locale Accept-Language asks for, fall back field by field, and say so in Content-Language and Vary', async () => {
      const url = await app({ production: true }, 'catalogs');
      const german = await request(url).get('/missing').set('Accept-Language', 'de-AT, en;q=0.5');
      expect(german.status).toBe(404);
      expect(german.headers['content-language']).toBe('de');
      expect(german.headers.vary).toBe('Accept, Accept-Language');
      // The German catalogue gives a 404 only its message: the description is the default locale's.
      expect(german.body).toEqual({ status: 404, error: DE_404, message: 'User 7 does not exist', description: D404, retryable: false });
      const broken = await request(url).get('/broken').set('Accept-Language', 'de');
      expect(broken.body).toEqual({ status: 500, error: DE_500, message: DE_500, description: DE_500_DESCRIPTION, retryable: catalog[500]?.retryable });
    });

    it('answer a language nothing offers, or none, in the default locale', async () => {
      const url = await app({ production: true }, 'catalogs');
      for (const acceptLanguage of ['fr', undefined]) {
        let test = request(url).get('/missing');
        if (acceptLanguage !== undefined) test = test.set('Accept-Language', acceptLanguage);
        const res = await test;
        expect(res.headers['content-language']).toBe('en');
        expect(res.headers.vary).toBe('Accept, Accept-Language');
        expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'User 7 does not exist', description: D404, retryable: false });
      }
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
