// Koa's own __tests__/application/respond.test.js (koajs/koa 3.2.0; two stream-error tests from 2.16.4 on Koa 2), run
// with errata's handler first on Koa 2 and 3, over HTTP/1.1 and HTTP/2. Where errata answers differently by
// documented design the test asserts errata's answer and its title says why; every other test is Koa's, unchanged
// in intent. Koa's `hasOwnProperty(res.headers, 'Content-Type')` checks read a lower-cased header object and so
// could never fail; here they check `content-type`.
//
// Tests skipped for a version or transport test what that peer itself does not do (each `runIf` says which): they
// fail on Koa alone too (ERRATA_PEERS_BASELINE=1 shows it). With Koa alone every as-is test that runs passes but one:
// a HEAD nothing answered, on Koa 2 over HTTP/2, which Koa 2 never ends and errata does.
//
// Count (as-is + by design, skipped): Koa 2 over HTTP/1.1 48 + 3, 15 skipped (Koa 3 features); over HTTP/2 38 + 3,
// 25 skipped (also HEAD, custom statuses, reason phrases). Koa 3 over HTTP/1.1 61 + 3, 2 skipped (Koa 2.16's
// stream-ENOENT tests); over HTTP/2 56 + 3, 7 skipped.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { expectErrataJson } from './support/koa-expected.js';
import { exchange, koaApp, koaStatuses, KOA_VERSIONS, TRANSPORTS, type ExchangeOptions, type KoaClass, type Transport } from './support/koa-transport.js';

// A JSON file no one edits while the tests run (Koa's tests read their own package.json).
const JSON_FILE = createRequire(import.meta.url).resolve('koa/package.json');
const JSON_FILE_CONTENT: unknown = JSON.parse(readFileSync(JSON_FILE, 'utf8'));
const MISSING_FILE = 'does not exist';

