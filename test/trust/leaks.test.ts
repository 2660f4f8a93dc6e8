import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, NotFound } from '../../src/index.js';
import { listen, type TestServer } from '../contract/server.js';
import { nodeGet, trustFrameworks } from './support/apps.js';

const BRAND = Symbol.for('errata.HttpError');
const PROBLEM = { Accept: 'application/problem+json' };

/** An upstream that answers every request with a 500 a backend-for-frontend must not pass on. */
async function upstream(status: number, headers: Record<string, string>, body: unknown): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Sends a request line as given (absolute-form and all) and reads the response head and body until close. */
async function rawTarget(url: string, target: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.end(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nAccept: application/problem+json\r\nConnection: close\r\n\r\n`);
  let data = '';
  socket.setEncoding('utf8');
  for await (const chunk of socket) data += chunk as string;
  const split = data.indexOf('\r\n\r\n');
  return { status: Number(data.split(' ')[1]), body: data.slice(split + 4) };
}

describe.each(trustFrameworks)('$name in production: nothing leaks', (framework) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a foreign 4xx error without expose: true sends the documented text, not its message or details', async () => {
    const secret = Object.assign(new Error('db 10.0.3.7 rejected the token of admin@corp'), { status: 403, details: { host: '10.0.3.7' } });
    server = await listen(framework.app(() => secret, { production: true }));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('10.0.3.7');
    expect(res.body).not.toContain('admin@corp');
    expect(JSON.parse(res.body)).toMatchObject({ status: 403, error: 'Forbidden', message: 'Forbidden' });
  });

  it("a foreign error that says expose: true keeps its message (http-errors' own 4xx do)", async () => {
    const open = Object.assign(new Error('Quota of 5 projects reached'), { status: 403, expose: true });
    server = await listen(framework.app(() => open, { production: true }));
    expect(JSON.parse((await nodeGet(`${server.url}/x`)).body)).toMatchObject({ message: 'Quota of 5 projects reached' });
  });

  it("undici's ResponseError of an upstream 502: the upstream's Set-Cookie, Location, ETag and host never reach the client; Retry-After does", async () => {
    const { Agent, interceptors, request } = await import('undici');
    const up = await upstream(503, { 'Set-Cookie': 'session=upstream', Location: '/internal', 'X-Backend-Host': 'db-7.internal', ETag: '"u1"', 'Content-Disposition': 'attachment', 'Retry-After': '7' }, { error: 'replica lag' });
    try {
      const dispatcher = new Agent().compose(interceptors.responseError());
      server = await listen(
        framework.app(async () => {
          try {
            await request(`${up.url}/data`, { dispatcher });
            return new Error('upstream answered');
          } catch (error) {
            return error;
          }
        }, { production: true }),
      );
      const res = await nodeGet(`${server.url}/x`);
      expect(res.status).toBe(503);
      for (const name of ['set-cookie', 'location', 'x-backend-host', 'etag', 'content-disposition']) expect(res.headers[name]).toBeUndefined();
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body).not.toContain('replica');
    } finally {
      up.server.close();
    }
  });

  it("an unexposed error rebuilt from an upstream's body is described by the catalogue, not the upstream's description", async () => {
    const up = await upstream(500, {}, { status: 500, error: 'Internal Server Error', message: 'db down', description: 'Replica db-7.internal lagging 4000s; failover to 10.0.3.7' });
    try {
      server = await listen(framework.app(async () => HttpError.fromResponse(await fetch(up.url)), { production: true }));
      const res = await nodeGet(`${server.url}/x`);
      expect(res.status).toBe(500);
      expect(res.body).not.toContain('db-7');
      expect(res.body).not.toContain('db down');
      expect(JSON.parse(res.body).description).toBe('The server has encountered a situation it does not know how to handle.');
    } finally {
      up.server.close();
    }
  });

  it.each([
    ['http://user:secret@localhost/foo?x=1', '/foo'],
    ['//evil.example/path?token=1', '/path'],
    ['/plain/path?token=1', '/plain/path'],
  ])('echoes the path alone of the request target %s', async (target, path) => {
    server = await listen(framework.app(() => new NotFound(), { production: true }));
    const res = await rawTarget(server.url, target);
    expect(res.status).toBe(404);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body.instance).toBe(path);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('token');
  });

  it('a forged errata error whose status getter says 404 then 200 never reaches the wire as a success', async () => {
    let reads = 0;
    const forged = {
      [BRAND]: true,
      get status() {
        reads += 1;
        return reads === 1 ? 404 : 200;
      },
      get message() {
        return reads <= 1 ? 'fine' : { toString: () => 'changed' };
      },
    };
    server = await listen(framework.app(() => forged, { production: true }));
    const res = await nodeGet(`${server.url}/x`, PROBLEM);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it("a forged errata error whose status getter throws gets errata's own 500 (no-store, nosniff), not the framework's", async () => {
    const forged = {
      [BRAND]: true,
      get status(): number {
        throw new Error('getter');
      },
    };
    server = await listen(framework.app(() => forged, { production: true }));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(500);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body)).toMatchObject({ status: 500, error: 'Internal Server Error' });
  });
});

describe.each(['express', 'koa'] as const)('%s: the unmatched-route message names the path alone', (family) => {
  let server: TestServer;
  beforeAll(async () => {
    if (family === 'express') {
      const express = (await import('express')).default;
      const { notFound, createErrorHandler } = await import('../../src/adapters/express/index.js');
      const app = express();
      app.use(notFound);
      app.use(createErrorHandler({ production: true, logger: false }));
      server = await listen(app);
    } else {
      const Koa = (await import('koa')).default;
      const { createErrorHandler } = await import('../../src/adapters/koa/index.js');
      const app = new Koa();
      app.use(createErrorHandler({ production: true }));
      server = await listen(app.callback());
    }
  });
  afterAll(() => server.close());

  it.each([
    ['http://user:secret@localhost/foo?x=1', '/foo'],
    ['//evil.example/path?token=1', '/path'],
  ])('for the target %s', async (target, path) => {
    const res = await rawTarget(server.url, target);
    expect(JSON.parse(res.body)).toMatchObject({ detail: `Cannot GET ${path}`, instance: path });
  });
});
