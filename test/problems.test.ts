import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createErrorRenderer,
  defineProblem,
  Forbidden,
  HttpError,
  isHttpError,
  ServiceUnavailable,
  UnprocessableEntity,
  type ErrorBodyMapper,
} from '../src/index.js';
import { listen, type TestServer } from './contract/server.js';
import { checkApps } from './integrations/apps.js';
import { AccountLocked, Maintenance, OutOfCredit } from './support/problems.js';
import { ACCEPT, FORMATS } from './support/accept.js';




const NoMembers = defineProblem({ type: 'urn:example:problems:quota-paused', status: 429, title: 'Quota paused', description: 'Your quota is paused by an administrator.' });

const credit = { balance: 30, accounts: ['/account/12345', '/account/67890'] };

describe('defineProblem: the class', () => {
  it('makes an error of the status class and of the problem class, with the definition\'s text and typed members', () => {
    const error = new OutOfCredit(credit);
    expect(error).toBeInstanceOf(OutOfCredit);
    expect(error).toBeInstanceOf(Forbidden);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AccountLocked);
    expect(new Forbidden()).not.toBeInstanceOf(OutOfCredit);
    expect(isHttpError(error)).toBe(true);
    expect(error.status).toBe(403);
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('You do not have enough credit');
    expect(error.description).toBe('Your balance is lower than the cost of this request. Top up your account, then try again.');
    expect(error.code).toBe('OUT_OF_CREDIT');
    expect(error.type).toBe('https://api.example.com/problems/out-of-credit');
    expect(error.title).toBe('You do not have enough credit');
    expect(error.members).toEqual(credit);
    expect(error.details).toBe(error.members);
    expect(error.expose).toBe(true);
    expect(error.name).toBe('OutOfCreditError');
    expect(OutOfCredit.name).toBe('OutOfCredit');
    expect(OutOfCredit.status).toBe(403);
    expect(OutOfCredit.problem).toMatchObject({ type: 'https://api.example.com/problems/out-of-credit', status: 403, code: 'OUT_OF_CREDIT', name: 'OutOfCredit', retryable: false });
    expect(Object.isFrozen(OutOfCredit.problem)).toBe(true);
  });

  it('takes the status options after the members: its own message, cause, headers, retryAfter', () => {
    const cause = new Error('ledger says 30');
    const error = new OutOfCredit(credit, { message: 'This call costs 50 credits; your balance is 30.', cause, headers: { 'X-Balance': 30 }, retryAfter: 60 });
    expect(error.message).toBe('This call costs 50 credits; your balance is 30.');
    expect(error.cause).toBe(cause);
    expect(error.headers).toEqual({ 'X-Balance': 30, 'Retry-After': '60' });
    expect(error.retryAfter).toBe(60);
    expect(error.retryable).toBe(true);
  });

  it('takes only options when the problem has no members schema', () => {
    const error = new NoMembers({ retryAfter: 3600 });
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(3600);
    expect(error.members).toBeUndefined();
    expect(NoMembers.name).toBe('QuotaPaused');
  });

  it('names the class from the type URI\'s last segment, or from `name`', () => {
    expect(defineProblem({ type: 'https://x.example/p#card-declined', status: 402, title: 'T', description: 'D' }).name).toBe('CardDeclined');
    expect(defineProblem({ type: 'https://x.example/problems/quota/', status: 429, title: 'T', description: 'D' }).name).toBe('Quota');
    expect(defineProblem({ type: 'https://x.example/p/1st-try', status: 400, title: 'T', description: 'D' }).name).toBe('Problem1stTry');
    expect(defineProblem({ type: 'https://x.example/p/x', status: 400, title: 'T', description: 'D', name: 'BadThing' }).name).toBe('BadThing');
  });

  it('keeps the status\'s retryable flag unless the definition says otherwise', () => {
    expect(new Maintenance({ window: '02:00–03:00' }).retryable).toBe(true);
    expect(new OutOfCredit(credit).retryable).toBe(false);
    const Retryable = defineProblem({ type: 'https://x.example/p/busy-ledger', status: 409, title: 'Ledger busy', description: 'Try again.', retryable: true });
    expect(new Retryable().retryable).toBe(true);
    const NotRetryable = defineProblem({ type: 'https://x.example/p/closed', status: 503, title: 'Closed', description: 'For good.', retryable: false });
    expect(new NotRetryable().retryable).toBe(false);
    expect(new NotRetryable({ retryAfter: 5 }).retryable).toBe(true);
  });

  it.each([
    [{ type: 'out-of-credit', status: 403, title: 'T', description: 'D' }, TypeError, /absolute URI/],
    [{ type: '/problems/x', status: 403, title: 'T', description: 'D' }, TypeError, /absolute URI/],
    [{ type: 'https://x.example/ p', status: 403, title: 'T', description: 'D' }, TypeError, /absolute URI/],
    [{ type: 'https://x.example/p', status: 200, title: 'T', description: 'D' }, RangeError, /status 200/],
    [{ type: 'https://x.example/p', status: 499, title: 'T', description: 'D' }, RangeError, /status 499/],
    [{ type: 'https://x.example/p', status: 403, title: '', description: 'D' }, TypeError, /title/],
    [{ type: 'https://x.example/p', status: 403, title: 'T' }, TypeError, /description/],
    [{ type: 'https://x.example/p', status: 403, title: 'T', description: 'D', code: 7 }, TypeError, /code/],
    [{ type: 'https://x.example/p', status: 403, title: 'T', description: 'D', retryable: 'yes' }, TypeError, /retryable/],
    [{ type: 'https://x.example/p', status: 403, title: 'T', description: 'D', members: { balance: 'number' } }, TypeError, /Standard Schema/],
    [{ type: 'https://x.example/p', status: 403, title: 'T', description: 'D', name: 'out of credit' }, TypeError, /identifier/],
  ])('refuses a bad definition with a clear error: %j', (definition, ErrorClass, message) => {
    expect(() => defineProblem(definition as never)).toThrow(ErrorClass);
    expect(() => defineProblem(definition as never)).toThrow(message);
  });

  it('refuses options that are not an object', () => {
    expect(() => new OutOfCredit(credit, 'no' as never)).toThrow(/OutOfCredit: options must be an object/);
    expect(() => new NoMembers({ retryAfter: '30' } as never)).toThrow(/retryAfter must be a number/);
  });
});

