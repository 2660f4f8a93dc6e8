// Koa's own __tests__/context/onerror.test.js (koajs/koa 3.2.0; the ENOENT test from 2.16.4 on Koa 2), run with
// errata's handler first on Koa 2 and 3, over HTTP/1.1 and HTTP/2. Where errata answers differently by documented
// design the test asserts errata's answer and its title says why; every other test is Koa's, unchanged in intent.
//
// Count: per Koa version and transport, 11 request tests, 1 as-is + 10 by design (Koa 2 adds 2.16's ENOENT test, by
// design); plus 1 direct ctx.onerror test, as-is, once per Koa version. Koa 2: 3 as-is + 22 by design; Koa 3: 3 as-is
// + 20 by design. With ERRATA_PEERS_BASELINE=1 (Koa alone) every as-is test passes and every by-design one fails.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../src/adapters/koa/index.js';
import { errataJson, expectErrataJson, fakeContext } from './support/koa-expected.js';
import { exchange, koaApp, KOA_VERSIONS, TRANSPORTS } from './support/koa-transport.js';

describe.each(KOA_VERSIONS)('ctx.onerror(err) on %s, errata first', (_name, KoaClass, major) => {
  describe.each(TRANSPORTS)('over %s', (transport) => {
    it("should respond (by design: errata's JSON body, where Koa sends the exposed message as text/plain)", async () => {
      const app = koaApp(KoaClass);
      app.use((ctx) => {
        ctx.body = 'something else';
        ctx.throw(418, 'boom');
      });

      const res = await exchange(app.callback(), transport);
      expectErrataJson(res, 418, 'boom');
    });

    it('should unset all headers (by design: headers set before the error are kept, Vary merged; only those describing a success body go)', async () => {
      const app = koaApp(KoaClass);
      app.use((ctx) => {
        ctx.set('Vary', 'Accept-Encoding');
        ctx.set('X-CSRF-Token', 'asdf');
        ctx.body = 'response';
        ctx.throw(418, 'boom');
      });

      const res = await exchange(app.callback(), transport);
      expectErrataJson(res, 418, 'boom');
      expect(res.headers.vary).toBe('Accept-Encoding, Accept');
      expect(res.headers['x-csrf-token']).toBe('asdf');
    });

    it("should set headers specified in the error (by design: JSON body; a foreign error's headers pass only when they describe the error, so X-New-Header does not)", async () => {
      const app = koaApp(KoaClass);
      app.use(() => {
        throw Object.assign(new Error('boom'), { status: 418, expose: true, headers: { 'X-New-Header': 'Value' } });
      });

      const res = await exchange(app.callback(), transport);
      expectErrataJson(res, 418, 'boom');
      expect(res.headers).not.toHaveProperty('x-new-header');
    });

    it('should ignore error after headerSent', async () => {
      const app = koaApp(KoaClass);
      const seen: Array<{ message: unknown; headerSent: unknown }> = [];
      app.on('error', (err: Error & { headerSent?: boolean }, { res }) => {
        seen.push({ message: err.message, headerSent: err.headerSent });
        res.end();
      });
      app.use(async (ctx) => {
        ctx.status = 200;
        ctx.set('X-Foo', 'Bar');
        ctx.flushHeaders();
        await Promise.reject(new Error('mock error'));
        ctx.body = 'response';
      });

      const res = await exchange(app.callback(), transport);
      expect(res.status).toBe(200);
      expect(res.headers['x-foo']).toBe('Bar');
      expect(seen).toEqual([{ message: 'mock error', headerSent: true }]);
    });

    it("should set status specified in the error using statusCode (by design: errata's JSON body; unexposed, so the documented title)", async () => {
      const app = koaApp(KoaClass);
      app.use((ctx) => {
        ctx.body = 'something else';
        throw Object.assign(new Error('Not found'), { statusCode: 404 });
      });

      const res = await exchange(app.callback(), transport);
      expectErrataJson(res, 404);
    });

    describe('when invalid err.statusCode', () => {
      describe('not number', () => {
        it("should respond 500 (by design: errata's JSON body)", async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.body = 'something else';
            throw Object.assign(new Error('some error'), { statusCode: 'notnumber' });
          });

          const res = await exchange(app.callback(), transport);
          expectErrataJson(res, 500);
        });
      });
    });

    describe('when invalid err.status', () => {
      describe('not number', () => {
        it("should respond 500 (by design: errata's JSON body)", async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.body = 'something else';
            throw Object.assign(new Error('some error'), { status: 'notnumber' });
          });

          const res = await exchange(app.callback(), transport);
          expectErrataJson(res, 500);
        });
      });

      describe('not http status code', () => {
        it("should respond 500 (by design: errata's JSON body)", async () => {
          const app = koaApp(KoaClass);
          app.use((ctx) => {
            ctx.body = 'something else';
            throw Object.assign(new Error('some error'), { status: 9999 });
          });

          const res = await exchange(app.callback(), transport);
          expectErrataJson(res, 500);
        });
      });
    });

    describe.runIf(major === 2)('when ENOENT error (Koa 2.16 only)', () => {
      it('should respond 404 (by design: a file-system error is a 500, as on Koa 3, which dropped this mapping in koa#1861)', async () => {
        const app = koaApp(KoaClass);
        app.use((ctx) => {
          ctx.body = 'something else';
          throw Object.assign(new Error('test for ENOENT'), { code: 'ENOENT' });
        });

        const res = await exchange(app.callback(), transport);
        expectErrataJson(res, 500);
      });
    });

    describe('when error from another scope thrown', () => {
      it("should handle it like a normal error (by design: JSON body; a 4xx reaches the app's 'error' listeners only with emitClientErrors)", async () => {
        const ExternError = runInNewContext('Error') as ErrorConstructor;
        const app = koaApp(KoaClass, createErrorHandler({ emitClientErrors: true }));
        const error = Object.assign(new ExternError('boom'), { status: 418, expose: true });
        app.use(() => {
          throw error;
        });
        const received: unknown[] = [];
        app.on('error', (receivedError: unknown) => void received.push(receivedError));

        const res = await exchange(app.callback(), transport);
        expectErrataJson(res, 418, 'boom');
        expect(received).toHaveLength(1);
        expect(received[0]).toBe(error);
      });
    });

    describe('when non-error thrown', () => {
      it("should respond with non-error thrown message (by design: errata's JSON body)", async () => {
        const app = koaApp(KoaClass);
        app.use(() => {
          throw 'string error';
        });

        const res = await exchange(app.callback(), transport);
        expectErrataJson(res, 500);
      });

      it("should stringify error if it is an object (by design: errata's JSON body)", async () => {
        const app = koaApp(KoaClass);
        const messages: unknown[] = [];
        app.on('error', (err: Error) => void messages.push(err.message));
        app.use(async () => {
          throw { key: 'value' };
        });

        const res = await exchange(app.callback(), transport);
        expect(res.status).toBe(500);
        expect(res.text).toBe(errataJson(500));
        expect(messages).toEqual(['non-error thrown: {"key":"value"}']);
      });
    });
  });

  describe('when non-error thrown', () => {
    it('should use res.getHeaderNames() accessor when available', () => {
      let removed = 0;
      const ctx = fakeContext(koaApp(KoaClass));
      ctx.app.emit = () => true;
      ctx.res = {
        getHeaderNames: () => ['content-type', 'content-length'],
        removeHeader: () => removed++,
        end: () => {},
        emit: () => {},
      } as unknown as typeof ctx.res;

      ctx.onerror(new Error('error'));

      expect(removed).toBe(2);
    });
  });
});
