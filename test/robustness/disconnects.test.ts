import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { appServer, type FrameworkName, type Route } from './support/apps.js';
import { close, listen, rawExchange } from './support/client.js';
import { settle, watchProcess } from './support/process-spies.js';

const FRAMEWORKS: FrameworkName[] = ['Express 4', 'Express 5', 'Koa 2', 'Koa 3'];
// Bounds every wait on the other side of the connection, so a regression fails instead of hanging.
const WAIT_LIMIT = 3_000;

const seen = watchProcess();
const servers: Server[] = [];
const emitWarning = vi.spyOn(process, 'emitWarning');

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

afterAll(async () => {
  await settle();
  expect(seen).toEqual({ uncaughtExceptions: [], unhandledRejections: [], warnings: [] });
  expect(emitWarning).not.toHaveBeenCalled();
  emitWarning.mockRestore();
});

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${WAIT_LIMIT} ms`)), WAIT_LIMIT);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function closed(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.socket.destroyed) resolve();
    else req.socket.once('close', () => resolve());
  });
}

describe.each(FRAMEWORKS)('%s: connections the error handler cannot answer normally', (framework) => {
  it('closes the connection when a route throws after writing half its body, and the next request is fine', async () => {
    const reported: unknown[] = [];
    const halfBody: Route = ({ res }) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('the first half');
      throw new Error('broke midway');
    };
    const server = appServer(framework, { '/half': halfBody }, { production: true, onError: (error) => void reported.push(error.status) }, () => {});
    servers.push(server);
    const port = await listen(server);

    // Keep-alive, so only the server closing the connection ends the exchange before the quiet timeout.
    const { data, closedByServer } = await rawExchange(port, 'GET /half HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', WAIT_LIMIT);
    expect(closedByServer).toBe(true);
    expect(data.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(data).toContain('the first half');
    // Chunked and never finished: no last chunk, so the client knows the body is cut short.
    expect(data).not.toContain('\r\n0\r\n\r\n');
    expect(reported).toEqual([500]);

    const next = await request(`http://127.0.0.1:${port}`).get('/ok');
    expect([next.status, next.text]).toEqual([200, 'ok']);
  });

  it('neither crashes nor warns when the client is gone before the error is written', async () => {
    let started!: () => void;
    const routeStarted = new Promise<void>((resolve) => (started = resolve));
    let finished!: () => void;
    const routeFinished = new Promise<void>((resolve) => (finished = resolve));
    const reported: unknown[] = [];
    const slow: Route = async ({ req }) => {
      started();
      await within(closed(req), 'the client disconnecting');
      setImmediate(finished);
      throw new Error('too late');
    };
    const server = appServer(framework, { '/slow': slow }, { production: true, onError: (error) => void reported.push(error.status) }, () => {});
    servers.push(server);
    const port = await listen(server);

    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => {});
    socket.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await within(routeStarted, 'the route starting');
    socket.destroy();
    await within(routeFinished, 'the route throwing');
    await settle(100);

    expect(reported).toEqual([500]);
    expect(seen).toEqual({ uncaughtExceptions: [], unhandledRejections: [], warnings: [] });
    const next = await request(`http://127.0.0.1:${port}`).get('/ok');
    expect([next.status, next.text]).toEqual([200, 'ok']);
  });
});
