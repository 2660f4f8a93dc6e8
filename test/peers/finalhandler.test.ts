// pillarjs/finalhandler's own test/test.js (v2.1.1, commit e561b5a), ported: errata's `notFound` + `errorHandler`
// stand where finalhandler was, on Express 4 and Express 5. Where finalhandler calls `finalhandler(req, res)(err)`
// in a plain server, the Express app's first middleware does the same setup and calls `next(err)` (`next()` for a 404).
// Titles are finalhandler's; a title ending in "(by design: …)" asserts errata's documented behaviour instead.
//
// finalhandler runs its suite over http2 as well. Express cannot: its `init` middleware swaps the prototypes of
// `req` and `res` for `http.IncomingMessage` and `http.ServerResponse`, so on `http2.createServer(app)` the
// Http2ServerRequest accessors vanish (`req.url` and `req.method` read `undefined`), the router finds no path and
// calls its own finalhandler, which throws in `ServerResponse.removeHeader`; the stream never gets a `:status`.
// The same happens on Express 4.22 and 5.3 without errata, so there is no http2 variant here.
import express from 'express';
import express4 from 'express4';
import type { NextFunction, Request, Response } from 'express';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createErrorHandler, errorHandler, notFound, type ExpressErrorHandlerOptions } from '../../src/adapters/express/index.js';
import { createError as createHttpError, type HttpError } from '../../src/index.js';
import { listen, readResponse, type TestServer } from '../contract/server.js';
import { createError, createSlowWriteStream, rawGet } from './support/finalhandler-utils.js';

type Setup = (req: Request, res: Response, next: NextFunction) => void;

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';

