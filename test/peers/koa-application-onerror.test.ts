// Koa's own __tests__/application/onerror.test.js (koajs/koa 3.2.0, the same five tests as 2.16.4) on Koa 2 and 3,
// each app with errata's handler registered first. These call Koa's `app.onerror` directly, not through a request:
// errata must leave Koa's default 'error' listener as it is. No transport (nothing is sent), so no HTTP/2 variant.
//
// Count: 5 tests per Koa version, all as-is.
import { runInNewContext } from 'node:vm';
import type Koa from 'koa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorHandler } from '../../src/adapters/koa/index.js';
import { KOA_VERSIONS, type KoaClass } from './support/koa-transport.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Koa's `new Koa()` of the original tests, with errata registered first as an app using errata has it. */
function appWithErrata(KoaClass: KoaClass): Koa {
  const app = new KoaClass();
  app.use(errorHandler);
  return app;
}

describe.each(KOA_VERSIONS)('app.onerror(err) on %s, errata registered', (_name, KoaClass) => {
  it('should throw an error if a non-error is given', () => {
    const app = appWithErrata(KoaClass);

    expect(() => app.onerror('foo' as unknown as Error)).toThrow(new TypeError('non-error thrown: "foo"'));
  });

  it('should accept errors coming from other scopes', () => {
    const ExternError = runInNewContext('Error') as ErrorConstructor;
    const app = appWithErrata(KoaClass);
    const error = Object.assign(new ExternError('boom'), { status: 418, expose: true });

    expect(() => app.onerror(error)).not.toThrow();
  });

  it('should do nothing if status is 404', () => {
    const app = appWithErrata(KoaClass);
    const err = Object.assign(new Error(), { status: 404 });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});

    app.onerror(err);

    expect(spy).not.toHaveBeenCalled();
  });

  it('should do nothing if .silent', () => {
    const app = appWithErrata(KoaClass);
    app.silent = true;
    const err = new Error();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});

    app.onerror(err);

    expect(spy).not.toHaveBeenCalled();
  });

  it('should log the error to stderr', () => {
    const app = appWithErrata(KoaClass);
    app.env = 'dev';
    const err = new Error();
    err.stack = 'Foo';
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});

    app.onerror(err);

    expect(spy).toHaveBeenCalledWith('\n  Foo\n');
  });
});
