// The Koa adapter at the edges of a response (issue 14, items 2, 3, 5, 6 and the headerSent half of 19): a response
// Koa will not send, one already finished, HTTP/2's HEAD and reset, an explicit empty 404, and what 'error'
// listeners are told when nothing more can be written. On Koa 2 and 3, through real sockets.
import { execFile } from 'node:child_process';
import { constants as http2Constants } from 'node:http2';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BadGateway, NotFound } from '../src/index.js';
import { createErrorHandler } from '../src/adapters/koa/index.js';
import { errataJson, expectErrataJson } from './peers/support/koa-expected.js';
import { exchange, koaApp, KOA_VERSIONS, serve, TRANSPORTS, type KoaClass } from './peers/support/koa-transport.js';

const EIGHT_MEGABYTES = Buffer.alloc(8 * 1024 * 1024, 'a');
// Bounds each wait for a response, so a hang fails the test instead of stalling it.
const WAIT_LIMIT = 3_000;

/** An app with errata first, collecting what it emits on 'error' and what reaches `onError`. */
function appWithReports(KoaClass: KoaClass) {
  const reported: number[] = [];
  const emitted: Array<Error & { headerSent?: boolean }> = [];
  const app = koaApp(KoaClass, createErrorHandler({ onError: (error) => void reported.push(error.status) }));
  app.on('error', (error: Error) => void emitted.push(error));
  return { app, reported, emitted };
}

interface RawMessage {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sends `requests` pipelined on one connection (the last asks to close it) and reads every response on it, framed
 * by Content-Length, until the server closes the connection.
 */
async function pipelined(url: string, paths: readonly string[]): Promise<{ responses: RawMessage[]; trailing: number }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setTimeout(WAIT_LIMIT, () => socket.destroy(new Error(`the connection stayed open ${WAIT_LIMIT} ms without data`)));
  socket.write(paths.map((path, i) => `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n${i === paths.length - 1 ? 'Connection: close\r\n' : ''}\r\n`).join(''));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const data = Buffer.concat(chunks);
  const responses: RawMessage[] = [];
  let offset = 0;
  while (offset < data.length) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end === -1) break;
    const [statusLine = '', ...lines] = data.subarray(offset, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    const length = Number(headers['content-length']);
    if (!Number.isInteger(length)) break;
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: data.subarray(end + 4, end + 4 + length) });
    offset = end + 4 + length;
  }
  return { responses, trailing: data.length - offset };
}