describe('defineProblem: members that do not match the schema', () => {
  it('are answered as given in production (nothing is checked where the error is made)', () => {
    const error = new OutOfCredit({ balance: 'thirty' } as never);
    expect(error.members).toEqual({ balance: 'thirty' });
    const response = createErrorRenderer({ production: true })(error, { accept: ACCEPT.json });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).details).toEqual({ balance: 'thirty' });
  });

  it('throw a TypeError naming each failing member in development (NODE_ENV=development)', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      // The flag is read when the module loads: a fresh copy of it, as a development server would load it.
      const { vi } = await import('vitest');
      vi.resetModules();
      const fresh = await import('../src/problems/define-problem.js');
      const Dev = fresh.defineProblem({ type: 'https://x.example/p/out-of-credit', status: 403, title: 'T', description: 'D', members: z.object({ balance: z.number(), accounts: z.array(z.string()) }) });
      expect(() => new Dev({ balance: 'thirty', accounts: [7] } as never)).toThrow(TypeError);
      expect(() => new Dev({ balance: 'thirty', accounts: [7] } as never)).toThrow(/OutOfCredit: members do not match the problem's schema: balance: .+; accounts\.0: /);
      const Taken = fresh.defineProblem({ type: 'https://x.example/p/taken', status: 400, title: 'T', description: 'D', members: z.object({ status: z.number() }) });
      expect(() => new Taken({ status: 7 })).toThrow(/Taken: member names status are taken by the problem body itself/);
      expect(new Dev({ balance: 1, accounts: [] }).members).toEqual({ balance: 1, accounts: [] });
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});

