// Boots each example the way `npm start` does (as a child process, through tsx) and checks a few routes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** Starts an example on a free port and resolves with its base URL, read from the line it prints. */
async function start(file: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', MAINTENANCE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}:\n${output}`));
    });
  });
  return { child, base };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

describe.each([
  ['Express', 'examples/express.ts'],
  ['Koa', 'examples/koa.ts'],
])('the %s example', (_name, file) => {
  let child: ChildProcess | undefined;
  let base = '';
  beforeAll(async () => {
    ({ child, base } = await start(file));
  }, START_TIMEOUT_MS + 5_000);
  afterAll(async () => {
    if (child) await stop(child);
  });

  it('GET /users/1 answers the seeded user on the port it printed', async () => {
    const res = await fetch(`${base}/users/1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '1', name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('GET /users/:id of an unknown user is a 404 naming it', async () => {
    const res = await fetch(`${base}/users/42`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'User 42 does not exist',
      description: 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.',
      retryable: false,
      code: 'USER_NOT_FOUND',
    });
  });

  it('the fourth request to /limited within a minute is a 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${base}/limited`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(last?.headers.get('ratelimit-limit')).toBe('3');
    expect(((await last?.json()) as { retryAfter: number }).retryAfter).toBe(retryAfter);
  });

  it('an invalid user is a 422 with field details', async () => {
    const res = await fetch(`${base}/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"","email":"nope"}' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.message).toBe('The user is not valid');
    expect(body.details).toEqual([
      { field: 'name', message: 'A name is required' },
      { field: 'email', message: 'An email address is required' },
    ]);
  });

  it('an upload over 1 kB is a 413', async () => {
    const res = await fetch(`${base}/upload`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x'.repeat(2048) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Record<string, unknown>).message).toBe('request entity too large');
    const small = await fetch(`${base}/upload`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(small.status).toBe(201);
    expect(await small.json()).toEqual({ received: 5 });
  });

  it('the maintenance switch answers 503 with Retry-After until it is switched off', async () => {
    expect(await (await fetch(`${base}/maintenance`, { method: 'POST' })).json()).toEqual({ maintenance: true });
    const res = await fetch(`${base}/users/1`, { headers: { Accept: 'application/problem+json' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(((await res.json()) as Record<string, unknown>).type).toBe('https://example.com/errors/service-unavailable');
    expect(await (await fetch(`${base}/maintenance`, { method: 'POST' })).json()).toEqual({ maintenance: false });
    expect((await fetch(`${base}/users/1`)).status).toBe(200);
  });

  it('got follows the 429 and the 503: the wait it computes is the Retry-After sent', async () => {
    // Record got's own delay (what it would wait), then wait 50 ms instead of a minute; 0 means got would not retry.
    const computed: [status: number | undefined, delay: number][] = [];
    const client = got.extend({
      throwHttpErrors: false,
      retry: {
        limit: 1,
        calculateDelay: ({ error, computedValue }) => {
          if (computedValue > 0) computed.push([error.response?.statusCode, computedValue]);
          return computedValue > 0 ? 50 : 0;
        },
      },
    });

    for (let i = 0; i < 4 && (await fetch(`${base}/limited`)).status !== 429; i++);
    const limited = await client(`${base}/limited`);
    expect(limited.statusCode).toBe(429);
    expect(computed).toEqual([[429, Number(limited.headers['retry-after']) * 1000]]);

    computed.length = 0;
    expect(await (await fetch(`${base}/maintenance`, { method: 'POST' })).json()).toEqual({ maintenance: true });
    // Maintenance ends while got waits: its retry gets the user.
    const hooks = { beforeRetry: [async () => void (await fetch(`${base}/maintenance`, { method: 'POST' })).arrayBuffer()] };
    const user = await client(`${base}/users/1`, { hooks });
    expect(computed).toEqual([[503, 120_000]]);
    expect(user.statusCode).toBe(200);
    expect(JSON.parse(user.body)).toEqual({ id: '1', name: 'Ada Lovelace', email: 'ada@example.com' });
  });
});

describe('the problems example (examples/problems/)', () => {
  let child: ChildProcess | undefined;
  let base = '';
  beforeAll(async () => {
    ({ child, base } = await start('examples/problems/server.ts'));
  }, START_TIMEOUT_MS + 5_000);
  afterAll(async () => {
    if (child) await stop(child);
  });

  it('an order over the balance is the OutOfCredit problem, with its own type and members', async () => {
    const res = await fetch(`${base}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/problem+json' }, body: '{"cost":500}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toEqual({
      type: 'https://api.example.com/problems/out-of-credit',
      title: 'You do not have enough credit',
      status: 403,
      detail: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
      instance: '/orders',
      description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
      retryable: false,
      code: 'OUT_OF_CREDIT',
      balance: 30,
      cost: 500,
      accounts: ['/accounts/12345'],
    });
  });

  it('the client reads every answer back as the problem class the server threw, members typed', async () => {
    const { run } = await import('../examples/problems/client.js');
    const lines = await run(base);
    expect(lines.slice(0, 5)).toEqual([
      'out of credit: 50 needed, 30 left; top up /accounts/12345',
      '422 Validation failed',
      '401 Unauthorized',
      '401 Unauthorized',
      '401 Unauthorized',
    ]);
    expect(lines[5]).toMatch(/^locked after 3 attempts until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z; retry in 900 s$/);
  });

  it('each problem type URI\'s path serves its documentation page, and /problems/ the index', async () => {
    const page = await fetch(`${base}/problems/out-of-credit`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<title>You do not have enough credit</title>');
    expect(html).toContain('OUT_OF_CREDIT');
    const index = (await (await fetch(`${base}/problems/`)).json()) as Array<{ type: string; href: string | null }>;
    expect(index.map((item) => item.type)).toEqual(
      expect.arrayContaining(['https://api.example.com/problems/out-of-credit', 'https://api.example.com/problems/account-locked', 'https://api.example.com/problems/not-found']),
    );
    for (const item of index) if (item.href !== null) expect((await fetch(`${base}${item.href}`)).status).toBe(200);
  });

  it('its OpenAPI document lists both problems and validates against the OpenAPI 3.1 schema', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as { components: { responses: Record<string, unknown> } };
    expect(Object.keys(document.components.responses)).toEqual(expect.arrayContaining(['OutOfCredit', 'AccountLocked', 'Unauthorized', 'UnprocessableEntity', 'NotFound']));
    const result = await new Validator().validate(document as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });
});