describe.each([
  ['Express 4', express4],
  ['Express 5', express],
])('finalhandler test/test.js on %s', (_name, framework) => {
  /**
   * finalhandler's `createServer(err, opts)`: a function is the route's setup, anything else is passed on as
   * `next(err)` (nothing at all: `next()`, a 404). `opts` chooses `createErrorHandler(opts)` over `errorHandler`.
   */
  function createServer(err?: unknown, opts?: ExpressErrorHandlerOptions): RequestListener {
    const app = framework();
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (typeof err === 'function') (err as Setup)(req, res, next);
      else next(err);
    });
    app.use(notFound);
    app.use(opts ? createErrorHandler(opts) : errorHandler);
    return app;
  }

  /** What every errata error body says first: its status and the documented title. */
  function expectError(res: { status: number; body: unknown }, status: number, title: string): void {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status, error: title });
  }

  describe('headers', () => {
    it('should ignore err.headers without status code', async () => {
      const res = await request(createServer(createError('oops!', { headers: { 'X-Custom-Header': 'foo' } }))).get('/');
      expectError(res, 500, 'Internal Server Error');
      expect(res.headers['x-custom-header']).toBeUndefined();
    });

    it('should ignore err.headers with invalid res.status', async () => {
      const res = await request(createServer(createError('oops!', { headers: { 'X-Custom-Header': 'foo' }, status: 601 }))).get('/');
      expectError(res, 500, 'Internal Server Error');
      expect(res.headers['x-custom-header']).toBeUndefined();
    });

    it('should ignore err.headers with invalid res.statusCode', async () => {
      const res = await request(createServer(createError('oops!', { headers: { 'X-Custom-Header': 'foo' }, statusCode: 601 }))).get('/');
      expectError(res, 500, 'Internal Server Error');
      expect(res.headers['x-custom-header']).toBeUndefined();
    });

    it("should include err.headers with err.status (by design: a foreign error passes only the headers that describe the error; an errata error's own headers all pass)", async () => {
      const headers = { 'X-Custom-Header': 'foo=500', 'X-Custom-Header2': 'bar' };
      const foreign = await request(createServer(createError('oops!', { headers, status: 500 }))).get('/');
      expectError(foreign, 500, 'Internal Server Error');
      expect(foreign.headers['x-custom-header']).toBeUndefined();
      expect(foreign.headers['x-custom-header2']).toBeUndefined();
      const own = await request(createServer(createHttpError(500, 'oops!', { headers }))).get('/');
      expectError(own, 500, 'Internal Server Error');
      expect(own.headers['x-custom-header']).toBe('foo=500');
      expect(own.headers['x-custom-header2']).toBe('bar');
    });

    it('should include err.headers with err.statusCode', async () => {
      const res = await request(createServer(createError('too many requests', { headers: { 'Retry-After': '5' }, statusCode: 429 }))).get('/');
      expectError(res, 429, 'Too Many Requests');
      expect(res.headers['retry-after']).toBe('5');
    });

    it('should ignore err.headers when not an object', async () => {
      const res = await request(createServer(createError('oops!', { headers: 'foobar', statusCode: 500 }))).get('/');
      expectError(res, 500, 'Internal Server Error');
    });
  });

  describe('status code', () => {
    it('should 404 on no error', async () => {
      expectError(await request(createServer()).get('/'), 404, 'Not Found');
    });

    it('should 500 on error', async () => {
      expectError(await request(createServer(createError())).get('/'), 500, 'Internal Server Error');
    });

    it('should use err.statusCode', async () => {
      expectError(await request(createServer(createError('nope', { statusCode: 400 }))).get('/'), 400, 'Bad Request');
    });

    it('should ignore non-error err.statusCode code', async () => {
      expectError(await request(createServer(createError('created', { statusCode: 201 }))).get('/'), 500, 'Internal Server Error');
    });

    it('should ignore non-numeric err.statusCode', async () => {
      expectError(await request(createServer(createError('oops', { statusCode: 'oh no' }))).get('/'), 500, 'Internal Server Error');
    });

    it('should use err.status', async () => {
      expectError(await request(createServer(createError('nope', { status: 400 }))).get('/'), 400, 'Bad Request');
    });

    it('should use err.status over err.statusCode', async () => {
      expectError(await request(createServer(createError('nope', { status: 400, statusCode: 401 }))).get('/'), 400, 'Bad Request');
    });

    it('should set status to 500 when err.status < 400', async () => {
      expectError(await request(createServer(createError('oops', { status: 202 }))).get('/'), 500, 'Internal Server Error');
    });

    it('should set status to 500 when err.status > 599', async () => {
      expectError(await request(createServer(createError('oops', { status: 601 }))).get('/'), 500, 'Internal Server Error');
    });

    it('should use err.statusCode over invalid err.status', async () => {
      expectError(await request(createServer(createError('nope', { status: 50, statusCode: 410 }))).get('/'), 410, 'Gone');
    });

    it('should ignore non-error err.status code', async () => {
      expectError(await request(createServer(createError('created', { status: 201 }))).get('/'), 500, 'Internal Server Error');
    });

    it('should ignore non-numeric err.status', async () => {
      expectError(await request(createServer(createError('oops', { status: 'oh no' }))).get('/'), 500, 'Internal Server Error');
    });
  });

  // Over HTTP/1.1 only, as in finalhandler (HTTP/2 has no reason phrase).
  describe('status message', () => {
    it('should be "Not Found" on no error', async () => {
      const res = await rawGet(createServer(), '/');
      expect([res.status, res.statusMessage]).toEqual([404, 'Not Found']);
    });

    it('should be "Internal Server Error" on error', async () => {
      const res = await rawGet(createServer(createError()), '/');
      expect([res.status, res.statusMessage]).toEqual([500, 'Internal Server Error']);
    });

    it('should be "Bad Request" when err.statusCode = 400', async () => {
      const res = await rawGet(createServer(createError('oops', { status: 400 })), '/');
      expect([res.status, res.statusMessage]).toEqual([400, 'Bad Request']);
    });

    it('should reset existing res.statusMessage', async () => {
      const res = await rawGet(
        createServer((_req: Request, res: Response, next: NextFunction) => {
          res.statusMessage = 'An Error Occurred';
          next(new Error());
        }),
        '/',
      );
      expect([res.status, res.statusMessage]).toEqual([500, 'Internal Server Error']);
    });
  });

  describe('404 response', () => {
    it('should include method and pathname (by design: a JSON body by default, the method and path in its message)', async () => {
      const res = await request(createServer()).get('/foo');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Cannot GET /foo', description: D404, retryable: false });
    });

    it('should escape method and pathname characters (by design: JSON carries the path as a JSON string; the HTML page escapes it as HTML, not as a URL)', async () => {
      const json = await rawGet(createServer(), "/<la'me>");
      expect(json.status).toBe(404);
      expect(JSON.parse(json.body)).toEqual({ status: 404, error: 'Not Found', message: "Cannot GET /<la'me>", description: D404, retryable: false });
      const html = await rawGet(createServer(), "/<la'me>", { Accept: 'text/html' });
      expect(html.status).toBe(404);
      expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(html.body).toContain('<p class="message">Cannot GET /&lt;la&#39;me&gt;</p>');
      expect(html.body).not.toContain("<la'me>");
    });

    it('should fallback to generic pathname without URL', async () => {
      // Express's router stops at a request without `req.url` (its own finalhandler answers), so errata's
      // middleware is called here directly on the real request, as Express would have called it.
      const app = framework();
      app.use((req: Request, res: Response, next: NextFunction) => {
        (req as { url: string | undefined }).url = undefined;
        (req as { originalUrl: string | undefined }).originalUrl = undefined;
        notFound(req, res, (err?: unknown) => errorHandler(err, req, res, next));
      });
      const res = await request(app).get('/foo');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Cannot GET resource', description: D404, retryable: false });
    });

    it('should include original pathname (by design: a JSON body by default)', async () => {
      const server = createServer((req: Request, _res: Response, next: NextFunction) => {
        const parts = req.url.split('/');
        req.originalUrl = req.url;
        req.url = '/' + parts.slice(2).join('/');
        next();
      });
      const res = await request(server).get('/foo/bar');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Cannot GET /foo/bar', description: D404, retryable: false });
    });

    it('should include pathname only (by design: a JSON body by default)', async () => {
      const res = await rawGet(createServer(), 'http://localhost/foo?bar=1');
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toEqual({ status: 404, error: 'Not Found', message: 'Cannot GET /foo', description: D404, retryable: false });
    });

    it('should handle HEAD', async () => {
      const res = await request(createServer()).head('/foo');
      expect(res.status).toBe(404);
      expect(res.text === '' || res.text === undefined).toBe(true);
    });

    it('should include X-Content-Type-Options header', async () => {
      const res = await request(createServer()).get('/foo');
      expect(res.status).toBe(404);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('should include Content-Security-Policy header (by design: only on an HTML body, which also allows its inline style; a JSON body has nothing to restrict)', async () => {
      const json = await request(createServer()).get('/foo');
      expect(json.status).toBe(404);
      expect(json.headers['content-security-policy']).toBeUndefined();
      const html = await request(createServer()).get('/foo').set('Accept', 'text/html');
      expect(html.status).toBe(404);
      expect(html.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    });

    it('should not hang/error if there is a request body', async () => {
      const buf = Buffer.alloc(1024 * 16, '.');
      const test = request(createServer()).post('/foo');
      test.write(buf);
      test.write(buf);
      test.write(buf);
      expectError(await test, 404, 'Not Found');
    });
  });

  describe('error response', () => {
    it('should include error stack (by design: only in development, which must be asked for; in the JSON body)', async () => {
      const res = await request(createServer(createError('boom!'), { production: false })).get('/foo');
      expectError(res, 500, 'Internal Server Error');
      expect((res.body as { stack?: unknown }).stack).toMatch(/^Error: boom!\n {4}at /);
      // The default is production: no stack.
      const production = await request(createServer(createError('boom!'))).get('/foo');
      expectError(production, 500, 'Internal Server Error');
      expect(production.body).not.toHaveProperty('stack');
      expect(production.text).not.toContain('boom!');
    });

    it('should handle HEAD', async () => {
      const res = await request(createServer(createError('boom!'))).head('/foo');
      expect(res.status).toBe(500);
      expect(res.text === '' || res.text === undefined).toBe(true);
    });

    it('should include X-Content-Type-Options header', async () => {
      const res = await request(createServer(createError('boom!'))).get('/foo');
      expect(res.status).toBe(500);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('should includeContent-Security-Policy header (by design: only on an HTML body, which also allows its inline style; a JSON body has nothing to restrict)', async () => {
      const json = await request(createServer(createError('boom!'))).get('/foo');
      expect(json.status).toBe(500);
      expect(json.headers['content-security-policy']).toBeUndefined();
      const html = await request(createServer(createError('boom!'))).get('/foo').set('Accept', 'text/html');
      expect(html.status).toBe(500);
      expect(html.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    });

    it('should handle non-error-objects (by design: a thrown non-error shows nothing of itself, even in development)', async () => {
      const res = await request(createServer('lame string', { production: false })).get('/foo');
      expectError(res, 500, 'Internal Server Error');
      expect(res.text).not.toContain('lame string');
    });

    it('should handle null prototype objects (by design: a JSON body by default)', async () => {
      const res = await request(createServer(Object.create(null))).get('/foo');
      expectError(res, 500, 'Internal Server Error');
      expect((res.body as { message?: unknown }).message).toBe('Internal Server Error');
    });

    it('should send staus code name when production (by design: a JSON body by default)', async () => {
      const res = await request(createServer(createError('boom!', { status: 501 }), { production: true })).get('/foo');
      expectError(res, 501, 'Not Implemented');
      expect((res.body as { message?: unknown }).message).toBe('Not Implemented');
      expect(res.text).not.toContain('boom!');
    });

    describe('when there is a request body', () => {
      it('should not hang/error when unread', async () => {
        const buf = Buffer.alloc(1024 * 16, '.');
        const test = request(createServer(new Error('boom!'))).post('/foo');
        test.write(buf);
        test.write(buf);
        test.write(buf);
        expectError(await test, 500, 'Internal Server Error');
      });

      it('should not hang/error when actively piped', async () => {
        const buf = Buffer.alloc(1024 * 16, '.');
        const stream = createSlowWriteStream();
        const test = request(
          createServer((req: Request, _res: Response, next: NextFunction) => {
            req.pipe(stream);
            process.nextTick(() => next(new Error('boom!')));
          }),
        ).post('/foo');
        test.write(buf);
        test.write(buf);
        test.write(buf);
        expectError(await test, 500, 'Internal Server Error');
      });

      it('should not hang/error when read', async () => {
        const buf = Buffer.alloc(1024 * 16, '.');
        const test = request(
          createServer((req: Request, _res: Response, next: NextFunction) => {
            req.once('end', () => next(new Error('boom!')));
            req.resume();
          }),
        ).post('/foo');
        test.write(buf);
        test.write(buf);
        test.write(buf);
        expectError(await test, 500, 'Internal Server Error');
      });
    });

    describe('when res.statusCode set', () => {
      it('should keep when >= 400 (by design: an error without a status of its own is a 500 whatever the route set before it failed; the route\'s status described a response it never finished)', async () => {
        const server = createServer((_req: Request, res: Response, next: NextFunction) => {
          res.statusCode = 503;
          next(new Error('oops'));
        });
        expectError(await request(server).get('/foo'), 500, 'Internal Server Error');
      });

      it('should convert to 500 is not a number', async () => {
        const server = createServer((_req: Request, res: Response, next: NextFunction) => {
          (res as { statusCode: unknown }).statusCode = 'oh no';
          next(new Error('oops'));
        });
        expectError(await request(server).get('/foo'), 500, 'Internal Server Error');
      });

      it('should override with err.status', async () => {
        const server = createServer((_req: Request, _res: Response, next: NextFunction) => {
          next(createError('oops', { status: 414, statusCode: 503 }));
        });
        expectError(await request(server).get('/foo'), 414, 'Request URI Too Long');
      });

      it('should default body to status message in production (by design: a JSON body by default)', async () => {
        const res = await request(createServer(createError('boom!', { status: 509 }), { production: true })).get('/foo');
        expectError(res, 509, 'Bandwidth Limit Exceeded');
        expect((res.body as { message?: unknown }).message).toBe('Bandwidth Limit Exceeded');
        expect(res.text).not.toContain('boom!');
      });
    });

    describe('when res.statusCode undefined', () => {
      it('should set to 500', async () => {
        const server = createServer((_req: Request, res: Response, next: NextFunction) => {
          (res as { statusCode: unknown }).statusCode = undefined;
          next(new Error('oops'));
        });
        expectError(await request(server).get('/foo'), 500, 'Internal Server Error');
      });
    });
  });

  describe('headers set', () => {
    it('should persist set headers', async () => {
      const server = createServer((_req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Server', 'foobar');
        next();
      });
      const res = await request(server).get('/foo');
      expectError(res, 404, 'Not Found');
      expect(res.headers.server).toBe('foobar');
    });

    it('should override content-type and length (by design: a JSON body by default)', async () => {
      const server = createServer((_req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Content-Type', 'image/png');
        res.setHeader('Content-Length', '50');
        next();
      });
      const res = await request(server).get('/foo');
      expectError(res, 404, 'Not Found');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
    });

    it('should remove other content headers', async () => {
      const server = createServer((_req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Content-Encoding', 'gzip');
        res.setHeader('Content-Language', 'jp');
        res.setHeader('Content-Range', 'bytes 0-2/10');
        next();
      });
      const res = await request(server).get('/foo');
      expectError(res, 404, 'Not Found');
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['content-language']).toBeUndefined();
      expect(res.headers['content-range']).toBeUndefined();
    });
  });

  describe('request started', () => {
    it('should not respond', async () => {
      const server = createServer((_req: Request, res: Response, next: NextFunction) => {
        res.statusCode = 301;
        res.write('0');
        process.nextTick(() => {
          next();
          res.end('1');
        });
      });
      const res = await rawGet(server, '/foo');
      expect(res).toMatchObject({ status: 301, body: '01', complete: true });
    });

    it('should terminate on error', async () => {
      const server = createServer((_req: Request, res: Response, next: NextFunction) => {
        res.statusCode = 301;
        res.write('0');
        process.nextTick(() => {
          next(createError('too many requests', { status: 429, headers: { 'Retry-After': '5' } }));
          res.end('1');
        });
      });
      const res = await rawGet(server, '/foo');
      expect(res).toMatchObject({ status: 301, body: '0', complete: false });
    });
  });

  describe('onerror', () => {
    it('should be invoked when error (by design: onError gets errata\'s error, and what was passed to next as context.original)', async () => {
      const err = new Error('boom!');
      const onError = vi.fn();
      await request(createServer(err, { onError })).get('/');
      expect(onError).toHaveBeenCalledTimes(1);
      const [error, context] = onError.mock.calls[0] as [HttpError, { original: unknown }];
      expect(error.status).toBe(500);
      expect(context.original).toBe(err);
    });
  });

  describe('req.socket', () => {
    it('should not throw when socket is null', async () => {
      const server = createServer((req: Request, res: Response, next: NextFunction) => {
        res.statusCode = 200;
        res.end('ok');
        process.nextTick(() => {
          (req as { socket: unknown }).socket = null;
          next(new Error());
        });
      });
      const res = await request(server).get('/');
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
    });
  });

  describe('no deprecation warnings', () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    afterEach(() => {
      process.off('warning', onWarning);
      warnings.length = 0;
    });

    it('should respond 404 on no error', async () => {
      process.on('warning', onWarning);
      const res = await request(createServer()).head('/foo');
      expect(res.status).toBe(404);
      // Node emits 'warning' on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    });

    it('should respond 500 on error', async () => {
      process.on('warning', onWarning);
      const res = await request(createServer(createError())).head('/foo');
      expect(res.status).toBe(500);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    });
  });
});

// Issue 14, item 1: a route that answered and then called next() (as a logging or "fall through" route may) must
// keep its response. finalhandler ignores a next() without an error once the headers are sent.
describe.each([
  ['Express 4', express4],
  ['Express 5', express],
])('%s: notFound after the route has answered', (_name, framework) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('an 8 MB body sent before next() arrives whole, and onError hears of no 404', async () => {
    // Larger than the socket buffers: the body is still being written when next() runs.
    const eightMegabytes = 'x'.repeat(8 * 1024 * 1024);
    const onError = vi.fn();
    const app = framework();
    app.get('/', (_req, res, next) => {
      res.send(eightMegabytes);
      next();
    });
    app.get('/after', (_req, res) => void res.send('fine'));
    app.use(notFound);
    app.use(createErrorHandler({ onError }));
    server = await listen(app);
    const res = await readResponse(server.url, '/', 15_000);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(true);
    expect(res.body.length).toBe(eightMegabytes.length);
    expect(res.body === eightMegabytes).toBe(true);
    expect(onError).not.toHaveBeenCalled();
    expect(await readResponse(server.url, '/after')).toEqual({ status: 200, body: 'fine', complete: true });
  });
});