describe.each(KOA_VERSIONS)('errata/koa at the edges on %s', (_name, KoaClass, major) => {
  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('answers an error thrown after ctx.respond = false, before anything was written, on ctx.res itself (Koa will not respond)', async () => {
      const { app, reported } = appWithReports(KoaClass);
      app.use(async (ctx) => {
        ctx.respond = false;
        await new Promise((resolve) => setImmediate(resolve));
        throw new BadGateway('upstream closed the connection');
      });

      const res = await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expectErrataJson(res, 502);
      expect(reported).toEqual([502]);
    });

    it('answers a HEAD error after ctx.respond = false with the status and headers alone', async () => {
      const { app } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.respond = false;
        throw new BadGateway();
      });

      const res = await exchange(app.callback(), transport, { method: 'HEAD', timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(errataJson(502))));
      expect(res.text).toBe('');
      expect(res.complete).toBe(true);
    });

    it('leaves a response the route finished with ctx.res.end() whole when the route throws afterwards, and reports the error', async () => {
      const { app, reported, emitted } = appWithReports(KoaClass);
      const thrown = new Error('failed after the response was sent');
      app.use((ctx) => {
        ctx.respond = false;
        ctx.res.statusCode = 200;
        ctx.res.end(EIGHT_MEGABYTES);
        throw thrown;
      });

      const res = await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(200);
      expect(res.complete).toBe(true);
      expect(res.body.equals(EIGHT_MEGABYTES)).toBe(true);
      expect(reported).toEqual([500]);
      expect(emitted).toEqual([thrown]);
    });

    it('leaves a 404 the route wrote straight to ctx.res alone, without reporting a NotFound of its own', async () => {
      const { app, reported, emitted } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.res.statusCode = 404;
        ctx.res.setHeader('Content-Type', 'text/plain');
        ctx.res.end('no such page, said the route');
      });

      const res = await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain');
      expect(res.text).toBe('no such page, said the route');
      expect(res.complete).toBe(true);
      expect(reported).toEqual([]);
      expect(emitted).toEqual([]);
    });

    it('sends an explicit empty 404 (ctx.body = null; ctx.status = 404) as Koa does, unreported', async () => {
      const { app, reported } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.body = null;
        ctx.status = 404;
      });

      const res = await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(404);
      expect(res.text).toBe('');
      expect(res.headers).not.toHaveProperty('content-type');
      // Koa 3 frames the empty body with Content-Length: 0; Koa 2 leaves it to the transport.
      if (major === 3) expect(res.headers['content-length']).toBe('0');
      expect(res.complete).toBe(true);
      expect(reported).toEqual([]);
    });

    it('still answers a 404 no route gave a body (ctx.status = 404 alone) with its documented NotFound', async () => {
      const { app, reported } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.status = 404;
      });

      const res = await exchange(app.callback(), transport, { path: '/users/7', timeoutMs: WAIT_LIMIT });
      expectErrataJson(res, 404, 'Cannot GET /users/7');
      expect(reported).toEqual([404]);
    });

    it("tells 'error' listeners headerSent = true when the headers were already sent, on the error that was thrown", async () => {
      const { app, emitted } = appWithReports(KoaClass);
      const thrown = new Error('failed mid-stream');
      app.use((ctx) => {
        ctx.status = 200;
        ctx.flushHeaders();
        throw thrown;
      });

      await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(emitted).toEqual([thrown]);
      expect(emitted[0]?.headerSent).toBe(true);
    });

    it('does not write on a frozen error to say headerSent: listeners get one that says it and reads as the original', async () => {
      const { app, emitted } = appWithReports(KoaClass);
      const thrown = Object.freeze(new BadGateway('upstream cut mid-stream'));
      app.use((ctx) => {
        ctx.status = 200;
        ctx.flushHeaders();
        throw thrown;
      });

      await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(emitted).toHaveLength(1);
      const [error] = emitted;
      expect(error?.headerSent).toBe(true);
      expect(error).toBeInstanceOf(BadGateway);
      expect(error?.message).toBe('upstream cut mid-stream');
      expect((error as BadGateway | undefined)?.status).toBe(502);
      expect(Object.isFrozen(thrown)).toBe(true);
      expect(thrown).not.toHaveProperty('headerSent');
    });

    it('says nothing of headerSent when errata could still answer', async () => {
      const { app, emitted } = appWithReports(KoaClass);
      const thrown = new Error('failed before writing');
      app.use(() => {
        throw thrown;
      });

      const res = await exchange(app.callback(), transport, { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(500);
      expect(emitted).toEqual([thrown]);
      expect(thrown).not.toHaveProperty('headerSent');
    });
  });

  describe('over HTTP/1.1', () => {
    it('answers the next pipelined request after a route finished its response with ctx.res.end() and then threw', async () => {
      const { app, reported } = appWithReports(KoaClass);
      app.use((ctx) => {
        if (ctx.path === '/finished') {
          ctx.respond = false;
          ctx.res.statusCode = 200;
          ctx.res.end(EIGHT_MEGABYTES);
          throw new Error('failed after the response was sent');
        }
        ctx.body = 'next';
      });
      const { url, close } = await serve(app.callback(), 'HTTP/1.1');
      try {
        const { responses, trailing } = await pipelined(url, ['/finished', '/next']);
        expect(responses.map(({ status }) => status)).toEqual([200, 200]);
        expect(responses[0]?.body.equals(EIGHT_MEGABYTES)).toBe(true);
        expect(responses[1]?.body.toString()).toBe('next');
        expect(trailing).toBe(0);
        expect(reported).toEqual([500]);
      } finally {
        await close();
      }
    });

    it('answers the next pipelined request after a route wrote a large 404 straight to ctx.res', async () => {
      const { app, reported } = appWithReports(KoaClass);
      app.use((ctx) => {
        if (ctx.path === '/written-404') {
          ctx.res.statusCode = 404;
          ctx.res.end(EIGHT_MEGABYTES);
          return;
        }
        ctx.body = 'next';
      });
      const { url, close } = await serve(app.callback(), 'HTTP/1.1');
      try {
        const { responses, trailing } = await pipelined(url, ['/written-404', '/next']);
        expect(responses.map(({ status }) => status)).toEqual([404, 200]);
        expect(responses[0]?.body.equals(EIGHT_MEGABYTES)).toBe(true);
        expect(responses[1]?.body.toString()).toBe('next');
        expect(trailing).toBe(0);
        expect(reported).toEqual([]);
      } finally {
        await close();
      }
    });

    it('still cuts a response whose headers were sent but which never finished (the client sees it incomplete)', async () => {
      const { app } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.status = 200;
        ctx.set('Content-Type', 'text/plain');
        ctx.res.write('the first half');
        throw new Error('broke midway');
      });

      const res = await exchange(app.callback(), 'HTTP/1.1', { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(200);
      expect(res.text).toBe('the first half');
      expect(res.complete).toBe(false);
    });
  });

  describe('over HTTP/2', () => {
    it('answers a HEAD request that fails with its status and headers (Node ends a HEAD stream\'s writable side at once)', async () => {
      const { app } = appWithReports(KoaClass);
      app.use(() => {
        throw new NotFound('No such user');
      });

      const res = await exchange(app.callback(), 'HTTP/2', { method: 'HEAD', timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(errataJson(404, 'No such user'))));
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe('');
      expect(res.complete).toBe(true);
    });

    it('answers a HEAD request nothing handled with the NotFound status and headers', async () => {
      const { app } = appWithReports(KoaClass);
      app.use(() => {});

      const res = await exchange(app.callback(), 'HTTP/2', { method: 'HEAD', path: '/nope', timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(errataJson(404, 'Cannot HEAD /nope'))));
      expect(res.text).toBe('');
      expect(res.complete).toBe(true);
    });

    it('causes no process warning: HTTP/2 has no reason phrase, and reading one warns (checked in a fresh process)', async () => {
      const script = fileURLToPath(new URL('./peers/support/koa-h2-warnings.ts', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, String(major)], { timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual([]);
    });

    it('resets a stream cut off after its headers with INTERNAL_ERROR, so the client knows the body is truncated', async () => {
      const { app } = appWithReports(KoaClass);
      app.use((ctx) => {
        ctx.status = 200;
        ctx.set('Content-Type', 'text/plain');
        ctx.res.write('the first half');
        throw new Error('broke midway');
      });

      const res = await exchange(app.callback(), 'HTTP/2', { timeoutMs: WAIT_LIMIT });
      expect(res.status).toBe(200);
      expect(res.resetCode).toBe(http2Constants.NGHTTP2_INTERNAL_ERROR);
      expect(res.complete).toBe(false);
    });
  });
});