describe.each(KOA_VERSIONS)('app.respond on %s, errata first', (_name, KoaClass: KoaClass, major) => {
  describe.each(TRANSPORTS)('over %s', (transport: Transport) => {
    const http2 = transport === 'HTTP/2';
    // Koa 2's respond() returns early when ctx.writable is false, which a HEAD stream over HTTP/2 always is (Node ends
    // its writable side at once): Koa 2 alone never ends such a response. Koa 3 ends it, but before it would compute
    // the length of a JSON or Response body.
    const koaEndsHead = !(major === 2 && http2);
    const koaHeadLength = !http2;
    const send = (app: ReturnType<typeof koaApp>, options?: ExchangeOptions) => exchange(app.callback(), transport, options);
    const head = (app: ReturnType<typeof koaApp>) => send(app, { method: 'HEAD' });

    describe('when ctx.respond === false', () => {
      it('should function (ctx)', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'Hello';
          ctx.respond = false;
          const res = ctx.res;
          res.statusCode = 200;
          setImmediate(() => {
            res.setHeader('Content-Type', 'text/plain');
            res.setHeader('Content-Length', '3');
            res.end('lol');
          });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('lol');
      });

      it('should ignore set header after header sent', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'Hello';
          ctx.respond = false;
          const res = ctx.res;
          res.statusCode = 200;
          res.setHeader('Content-Type', 'text/plain');
          res.setHeader('Content-Length', '3');
          res.end('lol');
          ctx.set('foo', 'bar');
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('lol');
        expect(res.headers).not.toHaveProperty('foo');
      });

      it('should ignore set status after header sent', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'Hello';
          ctx.respond = false;
          const res = ctx.res;
          res.statusCode = 200;
          res.setHeader('Content-Type', 'text/plain');
          res.setHeader('Content-Length', '3');
          res.end('lol');
          ctx.status = 201;
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('lol');
      });
    });

    describe('when this.type === null', () => {
      it('should not send Content-Type header', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = '';
          ctx.type = null as unknown as string;
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers).not.toHaveProperty('content-type');
      });
    });

    describe('when HEAD is used', () => {
      it.runIf(koaEndsHead)('should not respond with the body', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'Hello';
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-length']).toBe('5');
        expect(res.text).toBe('');
      });

      it.runIf(koaEndsHead && koaHeadLength)('should keep json headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = { hello: 'world' };
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.headers['content-length']).toBe('17');
        expect(res.text).toBe('');
      });

      it.runIf(koaEndsHead)('should keep string headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'hello world';
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-length']).toBe('11');
        expect(res.text).toBe('');
      });

      it.runIf(koaEndsHead)('should keep buffer headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = Buffer.from('hello world');
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.headers['content-length']).toBe('11');
        expect(res.text).toBe('');
      });

      it.runIf(koaEndsHead)('should keep stream header if set manually', async () => {
        const app = koaApp(KoaClass);
        const { length } = readFileSync(JSON_FILE);
        app.use((ctx) => {
          ctx.length = length;
          ctx.body = createReadStream(JSON_FILE);
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(Number(res.headers['content-length'])).toBe(length);
        expect(res.text).toBe('');
      });

      it('should respond with a 404 if no body was set', async () => {
        const app = koaApp(KoaClass);
        app.use(() => {});

        const res = await head(app);
        expect(res.status).toBe(404);
      });

      it.runIf(koaEndsHead)('should respond with a 200 if body = ""', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = '';
        });

        const res = await head(app);
        expect(res.status).toBe(200);
      });

      it.runIf(koaEndsHead)('should not overwrite the content-type', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 200;
          ctx.type = 'application/javascript';
        });

        const res = await head(app);
        expect(res.headers['content-type']).toMatch(/application\/javascript/);
        expect(res.status).toBe(200);
      });
    });

    describe('when no middleware is present', () => {
      it('should 404', async () => {
        const app = koaApp(KoaClass);

        const res = await send(app);
        expect(res.status).toBe(404);
      });
    });

    describe('when res has already been written to', () => {
      it('should not cause an app error', async () => {
        const app = koaApp(KoaClass);
        const appErrors: unknown[] = [];
        app.use((ctx) => {
          const res = ctx.res;
          ctx.status = 200;
          res.setHeader('Content-Type', 'text/html');
          res.write('Hello');
        });
        app.on('error', (err: unknown) => void appErrors.push(err));

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(appErrors).toEqual([]);
      });

      it('should send the right body', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          const res = ctx.res;
          ctx.status = 200;
          res.setHeader('Content-Type', 'text/html');
          res.write('Hello');
          return new Promise<void>((resolve) => {
            setTimeout(() => {
              res.end('Goodbye');
              resolve();
            }, 0);
          });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('HelloGoodbye');
      });
    });

    describe('when .body is missing', () => {
      describe('with status=400', () => {
        it('should respond with the associated status message', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.status = 400;
          });

          // Over HTTP/2, which has no reason phrase, Koa's status body is the code itself.
          const body = http2 ? '400' : 'Bad Request';
          const res = await send(app);
          expect(res.status).toBe(400);
          expect(res.headers['content-length']).toBe(String(body.length));
          expect(res.text).toBe(body);
        });
      });

      describe('with status=204', () => {
        it('should respond without a body', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.status = 204;
          });

          const res = await send(app);
          expect(res.status).toBe(204);
          expect(res.text).toBe('');
          expect(res.headers).not.toHaveProperty('content-type');
        });
      });

      describe('with status=205', () => {
        it('should respond without a body', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.status = 205;
          });

          const res = await send(app);
          expect(res.status).toBe(205);
          expect(res.text).toBe('');
          expect(res.headers).not.toHaveProperty('content-type');
        });
      });

      describe('with status=304', () => {
        it('should respond without a body', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.status = 304;
          });

          const res = await send(app);
          expect(res.status).toBe(304);
          expect(res.text).toBe('');
          expect(res.headers).not.toHaveProperty('content-type');
        });
      });

      describe('with custom status=700', () => {
        // Node's HTTP/2 refuses a status outside 100–599 and HTTP/2 has no reason phrase.
        it.runIf(!http2)('should respond with the associated status message', async () => {
          const statuses = koaStatuses(major);
          const registry = statuses.message ?? statuses;
          registry[700] = 'custom status';
          try {
            const app = koaApp(KoaClass);
            app.use((ctx) => {
              ctx.status = 700;
            });

            const res = await send(app);
            expect(res.status).toBe(700);
            expect(res.text).toBe('custom status');
            expect(res.statusMessage).toBe('custom status');
          } finally {
            delete registry[700];
          }
        });
      });

      // HTTP/2 has no reason phrase: Koa sends the status code as the body there.
      describe('with custom statusMessage=ok', () => {
        it.runIf(!http2)('should respond with the custom status message', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.status = 200;
            ctx.message = 'ok';
          });

          const res = await send(app);
          expect(res.status).toBe(200);
          expect(res.text).toBe('ok');
          expect(res.statusMessage).toBe('ok');
        });
      });

      // Node's HTTP/2 refuses a status outside 100–599.
      describe('with custom status without message', () => {
        it.runIf(!http2)('should respond with the status code number', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.res.statusCode = 701;
          });

          const res = await send(app);
          expect(res.status).toBe(701);
          expect(res.text).toBe('701');
        });
      });
    });

    describe('when .body is a null', () => {
      it('should respond 204 by default', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = null;
        });

        const res = await send(app);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });

      it('should respond 204 with status=200', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 200;
          ctx.body = null;
        });

        const res = await send(app);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });

      it('should respond 205 with status=205', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 205;
          ctx.body = null;
        });

        const res = await send(app);
        expect(res.status).toBe(205);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });

      it('should respond 304 with status=304', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 304;
          ctx.body = null;
        });

        const res = await send(app);
        expect(res.status).toBe(304);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });
    });

    describe('when .body is undefined', () => {
      it('should respond 204 by default', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = undefined;
        });

        const res = await send(app);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });

      it('should respond 204 with status=200', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 200;
          ctx.body = undefined;
        });

        const res = await send(app);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
      });
    });

    describe('when .body is a string', () => {
      it('should respond', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'Hello';
        });

        const res = await send(app);
        expect(res.text).toBe('Hello');
      });
    });

    describe('when .body is a Buffer', () => {
      it('should respond', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = Buffer.from('Hello');
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(Buffer.from('Hello'));
      });
    });

    describe.runIf(major === 3)('when .body is a Blob', () => {
      it('should respond', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = new Blob(['Hello']);
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(Buffer.from(await new Blob(['Hello']).arrayBuffer()));
      });

      it('should keep Blob headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = new Blob(['hello world']);
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.headers['content-length']).toBe('11');
      });
    });

    describe.runIf(major === 3)('when .body is a ReadableStream', () => {
      it('should respond', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          ctx.body = new ReadableStream();
        });

        const res = await head(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
      });

      it('should respond hello', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          ctx.body = new Blob(['hello']).stream();
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.body).toEqual(Buffer.from('hello'));
      });

      it('should handle ReadableStream with chunks', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          ctx.body = new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('Hello '));
              controller.enqueue(new TextEncoder().encode('World'));
              controller.close();
            },
          });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.body).toEqual(Buffer.from('Hello World'));
      });

      it('should handle ReadableStream with custom headers', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          ctx.type = 'text/plain';
          ctx.body = new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('test content'));
              controller.close();
            },
          });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.text).toBe('test content');
      });
    });

    describe.runIf(major === 3)('when .body is a Response', () => {
      it.runIf(koaHeadLength)('should keep Response headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = new Response(null, { status: 201, statusText: 'OK', headers: { 'Content-Type': 'text/plain' } });
        });

        const res = await head(app);
        expect(res.status).toBe(201);
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.headers['content-length']).toBe('2');
      });

      it('should default to octet-stream', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = new Response(null, { status: 200, statusText: 'OK' });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.body).toEqual(Buffer.from([]));
      });

      it('should respond with body content', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = new Response('Hello World', { status: 200, headers: { 'Content-Type': 'text/plain' } });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.text).toBe('Hello World');
      });

      it('should handle Response from fetch() with JSON', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          const jsonData = JSON.stringify({ message: 'Hello from fetch', timestamp: Date.now() });
          ctx.body = new Response(jsonData, { status: 200, headers: { 'Content-Type': 'application/json', 'X-Custom-Header': 'custom-value' } });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        const body = JSON.parse(res.text) as { message: string; timestamp: number };
        expect(body.message).toBe('Hello from fetch');
        expect(body.timestamp).toBeGreaterThan(0);
      });

      it('should handle Response from fetch() with streaming body', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          const stream = new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('Streaming '));
              controller.enqueue(new TextEncoder().encode('response '));
              controller.enqueue(new TextEncoder().encode('from fetch'));
              controller.close();
            },
          });
          ctx.body = new Response(stream, { status: 200, headers: { 'Content-Type': 'text/plain' } });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.text).toBe('Streaming response from fetch');
      });

      it('should handle Response from fetch() with Blob body', async () => {
        const app = koaApp(KoaClass);
        app.use(async (ctx) => {
          const blob = new Blob(['Hello from Blob'], { type: 'text/plain' });
          ctx.body = new Response(blob, { status: 200, headers: { 'Content-Type': 'text/plain' } });
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.text).toBe('Hello from Blob');
      });
    });

    describe('when .body is a Stream', () => {
      it('should respond', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = createReadStream(JSON_FILE);
          ctx.set('Content-Type', 'application/json; charset=utf-8');
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.headers).not.toHaveProperty('content-length');
        expect(JSON.parse(res.text)).toEqual(JSON_FILE_CONTENT);
      });

      it('should strip content-length when overwriting', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'hello';
          ctx.body = createReadStream(JSON_FILE);
          ctx.set('Content-Type', 'application/json; charset=utf-8');
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.headers).not.toHaveProperty('content-length');
        expect(JSON.parse(res.text)).toEqual(JSON_FILE_CONTENT);
      });

      it('should keep content-length if not overwritten', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.length = readFileSync(JSON_FILE).length;
          ctx.body = createReadStream(JSON_FILE);
          ctx.set('Content-Type', 'application/json; charset=utf-8');
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.headers).toHaveProperty('content-length');
        expect(JSON.parse(res.text)).toEqual(JSON_FILE_CONTENT);
      });

      it('should keep content-length if overwritten with the same stream', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.length = readFileSync(JSON_FILE).length;
          const stream = createReadStream(JSON_FILE);
          ctx.body = stream;
          ctx.body = stream;
          ctx.set('Content-Type', 'application/json; charset=utf-8');
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.headers).toHaveProperty('content-length');
        expect(JSON.parse(res.text)).toEqual(JSON_FILE_CONTENT);
      });

      it.runIf(major === 2)('should handle errors (Koa 2.16)', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.set('Content-Type', 'application/json; charset=utf-8');
          ctx.body = createReadStream(MISSING_FILE);
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.status).toBe(404);
      });

      it('should handle errors when no content status', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 204;
          ctx.body = createReadStream(MISSING_FILE);
        });

        const res = await send(app);
        expect(res.status).toBe(204);
      });

      it.runIf(major === 2)('should handle all intermediate stream body errors (Koa 2.16)', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = createReadStream(MISSING_FILE);
          ctx.body = createReadStream(MISSING_FILE);
          ctx.body = createReadStream(MISSING_FILE);
        });

        const res = await send(app);
        expect(res.status).toBe(404);
      });
    });

    describe('when using pipeline for streams', () => {
      it('should handle stream errors when error listener exists', async () => {
        const app = koaApp(KoaClass);
        const caught: unknown[] = [];
        app.once('error', (err: Error) => void caught.push(err.message));
        app.use((ctx) => {
          const stream = new PassThrough();
          ctx.body = stream;
          setImmediate(() => stream.emit('error', new Error('stream error')));
        });

        await send(app).catch(() => {});
        await sleep(50);
        expect(caught).toEqual(['stream error']);
      });

      it('should not crash when stream errors and no error listener exists', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          const stream = new PassThrough();
          ctx.body = stream;
          setImmediate(() => stream.emit('error', new Error('stream error')));
        });

        await send(app).catch(() => {});
        await sleep(50);
      });

      it.runIf(major === 3)('should handle ReadableStream errors when error listener exists', async () => {
        const app = koaApp(KoaClass);
        const caught: unknown[] = [];
        app.once('error', (err: Error) => void caught.push(err.message));
        app.use((ctx) => {
          ctx.body = new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data'));
              controller.error(new Error('readable stream error'));
            },
          });
        });

        await send(app).catch(() => {});
        await sleep(50);
        expect(caught).toEqual(['readable stream error']);
      });

      it('should cleanup streams on client abort', async () => {
        const app = koaApp(KoaClass);
        let streamDestroyed = false;
        app.use((ctx) => {
          const stream = new PassThrough();
          stream.on('close', () => {
            streamDestroyed = true;
          });
          ctx.body = stream;
          setImmediate(() => stream.write('some data'));
        });

        // The server stays up until the abort has reached it; the exchange closes it afterwards.
        await send(app, { abortOnData: true, afterAbortMs: 50 });
        expect(streamDestroyed).toBe(true);
      });
    });

    describe('when .body is an Object', () => {
      it('should respond with json', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = { hello: 'world' };
        });

        const res = await send(app);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.text).toBe('{"hello":"world"}');
      });

      describe('and headers sent', () => {
        it('should respond with json body and headers', async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.length = 17;
            ctx.type = 'json';
            ctx.set('foo', 'bar');
            ctx.res.flushHeaders();
            ctx.body = { hello: 'world' };
          });

          const res = await send(app);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(res.headers['content-length']).toBe('17');
          expect(res.headers.foo).toBe('bar');
          expect(res.text).toBe('{"hello":"world"}');
        });
      });
    });

    describe('when an error occurs', () => {
      it('should emit "error" on the app', async () => {
        const app = koaApp(KoaClass);
        const caught: unknown[] = [];
        app.on('error', (err: Error) => void caught.push(err.message));
        app.use(() => {
          throw new Error('test error');
        });

        const res = await send(app);
        expect(res.status).toBe(500);
        expect(caught).toEqual(['test error']);
      });

      describe('with an .expose property', () => {
        it("should expose the message (by design: errata's JSON body carries it, where Koa sends it as text)", async () => {
          const app = koaApp(KoaClass);
          app.use(() => {
            throw Object.assign(new Error('sorry!'), { status: 403, expose: true });
          });

          const res = await send(app);
          expectErrataJson(res, 403, 'sorry!');
        });
      });

      describe('with a .status property', () => {
        it("should respond with .status (by design: errata's JSON body; unexposed, so the documented title)", async () => {
          const app = koaApp(KoaClass);
          app.use(() => {
            throw Object.assign(new Error('s3 explodes'), { status: 403 });
          });

          const res = await send(app);
          expectErrataJson(res, 403);
        });
      });

      it("should respond with 500 (by design: errata's JSON body)", async () => {
        const app = koaApp(KoaClass);
        app.use(() => {
          throw new Error('boom!');
        });

        const res = await send(app);
        expectErrataJson(res, 500);
      });

      it('should be catchable', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx, next) =>
          next()
            .then(() => {
              ctx.body = 'Hello';
            })
            .catch(() => {
              ctx.body = 'Got error';
            }),
        );
        app.use(() => {
          throw new Error('boom!');
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('Got error');
      });
    });

    describe('when status and body property', () => {
      it('should 200', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 304;
          ctx.body = 'hello';
          ctx.status = 200;
        });

        const res = await send(app);
        expect(res.status).toBe(200);
        expect(res.text).toBe('hello');
      });

      it('should 204', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.status = 200;
          ctx.body = 'hello';
          ctx.set('content-type', 'text/plain; charset=utf8');
          ctx.status = 204;
        });

        const res = await send(app);
        expect(res.status).toBe(204);
        expect(res.headers).not.toHaveProperty('content-type');
      });
    });

    describe('with explicit null body', () => {
      it('should preserve given status', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = null;
          ctx.status = 404;
        });

        const res = await send(app);
        expect(res.status).toBe(404);
        expect(res.text).toBe('');
      });

      it('should respond with correct headers', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = null;
          ctx.status = 401;
        });

        const res = await send(app);
        expect(res.status).toBe(401);
        expect(res.text).toBe('');
        expect(res.headers).not.toHaveProperty('content-type');
        // Koa 3.2's additions to the test; Koa 2.16 sends no Content-Length here and its test checks Content-Type only.
        if (major === 3) {
          expect(res.headers).not.toHaveProperty('transfer-encoding');
          expect(res.headers).toHaveProperty('content-length');
        }
      });

      it.runIf(major === 3)('should return content-length equal to 0', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = null;
          ctx.status = 401;
        });

        const res = await send(app);
        expect(res.status).toBe(401);
        expect(res.text).toBe('');
        expect(res.headers['content-length']).toBe('0');
      });

      it.runIf(major === 3)('should not overwrite the content-length', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = null;
          ctx.length = 10;
          ctx.status = 404;
        });

        const res = await send(app);
        expect(res.status).toBe(404);
        expect(res.text).toBe('');
        expect(res.headers['content-length']).toBe('0');
      });
    });

  });
});

