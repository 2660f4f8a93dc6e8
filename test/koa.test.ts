// What only the Koa adapter does; the shared behaviour is in test/contract/ (run on Koa 2 and 3 too).
import Koa, { type Context } from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotFound, type HttpError } from '../src/index.js';
import { createErrorHandler, errorHandler, type KoaErrorHandlerOptions } from '../src/adapters/koa/index.js';
import { listen, readResponse, type TestServer } from './contract/server.js';

describe.each([
  ['Koa 2', Koa2],
  ['Koa 3', Koa],
])('errata/koa on %s', (_name, KoaClass) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A Koa app with errata first, then `route`; errors Koa emits are collected instead of logged. */
  function app(route: Koa.Middleware, options?: KoaErrorHandlerOptions) {
    const koa = new KoaClass();
    const emitted: Array<[unknown, Context]> = [];
    koa.on('error', (error: unknown, ctx: Context) => void emitted.push([error, ctx]));
    koa.use(options ? createErrorHandler(options) : errorHandler);
    koa.use(route);
    return { koa, emitted, callback: koa.callback() };
  }

  it("emits 'error' with (err, ctx) once for a 5xx, as Koa's own handling does", async () => {
    const original = new Error('database down');
    let seen: Context | undefined;
    const { emitted, callback } = app((ctx) => {
      seen = ctx;
      throw original;
    });
    const res = await request(callback).get('/x');
    expect(res.status).toBe(500);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.[0]).toBe(original);
    expect(emitted[0]?.[1]).toBe(seen);
  });

  it("does not emit 'error' for a 4xx unless emitClientErrors is set", async () => {
    const quiet = app(() => {
      throw new NotFound();
    });
    await request(quiet.callback).get('/x').expect(404);
    await request(quiet.callback).get('/unhandled-404').expect(404);
    expect(quiet.emitted).toHaveLength(0);

    const loud = app(() => {
      throw new NotFound('User 1 does not exist');
    }, { emitClientErrors: true });
    await request(loud.callback).get('/x').expect(404);
    expect(loud.emitted).toHaveLength(1);
    expect((loud.emitted[0]?.[0] as HttpError).message).toBe('User 1 does not exist');
  });

  it('answers an unhandled request with a NotFound in the negotiated format, and leaves handled ones alone', async () => {
    const { callback } = app((ctx) => {
      if (ctx.path === '/empty') ctx.status = 204;
      if (ctx.path === '/hello') ctx.body = 'hello';
    });
    const missing = await request(callback).get('/nope?q=1').set('Accept', 'text/plain');
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/^404 Not Found\n\nCannot GET \/nope\n/);
    await request(callback).get('/empty').expect(204);
    const hello = await request(callback).get('/hello').expect(200);
    expect(hello.text).toBe('hello');
  });

  it('passes ctx to onError and requestId', async () => {
    let seen: Context | undefined;
    const onError = vi.fn();
    const requestId = vi.fn((_ctx: Context) => 'koa-custom-1');
    const { callback } = app((ctx) => {
      seen = ctx;
      throw new NotFound();
    }, { onError, requestId });
    const res = await request(callback).get('/x');
    expect(res.headers['x-request-id']).toBe('koa-custom-1');
    expect(requestId).toHaveBeenCalledWith(seen);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ request: seen, requestId: 'koa-custom-1' });
  });

  it('falls back to ctx.state.requestId when X-Request-Id is absent or unsafe', async () => {
    const { callback } = app((ctx) => {
      ctx.state.requestId = 'state-id-9';
      throw new NotFound();
    });
    const absent = await request(callback).get('/x');
    expect(absent.headers['x-request-id']).toBe('state-id-9');
    expect(absent.body.requestId).toBe('state-id-9');
    const unsafe = await request(callback).get('/x').set('X-Request-Id', 'not safe!');
    expect(unsafe.headers['x-request-id']).toBe('state-id-9');
    const header = await request(callback).get('/x').set('X-Request-Id', 'from-header');
    expect(header.headers['x-request-id']).toBe('from-header');
  });

  it('after the headers were sent: closes the connection (the client does not hang), calls onError, and serves the next request', async () => {
    const onError = vi.fn();
    const { koa } = app(async (ctx) => {
      if (ctx.path === '/ok') {
        ctx.body = 'fine';
        return;
      }
      ctx.status = 200;
      ctx.res.setHeader('Content-Type', 'text/plain');
      ctx.res.write('first half of the body, ');
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('disk read failed');
    }, { onError });
    server = await listen(koa.callback());
    // Koa's own onerror would leave this response open; readResponse fails after 3 s if it does.
    const res = await readResponse(server.url, '/stream', 3000);
    expect(res.body).toBe('first half of the body, ');
    expect(res.complete).toBe(false);
    expect(onError).toHaveBeenCalledTimes(1);
    const next = await readResponse(server.url, '/ok');
    expect(next).toEqual({ status: 200, body: 'fine', complete: true });
  });
});
