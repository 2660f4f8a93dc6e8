import { runInNewContext } from 'node:vm';
import type Koa from 'koa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadRequest } from '../../src/index.js';
import { listen, type TestServer } from '../contract/server.js';
import { nodeGet, trustFrameworks } from './support/apps.js';

const expressOnly = trustFrameworks.filter((framework) => framework.family === 'express');
const koaOnly = trustFrameworks.filter((framework) => framework.family === 'koa');

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe.each(trustFrameworks)('$name: what is reported', (framework) => {
  it('keeps an error from another realm (a vm context) as the error it is, with its stack, for the logger and the development body', async () => {
    const foreign = runInNewContext('(function failing() { return new TypeError("from another realm"); })()') as Error;
    expect(foreign instanceof Error).toBe(false);
    const logged: unknown[] = [];
    const logger = { error: (object: Record<string, unknown>) => void logged.push(object.err) };
    server = await listen(framework.app(() => foreign, { production: false, logger }));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(500);
    expect(logged).toEqual([foreign]);
    expect(JSON.parse(res.body).stack).toBe(foreign.stack);
    expect(foreign.stack).toMatch(/^TypeError: from another realm\n\s+at failing/);
  });

  it('with no production option and NODE_ENV=test, answers as production: no stack, no 5xx message', async () => {
    vi.stubEnv('NODE_ENV', 'test');
    server = await listen(framework.app(() => new Error('db password rejected'), { logger: false }));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('password');
    expect(JSON.parse(res.body)).toEqual({
      status: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
      description: 'The server has encountered a situation it does not know how to handle.',
      retryable: false,
    });
  });

  it('with NODE_ENV unset, answers as production too', async () => {
    vi.stubEnv('NODE_ENV', undefined);
    server = await listen(framework.app(() => new Error('db password rejected'), { logger: false }));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.body).not.toContain('password');
    expect(JSON.parse(res.body).stack).toBeUndefined();
  });
});

describe.each(expressOnly)('$name: a 5xx is never silent', (framework) => {
  it('with neither logger nor onError, writes each 5xx to stderr with its stack and request id, one block per error', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server = await listen(framework.app(() => new Error('db password rejected'), { logger: undefined }));
    await nodeGet(`${server.url}/orders?id=1`, { 'X-Request-Id': 'req-42' });
    expect(stderr).toHaveBeenCalledTimes(1);
    const block = String(stderr.mock.calls[0]?.[0]);
    expect(block).toMatch(/^errata: 500 on GET \/orders \(request id req-42\)\nError: db password rejected\n\s+at /);
    expect(block).not.toContain('id=1');
  });

  it('keeps 4xx quiet', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server = await listen(framework.app(() => new BadRequest(), { logger: undefined }));
    await nodeGet(`${server.url}/x`);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('writes nothing with logger: false, or when onError or a logger is given (they report instead)', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const onError = vi.fn();
    const logger = { error: vi.fn() };
    for (const options of [{ logger: false as const }, { onError, logger: undefined }, { logger }]) {
      server = await listen(framework.app(() => new Error('boom'), options));
      await nodeGet(`${server.url}/x`);
      await server.close();
      server = undefined;
    }
    expect(stderr).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});

describe.each(koaOnly)("$name: the app's 'error' event", (framework) => {
  it('says what was thrown when it is not an Error, as Koa does', async () => {
    const emitted: Error[] = [];
    const setup = (app: Koa): void => void app.on('error', (error: Error) => emitted.push(error));
    server = await listen(framework.app(() => ({ code: 'E_QUOTA', tenant: 42 }), {}, setup));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(500);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toBeInstanceOf(Error);
    expect(emitted[0]?.message).toBe('non-error thrown: {"code":"E_QUOTA","tenant":42}');
    expect(res.body).not.toContain('E_QUOTA');
  });

  it('emits a cyclic or unprintable thrown value without failing', async () => {
    const emitted: Error[] = [];
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const setup = (app: Koa): void => void app.on('error', (error: Error) => emitted.push(error));
    server = await listen(framework.app(() => cyclic, {}, setup));
    expect((await nodeGet(`${server.url}/x`)).status).toBe(500);
    expect(emitted[0]?.message).toBe('non-error thrown: [object Object]');
  });
});