const PATH = '/orders/7';
const JSON_403 = {
  status: 403,
  error: 'Forbidden',
  message: 'You do not have enough credit',
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  retryable: false,
  code: 'OUT_OF_CREDIT',
  details: credit,
};
const PROBLEM_403 = {
  type: 'https://api.example.com/problems/out-of-credit',
  title: 'You do not have enough credit',
  status: 403,
  detail: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  instance: PATH,
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  retryable: false,
  code: 'OUT_OF_CREDIT',
  balance: 30,
  accounts: ['/account/12345', '/account/67890'],
};
const TEXT_403 =
  '403 Forbidden\n\nYou do not have enough credit\nYour balance is lower than the cost of this request. Top up your account, then try again.\n';

describe.each(checkApps)('problems through a real $name server', (app) => {
  let thrown: unknown;
  let server: TestServer;
  let custom: TestServer;
  const fastifyShape: ErrorBodyMapper = (error) => ({ statusCode: error.status, error: error.error, message: error.message, ...(error.code ? { code: error.code } : {}) });
  beforeAll(async () => {
    server = await listen(app.build(() => { throw thrown; }));
    custom = await listen(app.build(() => { throw thrown; }, { production: true, description: false, body: { json: fastifyShape } }));
  });
  afterAll(async () => {
    await server.close();
    await custom.close();
  });

  async function post(base: string, accept: string, method = 'POST'): Promise<Response> {
    return fetch(`${base}/check`, { method, headers: { accept, 'content-type': 'application/json' }, body: method === 'HEAD' ? undefined : '{}' });
  }

  it('answers JSON with the problem\'s code and members as details', async () => {
    thrown = new OutOfCredit(credit);
    const response = await post(server.url, ACCEPT.json);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual(JSON_403);
  });

  it('answers problem+json with the problem\'s own type, title and members (RFC 9457 §3.2 extension members)', async () => {
    thrown = new OutOfCredit(credit);
    const response = await post(server.url, ACCEPT.problem);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ ...PROBLEM_403, instance: '/check' });
    // Members follow errata's own, in the schema's order.
    expect(Object.keys(JSON.parse(text)).slice(-2)).toEqual(['balance', 'accounts']);
  });

  it('answers HTML and text with the status, the problem\'s title and its description, escaped', async () => {
    thrown = new OutOfCredit(credit);
    const html = await (await post(server.url, ACCEPT.html)).text();
    expect(html).toContain('<h1>403 Forbidden</h1><p class="problem">You do not have enough credit</p><p class="description">Your balance is lower');
    expect(html).not.toContain('/account/12345');
    expect(await (await post(server.url, ACCEPT.text)).text()).toBe(TEXT_403);
    const Hostile = defineProblem({ type: 'https://x.example/p/hostile', status: 400, title: '<script>alert(1)</script>', description: '"&\'<b>' });
    thrown = new Hostile();
    const hostile = await (await post(server.url, ACCEPT.html)).text();
    expect(hostile).toContain('<p class="problem">&lt;script&gt;alert(1)&lt;/script&gt;</p><p class="description">&quot;&amp;&#39;&lt;b&gt;</p>');
    expect(hostile).not.toContain('<script>');
  });

  it('sends the error\'s own message as message / detail, the title stays the problem\'s', async () => {
    thrown = new OutOfCredit(credit, { message: 'This call costs 50 credits; your balance is 30.' });
    expect(await (await post(server.url, ACCEPT.json)).json()).toEqual({ ...JSON_403, message: 'This call costs 50 credits; your balance is 30.' });
    expect(await (await post(server.url, ACCEPT.problem)).json()).toEqual({ ...PROBLEM_403, instance: '/check', detail: 'This call costs 50 credits; your balance is 30.' });
  });

  it('hides a 5xx problem\'s members and own message in production, keeps its documented text', async () => {
    thrown = new Maintenance({ window: 'internal-db-7 02:00–03:00' }, { message: 'db7 is being restored from backup' });
    const response = await post(server.url, ACCEPT.problem);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      type: 'https://api.example.com/problems/maintenance',
      title: 'Down for maintenance',
      status: 503,
      detail: 'The service is being upgraded. It will be back shortly.',
      instance: '/check',
      description: 'The service is being upgraded. It will be back shortly.',
      retryable: true,
    });
    expect(body).not.toContain('db7');
    const json = await (await post(server.url, ACCEPT.json)).json();
    expect(json).toEqual({ status: 503, error: 'Service Unavailable', message: 'Down for maintenance', description: 'The service is being upgraded. It will be back shortly.', retryable: true });
  });

  it('sends the problem\'s Retry-After and its own headers', async () => {
    thrown = new NoMembers({ retryAfter: 120, headers: { 'X-Quota': 'paused' } });
    const response = await post(server.url, ACCEPT.problem);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(response.headers.get('x-quota')).toBe('paused');
    expect(await response.json()).toEqual({
      type: 'urn:example:problems:quota-paused',
      title: 'Quota paused',
      status: 429,
      detail: 'Your quota is paused by an administrator.',
      instance: '/check',
      description: 'Your quota is paused by an administrator.',
      retryable: true,
      retryAfter: 120,
    });
  });

  it('custom body: keeps a team\'s { statusCode, error, message } shape, with status, headers and length unchanged', async () => {
    thrown = new OutOfCredit(credit);
    const response = await post(custom.url, ACCEPT.json);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toBe('{"statusCode":403,"error":"Forbidden","message":"You do not have enough credit","code":"OUT_OF_CREDIT"}');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    thrown = new Error('password=hunter2 at db7');
    expect(await (await post(custom.url, ACCEPT.json)).text()).toBe('{"statusCode":500,"error":"Internal Server Error","message":"Internal Server Error"}');
  });

  it('custom body: a format without a mapper keeps errata\'s body; description: false leaves the description out', async () => {
    thrown = new OutOfCredit(credit);
    const { description: _description, detail: _detail, ...rest } = PROBLEM_403;
    expect(await (await post(custom.url, ACCEPT.problem)).json()).toEqual({ ...rest, instance: '/check' });
    expect(await (await post(custom.url, ACCEPT.text)).text()).toBe('403 Forbidden\n\nYou do not have enough credit\n');
  });
});

