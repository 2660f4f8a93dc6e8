import type { RequestListener } from 'node:http';
import { connect } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound, TooManyRequests } from '../../src/index.js';
import { createErrorHandler } from '../../src/adapters/hono/index.js';
import { listen, type TestServer } from '../contract/server.js';

// errata/hono hands @hono/node-server a plain record of headers when nothing was set before the error, and a
// `Headers` when something was: either way the header lines on the wire are the same, lower-cased and sorted.

/** The raw response head to a GET, the Date line taken out. */
function rawHead(server: TestServer, path: string): Promise<string> {
  const port = Number(new URL(server.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\nDate: [^\r]*/, '')));
    socket.on('error', reject);
  });
}

function app(overrideGlobalObjects: boolean): RequestListener {
  const hono = new Hono();
  hono.onError(createErrorHandler({ production: true }));
  hono.get('/plain', () => {
    throw new NotFound();
  });
  hono.get('/earlier', (c) => {
    c.header('X-Custom', 'kept');
    throw new NotFound();
  });
  hono.get('/own-headers', () => {
    // Two spellings of one name (the later one is sent) and a value with an outer space (sent trimmed).
    throw new TooManyRequests({ retryAfter: 30, headers: { 'x-alpha': '1', 'X-ALPHA': '2', 'X-Zeta': ' spaced ' } });
  });
  return getRequestListener(hono.fetch, { overrideGlobalObjects });
}

for (const overrideGlobalObjects of [true, false]) {
  describe(`errata/hono on @hono/node-server (overrideGlobalObjects: ${overrideGlobalObjects})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await listen(app(overrideGlobalObjects));
    });
    afterAll(() => server.close());

    it('sends the header lines lower-cased and sorted when nothing was set before the error', async () => {
      expect(await rawHead(server, '/plain')).toBe(
        [
          'HTTP/1.1 404 Not Found',
          'cache-control: no-store',
          'content-length: 189',
          'content-type: application/json; charset=utf-8',
          'vary: Accept',
          'x-content-type-options: nosniff',
          'Connection: close',
        ].join('\r\n'),
      );
    });

    it('sends the same lines, with the header set before the error, when one was', async () => {
      expect(await rawHead(server, '/earlier')).toBe(
        [
          'HTTP/1.1 404 Not Found',
          'cache-control: no-store',
          'content-length: 189',
          'content-type: application/json; charset=utf-8',
          'vary: Accept',
          'x-content-type-options: nosniff',
          'x-custom: kept',
          'Connection: close',
        ].join('\r\n'),
      );
    });

    it("sends an error's own headers as Headers would: the later spelling of a name, values trimmed", async () => {
      const head = await rawHead(server, '/own-headers');
      expect(head).toContain('\r\nx-alpha: 2\r\n');
      expect(head).toContain('\r\nx-zeta: spaced\r\n');
      expect(head).toContain('\r\nretry-after: 30\r\n');
      const names = head.split('\r\n').slice(1, -1).map((line) => line.slice(0, line.indexOf(':')));
      expect(names).toEqual([...names].sort());
    });
  });
}