describe('the body option', () => {
  it('gives the mapper every field after production hiding', () => {
    const seen: unknown[] = [];
    const render = createErrorRenderer({ production: true, problemTypeBase: 'https://api.example.com/problems', body: { problem: (fields) => { seen.push(fields); return { ok: false }; } } });
    render(new ServiceUnavailable('db7 down', { details: { host: 'db7' }, retryAfter: 30 }), { accept: ACCEPT.problem, path: '/x', requestId: 'req-1' });
    expect(seen).toEqual([
      {
        status: 503,
        error: 'Service Unavailable',
        title: 'Service Unavailable',
        message: 'Service Unavailable',
        description: expect.any(String),
        type: 'https://api.example.com/problems/service-unavailable',
        instance: '/x',
        retryable: true,
        retryAfter: 30,
        code: undefined,
        details: undefined,
        requestId: 'req-1',
        stack: undefined,
        name: 'ServiceUnavailable',
      },
    ]);
  });

  it('falls back to errata\'s body, and says why on stderr, when the mapper throws or returns no object', async () => {
    const { vi } = await import('vitest');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const throwing = createErrorRenderer({ production: true, body: { json: () => { throw new Error('mapper broke'); } } });
      expect(JSON.parse(throwing(new Forbidden(), { accept: ACCEPT.json }).body)).toMatchObject({ status: 403, error: 'Forbidden' });
      const nothing = createErrorRenderer({ production: true, body: { json: () => null as never } });
      expect(JSON.parse(nothing(new Forbidden(), { accept: ACCEPT.json }).body)).toMatchObject({ status: 403, error: 'Forbidden' });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const unserialisable = createErrorRenderer({ production: true, body: { json: () => cyclic } });
      expect(JSON.parse(unserialisable(new Forbidden(), { accept: ACCEPT.json }).body)).toMatchObject({ status: 403 });
      const lines = write.mock.calls.map(([line]) => String(line));
      expect(lines.some((line) => line.startsWith('errata: the json body option failed: Error: mapper broke'))).toBe(true);
      expect(lines.some((line) => line.startsWith('errata: the json body option failed: TypeError: it returned null, not an object'))).toBe(true);
      expect(lines.some((line) => line.startsWith('errata: serialising a custom body failed'))).toBe(true);
    } finally {
      write.mockRestore();
    }
  });

  it('refuses a body option that is not json/problem functions, and an unknown problemFieldErrors', () => {
    expect(() => createErrorRenderer({ body: { html: () => ({}) } as never })).toThrow(TypeError);
    expect(() => createErrorRenderer({ body: { json: 'x' } as never })).toThrow(TypeError);
    expect(() => createErrorRenderer({ problemFieldErrors: 'pointer' as never })).toThrow(/problemFieldErrors must be 'details' or 'errors'/);
  });

  it('leaves the HTML and text bodies and HEAD alone', () => {
    const render = createErrorRenderer({ production: true, body: { json: () => ({ x: 1 }) } });
    expect(render(new Forbidden(), { accept: ACCEPT.json, method: 'HEAD' })).toMatchObject({ body: '', headers: { 'Content-Length': '7' } });
    for (const format of FORMATS.filter((f) => f === 'html' || f === 'text')) {
      expect(render(new Forbidden(), { accept: ACCEPT[format] }).body).toBe(createErrorRenderer({ production: true })(new Forbidden(), { accept: ACCEPT[format] }).body);
    }
  });
});

describe('problemFieldErrors: RFC 9457 field errors', () => {
  const invalid = new UnprocessableEntity('Validation failed', {
    details: [
      { field: 'user.email', message: 'Invalid email address', code: 'invalid_format' },
      { field: 'tags.0', message: 'Too short' },
      { field: '', message: 'Unknown key' },
      { field: 'a/b~c', message: 'Escaped' },
    ],
  });

  it('are errata\'s details by default', () => {
    const body = JSON.parse(createErrorRenderer({ production: true })(invalid, { accept: ACCEPT.problem }).body);
    expect(body.details).toHaveLength(4);
    expect(body.errors).toBeUndefined();
  });

  it('are `errors: [{ detail, pointer }]` with JSON Pointers in problem+json when asked; JSON keeps details', () => {
    const render = createErrorRenderer({ production: true, problemFieldErrors: 'errors' });
    const body = JSON.parse(render(invalid, { accept: ACCEPT.problem }).body);
    expect(body.details).toBeUndefined();
    expect(body.errors).toEqual([
      { detail: 'Invalid email address', pointer: '#/user/email', code: 'invalid_format' },
      { detail: 'Too short', pointer: '#/tags/0' },
      { detail: 'Unknown key', pointer: '#' },
      { detail: 'Escaped', pointer: '#/a~1b~0c' },
    ]);
    expect(JSON.parse(render(invalid, { accept: ACCEPT.json }).body).details).toHaveLength(4);
    // Details of another shape stay details.
    expect(JSON.parse(render(new UnprocessableEntity({ details: { limit: 3 } }), { accept: ACCEPT.problem }).body).details).toEqual({ limit: 3 });
  });
});

describe('RFC 9457 field errors read back by the client', () => {
  it('fromResponse turns `errors: [{ detail, pointer }]` into the same details the server had', async () => {
    const details = [
      { field: 'user.email', message: 'Invalid email address', code: 'invalid_format' },
      { field: 'tags.0', message: 'Too short' },
      { field: '', message: 'Unknown key' },
      { field: 'a/b~c', message: 'Escaped' },
    ];
    const render = createErrorRenderer({ production: true, problemFieldErrors: 'errors' });
    const { status, headers, body } = render(new UnprocessableEntity('Validation failed', { details }), { accept: ACCEPT.problem });
    const error = await HttpError.fromResponse(new Response(body, { status, headers }));
    expect(error).toBeInstanceOf(UnprocessableEntity);
    expect(error.details).toEqual(details);
    // Another shape under `errors` is not field errors: nothing is made up.
    const other = await HttpError.fromResponse(new Response(JSON.stringify({ type: 'about:blank', title: 'x', status: 422, errors: [{ detail: 'x', pointer: '/not-a-fragment' }] }), { status: 422, headers: { 'content-type': 'application/problem+json' } }));
    expect(other.details).toBeUndefined();
  });
});
