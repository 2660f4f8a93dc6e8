import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import createHttpError from 'http-errors';
import Koa from 'koa';
import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as errata from '../src/index.js';
import {
  BadRequest,
  ContentTooLarge,
  HttpError,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  ProxyAuthenticationRequired,
  RangeNotSatisfiable,
  RequestEntityTooLarge,
  RequestURITooLong,
  RequestedRangeNotSatisfiable,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UnprocessableContent,
  UnprocessableEntity,
  UpgradeRequired,
  URITooLong,
  catalog,
  createError,
  errorClasses,
  isHttpError,
  toHttpError,
  type StatusEntry,
} from '../src/index.js';
import { distDir, ensureDist, root } from './support/dist.js';

const require = createRequire(import.meta.url);

// CATALOGUE.md: retryable is true for exactly these codes (and for any error that carries a Retry-After).
const RETRYABLE = [408, 425, 429, 502, 503, 504];
const errorEntries: StatusEntry[] = Object.values(catalog as Readonly<Record<number, StatusEntry>>).filter((entry) => entry.status >= 400);
const classFor = (status: number): new (message?: string | errata.HttpErrorOptions, options?: errata.HttpErrorOptions) => HttpError =>
  (errorClasses as unknown as Record<number, new (m?: string | errata.HttpErrorOptions, o?: errata.HttpErrorOptions) => HttpError>)[status]!;

const NOT_FOUND_DESCRIPTION = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';

afterEach(() => {
  vi.useRealTimers();
});

describe('constructing an error', () => {
  it('new NotFound() carries the documented message and description, and nothing else', () => {
    const error = new NotFound();
    expect(error.status).toBe(404);
    expect(error.statusCode).toBe(404);
    expect(error.message).toBe('Not Found');
    expect(error.description).toBe(NOT_FOUND_DESCRIPTION);
    expect(error.expose).toBe(true);
    expect(error.headers).toEqual({});
    expect(error.retryable).toBe(false);
    expect(error.retryAfter).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.details).toBeUndefined();
    expect(Object.hasOwn(error, 'cause')).toBe(false);
    expect(error.name).toBe('NotFoundError');
  });

  it("new NotFound('…') sets its own message and keeps the documented description", () => {
    const error = new NotFound('User 42 does not exist');
    expect(error.message).toBe('User 42 does not exist');
    expect(error.description).toBe(NOT_FOUND_DESCRIPTION);
    expect(error.status).toBe(404);
  });

  it("new NotFound('…', options) takes the message from the first argument and the rest from options", () => {
    const cause = new Error('no row');
    const error = new NotFound('User 42 does not exist', {
      message: 'ignored: the positional message wins',
      description: 'No user has this id.',
      code: 'USER_NOT_FOUND',
      details: { id: 42 },
      cause,
      headers: { 'X-Trace': 'abc' },
      expose: false,
    });
    expect(error.message).toBe('User 42 does not exist');
    expect(error.description).toBe('No user has this id.');
    expect(error.code).toBe('USER_NOT_FOUND');
    expect(error.details).toEqual({ id: 42 });
    expect(error.cause).toBe(cause);
    expect(error.headers).toEqual({ 'X-Trace': 'abc' });
    expect(error.expose).toBe(false);
  });

  it('new NotFound(options) takes everything from options', () => {
    const error = new NotFound({ message: 'No such user', code: 'USER_NOT_FOUND', details: ['id'] });
    expect(error.message).toBe('No such user');
    expect(error.code).toBe('USER_NOT_FOUND');
    expect(error.details).toEqual(['id']);
    expect(error.description).toBe(NOT_FOUND_DESCRIPTION);
  });

  it('new NotFound(undefined, options) reads the options', () => {
    const error = new NotFound(undefined, { code: 'X' });
    expect(error.message).toBe('Not Found');
    expect(error.code).toBe('X');
  });

  it('keeps a cause given as undefined or null, as Error does', () => {
    expect(Object.hasOwn(new NotFound({ cause: undefined }), 'cause')).toBe(true);
    expect(new NotFound({ cause: null }).cause).toBeNull();
  });

  it('exposes 4xx and hides 5xx by default; expose overrides both ways', () => {
    expect(new BadRequest().expose).toBe(true);
    expect(new BadRequest({ expose: false }).expose).toBe(false);
    expect(new InternalServerError().expose).toBe(false);
    expect(new InternalServerError({ expose: true }).expose).toBe(true);
    expect(new ServiceUnavailable('db down').expose).toBe(false);
  });

  it('names instances as http-errors does and classes by their status name', () => {
    expect(new NotFound().name).toBe('NotFoundError');
    expect(new InternalServerError().name).toBe('InternalServerError');
    expect(NotFound.name).toBe('NotFound');
    expect(InternalServerError.name).toBe('InternalServerError');
    expect(String(new NotFound('gone'))).toBe('NotFoundError: gone');
  });

  it('reads as a native Error (Koa checks Object.prototype.toString)', () => {
    expect(Object.prototype.toString.call(new NotFound())).toBe('[object Error]');
  });

  it('toJSON() gives status, name, message, description, retry hint, code and details, in that order', () => {
    const error = new TooManyRequests('Slow down', { retryAfter: 30, code: 'RATE_LIMITED', details: { limit: 10 }, cause: new Error('secret') });
    const json = error.toJSON();
    expect(json).toEqual({
      status: 429,
      name: 'TooManyRequestsError',
      message: 'Slow down',
      description: catalog[429].description,
      retryable: true,
      retryAfter: 30,
      code: 'RATE_LIMITED',
      details: { limit: 10 },
    });
    expect(Object.keys(json)).toEqual(['status', 'name', 'message', 'description', 'retryable', 'retryAfter', 'code', 'details']);
    expect(JSON.parse(JSON.stringify(error))).toEqual(json);
  });

  it('toJSON() leaves out what is not set', () => {
    expect(new NotFound().toJSON()).toEqual({ status: 404, name: 'NotFoundError', message: 'Not Found', description: NOT_FOUND_DESCRIPTION, retryable: false });
  });

  it('toJSON() gives a Date hint as whole seconds from now, rounded up, never negative', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00.000Z') });
    expect(new ServiceUnavailable({ retryAfter: new Date('2026-01-01T00:01:30.200Z') }).toJSON().retryAfter).toBe(91);
    expect(new ServiceUnavailable({ retryAfter: new Date('2025-12-31T00:00:00Z') }).toJSON().retryAfter).toBe(0);
  });
});

describe('one class per documented 4xx/5xx status', () => {
  it('covers the 40 error codes of the catalogue', () => {
    expect(errorEntries).toHaveLength(40);
    expect(Object.keys(errorClasses).map(Number)).toEqual(errorEntries.map((entry) => entry.status));
  });

  it.each(errorEntries.map((entry) => [entry.status, entry] as const))('%i: class, properties and texts match the catalogue', (status, entry) => {
    const StatusError = classFor(status);
    expect(StatusError).toBeDefined();
    expect((errata as unknown as Record<string, unknown>)[entry.name]).toBe(StatusError);
    expect(StatusError.name).toBe(entry.name);
    expect((StatusError as unknown as { status: number }).status).toBe(status);

    const error = new StatusError();
    expect(error).toBeInstanceOf(StatusError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.statusCode).toBe(status);
    expect(error.message).toBe(entry.message);
    expect(error.description).toBe(entry.description);
    expect(error.expose).toBe(status < 500);
    expect(error.headers).toEqual({});
    expect(error.retryable).toBe(RETRYABLE.includes(status));
    expect(entry.retryable).toBe(RETRYABLE.includes(status));
    expect(error.retryAfter).toBeUndefined();
    // The http-errors name, so logs read as they do today.
    expect(error.name).toBe(createHttpError(status).name);
    expect(error.name).toBe(entry.name.endsWith('Error') ? entry.name : `${entry.name}Error`);
    expect(createError(status)).toBeInstanceOf(StatusError);
  });

  it.each(errorEntries.map((entry) => entry.status))('%i: any Retry-After makes it retryable', (status) => {
    const error = new (classFor(status))({ retryAfter: 0 });
    expect(error.retryable).toBe(true);
    expect(error.retryAfter).toBe(0);
    expect(error.headers).toEqual({ 'Retry-After': '0' });
  });

  it('exports the documentation and RFC 9110 names as aliases of the same classes', () => {
    expect(RequestEntityTooLarge).toBe(PayloadTooLarge);
    expect(ContentTooLarge).toBe(PayloadTooLarge);
    expect(RequestURITooLong).toBe(URITooLong);
    expect(RequestedRangeNotSatisfiable).toBe(RangeNotSatisfiable);
    expect(UnprocessableContent).toBe(UnprocessableEntity);
    expect(new ContentTooLarge().status).toBe(413);
    expect(new RequestURITooLong().status).toBe(414);
    expect(new RequestedRangeNotSatisfiable().status).toBe(416);
    expect(new UnprocessableContent().status).toBe(422);
    expect(new RequestEntityTooLarge().name).toBe('PayloadTooLargeError');
  });
});

describe('headers a status requires (RFC 9110)', () => {
  it('405 MethodNotAllowed { allow } sends Allow', () => {
    expect(new MethodNotAllowed({ allow: ['GET', 'HEAD'] }).headers).toEqual({ Allow: 'GET, HEAD' });
    expect(new MethodNotAllowed('Read only', { allow: ['GET'] }).headers).toEqual({ Allow: 'GET' });
    // An empty Allow is meaningful: the resource allows no method.
    expect(new MethodNotAllowed({ allow: [] }).headers).toEqual({ Allow: '' });
    expect(new MethodNotAllowed().headers).toEqual({});
  });

  it('401 Unauthorized { challenge } sends WWW-Authenticate, one challenge or several', () => {
    expect(new Unauthorized({ challenge: 'Bearer realm="api"' }).headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
    expect(new Unauthorized({ challenge: ['Basic realm="x"', 'Bearer'] }).headers).toEqual({ 'WWW-Authenticate': 'Basic realm="x", Bearer' });
  });

  it('407 ProxyAuthenticationRequired { challenge } sends Proxy-Authenticate', () => {
    expect(new ProxyAuthenticationRequired({ challenge: 'Basic realm="proxy"' }).headers).toEqual({ 'Proxy-Authenticate': 'Basic realm="proxy"' });
    expect(new ProxyAuthenticationRequired({ challenge: ['Basic', 'Digest realm="p"'] }).headers).toEqual({ 'Proxy-Authenticate': 'Basic, Digest realm="p"' });
  });

  it('416 RangeNotSatisfiable { size } sends Content-Range: bytes */size', () => {
    expect(new RangeNotSatisfiable({ size: 1000 }).headers).toEqual({ 'Content-Range': 'bytes */1000' });
    expect(new RangeNotSatisfiable({ size: 0 }).headers).toEqual({ 'Content-Range': 'bytes */0' });
    expect(new RangeNotSatisfiable({ size: -1 }).headers).toEqual({});
    expect(new RangeNotSatisfiable({ size: Number.NaN }).headers).toEqual({});
  });

  it('426 UpgradeRequired { upgrade } sends Upgrade', () => {
    expect(new UpgradeRequired({ upgrade: 'TLS/1.3, HTTP/1.1' }).headers).toEqual({ Upgrade: 'TLS/1.3, HTTP/1.1' });
  });

  it('429 TooManyRequests { limit, remaining, reset } sends the RateLimit headers, and Retry-After defaults to reset', () => {
    const error = new TooManyRequests({ limit: 100, remaining: 0, reset: 30 });
    expect(error.headers).toEqual({ 'RateLimit-Limit': 100, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 30, 'Retry-After': '30' });
    expect(error.retryAfter).toBe(30);
    expect(error.retryable).toBe(true);
  });

  it('429: an explicit retryAfter wins over reset; a fractional reset is rounded up', () => {
    expect(new TooManyRequests({ reset: 30, retryAfter: 10 }).headers).toEqual({ 'RateLimit-Reset': 30, 'Retry-After': '10' });
    expect(new TooManyRequests({ reset: 29.2 }).headers).toEqual({ 'RateLimit-Reset': 30, 'Retry-After': '30' });
  });

  it('keeps the caller’s own headers beside the implied ones', () => {
    expect(new MethodNotAllowed({ allow: ['GET'], headers: { 'X-Trace': 'a' } }).headers).toEqual({ 'X-Trace': 'a', Allow: 'GET' });
  });

  it('ignores a status-specific option on another status at run time', () => {
    expect(createError(404, { allow: ['GET'] } as errata.HttpErrorOptions).headers).toEqual({});
  });

  it('does not share or leak headers between errors', () => {
    const headers = { 'X-A': '1' };
    const error = new MethodNotAllowed({ allow: ['GET'], headers });
    expect(headers).toEqual({ 'X-A': '1' });
    expect(new NotFound().headers).toEqual({});
    expect(error.headers).not.toBe(headers);
  });
});

describe('retry hints', () => {
  it('retryAfter in seconds sends Retry-After and makes any status retryable', () => {
    const unavailable = new ServiceUnavailable({ retryAfter: 30 });
    expect(unavailable.headers).toEqual({ 'Retry-After': '30' });
    expect(unavailable.retryAfter).toBe(30);
    expect(unavailable.retryable).toBe(true);
    expect(new PayloadTooLarge({ retryAfter: 30 }).retryable).toBe(true);
    expect(new PayloadTooLarge().retryable).toBe(false);
    expect(new BadRequest({ retryAfter: 5 }).retryable).toBe(true);
    expect(new BadRequest().retryable).toBe(false);
  });

  it('a Date is sent as an IMF-fixdate and kept as the Date', () => {
    const at = new Date('1994-11-06T08:49:37Z');
    const error = new ServiceUnavailable({ retryAfter: at });
    expect(error.headers).toEqual({ 'Retry-After': 'Sun, 06 Nov 1994 08:49:37 GMT' });
    expect(error.retryAfter).toBe(at);
    expect(error.retryable).toBe(true);
  });

  it.each([
    [-5, 0],
    [-0.5, 0],
    [2.1, 3],
    [0.0001, 1],
    [59.999, 60],
  ])('retryAfter %d seconds becomes %d', (given, expected) => {
    const error = new ServiceUnavailable({ retryAfter: given });
    expect(error.retryAfter).toBe(expected);
    expect(error.headers).toEqual({ 'Retry-After': String(expected) });
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an invalid Date', new Date('not a date')],
  ])('drops %s', (_label, given) => {
    const error = new BadRequest({ retryAfter: given });
    expect(error.retryAfter).toBeUndefined();
    expect(error.headers).toEqual({});
    expect(error.retryable).toBe(false);
  });

  it('reads a raw Retry-After header as the hint and keeps the header as given', () => {
    const error = new BadRequest({ headers: { 'retry-after': '5' } });
    expect(error.retryAfter).toBe(5);
    expect(error.retryable).toBe(true);
    expect(error.headers).toEqual({ 'retry-after': '5' });

    expect(new BadRequest({ headers: { 'Retry-After': 12 } }).retryAfter).toBe(12);
    expect(new BadRequest({ headers: { 'Retry-After': 'Sun, 06 Nov 1994 08:49:37 GMT' } }).retryAfter).toEqual(new Date('1994-11-06T08:49:37Z'));
  });

  it('an unreadable raw Retry-After is no hint', () => {
    const error = new BadRequest({ headers: { 'Retry-After': 'soon' } });
    expect(error.retryAfter).toBeUndefined();
    expect(error.retryable).toBe(false);
  });

  it('retryAfter replaces a raw Retry-After header of any case', () => {
    expect(new ServiceUnavailable({ retryAfter: 30, headers: { 'retry-after': '5', 'X-A': 'b' } }).headers).toEqual({ 'X-A': 'b', 'Retry-After': '30' });
  });
});

describe('instanceof', () => {
  class UserNotFound extends NotFound {
    constructor(id: number) {
      super(`User ${id} does not exist`, { code: 'USER_NOT_FOUND' });
    }
  }

  it('an error is an instance of its class, HttpError and Error, and of no other status class', () => {
    const error = new NotFound();
    expect(error instanceof NotFound).toBe(true);
    expect(error instanceof HttpError).toBe(true);
    expect(error instanceof Error).toBe(true);
    expect(error instanceof BadRequest).toBe(false);
    expect(error instanceof InternalServerError).toBe(false);
    expect(new ContentTooLarge() instanceof PayloadTooLarge).toBe(true);
  });

  it('non-errors are instances of nothing', () => {
    for (const value of [null, undefined, 404, 'NotFound', {}, { status: 404 }, new Error('x'), createHttpError(404)]) {
      expect(value instanceof NotFound).toBe(false);
      expect(value instanceof HttpError).toBe(false);
    }
  });

  it('a user subclass is its parent; the parent is not the subclass', () => {
    const error = new UserNotFound(42);
    expect(error instanceof UserNotFound).toBe(true);
    expect(error instanceof NotFound).toBe(true);
    expect(error instanceof HttpError).toBe(true);
    expect(error.status).toBe(404);
    expect(error.message).toBe('User 42 does not exist');
    expect(error.code).toBe('USER_NOT_FOUND');
    expect(error.name).toBe('NotFoundError');
    expect(new NotFound() instanceof UserNotFound).toBe(false);
    expect(createError(404) instanceof UserNotFound).toBe(false);
  });

  it('a user subclass of HttpError keeps ordinary semantics', () => {
    class Teapot extends HttpError<418> {
      constructor() {
        super(418, 'Short and stout');
      }
    }
    expect(new Teapot() instanceof Teapot).toBe(true);
    expect(new Teapot() instanceof HttpError).toBe(true);
    expect(new Teapot() instanceof errata.ImATeapot).toBe(true);
    expect(new errata.ImATeapot() instanceof Teapot).toBe(false);
  });
});

describe('two copies of errata (the CommonJS build and the ES module source)', () => {
  let cjs: typeof errata;
  let esm: typeof errata;

  beforeAll(async () => {
    ensureDist();
    cjs = require(join(distDir, 'index.cjs')) as typeof errata;
    esm = (await import(pathToFileURL(join(distDir, 'index.js')).href)) as typeof errata;
  }, 200_000);

  it('are distinct copies', () => {
    expect(cjs.NotFound).not.toBe(NotFound);
    expect(cjs.HttpError).not.toBe(HttpError);
    expect(esm.NotFound).not.toBe(cjs.NotFound);
  });

  it('an error from the CJS build is an instance of the source classes', () => {
    const error = new cjs.NotFound('from cjs');
    expect(error instanceof NotFound).toBe(true);
    expect(error instanceof HttpError).toBe(true);
    expect(error instanceof BadRequest).toBe(false);
    expect(isHttpError(error)).toBe(true);
    // Another copy's error is rebuilt field by field (each read once): this copy cannot tell it from a forged brand.
    const rebuilt = toHttpError(error);
    expect(rebuilt).toBeInstanceOf(NotFound);
    expect(rebuilt.message).toBe('from cjs');
    expect(rebuilt.cause).toBe(error);
    expect(rebuilt.stack).toBe(error.stack);
  });

  it('an error from the source is an instance of the CJS and ESM build classes', () => {
    const error = new NotFound('from source');
    expect(error instanceof cjs.NotFound).toBe(true);
    expect(error instanceof cjs.HttpError).toBe(true);
    expect(error instanceof cjs.BadRequest).toBe(false);
    expect(cjs.isHttpError(error)).toBe(true);
    expect(error instanceof esm.NotFound).toBe(true);
    expect(esm.isHttpError(error)).toBe(true);
    expect(new esm.TooManyRequests() instanceof cjs.TooManyRequests).toBe(true);
  });
});

describe('http-errors interop: frameworks answer errata errors without errata middleware', () => {
  it("http-errors' isHttpError accepts errata errors", () => {
    expect(createHttpError.isHttpError(new NotFound())).toBe(true);
    expect(createHttpError.isHttpError(new InternalServerError())).toBe(true);
    expect(createHttpError.isHttpError(createError(499))).toBe(true);
  });

  it("Koa's own ctx.onerror answers 429 with Retry-After", async () => {
    const app = new Koa();
    app.use(() => {
      throw new TooManyRequests({ retryAfter: 7 });
    });
    const response = await request(app.callback()).get('/');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.text).toBe('Too Many Requests');
  });

  it("Koa's own ctx.onerror sends Allow with a 405 and hides a 5xx message", async () => {
    const app = new Koa();
    app.silent = true;
    app.use((ctx) => {
      if (ctx.path === '/405') throw new MethodNotAllowed('Read only', { allow: ['GET', 'HEAD'] });
      throw new InternalServerError('database password rejected');
    });
    const notAllowed = await request(app.callback()).post('/405');
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.allow).toBe('GET, HEAD');
    expect(notAllowed.text).toBe('Read only');
    const failed = await request(app.callback()).get('/500');
    expect(failed.status).toBe(500);
    expect(failed.text).toBe('Internal Server Error');
  });

  it("Express 5's finalhandler answers next(new NotFound()) with 404 and the error's headers", async () => {
    const app = express();
    app.get('/missing', (_req, _res, next) => next(new NotFound({ headers: { 'X-Errata': 'yes' } })));
    app.get('/busy', (_req, _res, next) => next(new ServiceUnavailable({ retryAfter: 120 })));
    app.delete('/ro', (_req, _res, next) => next(new MethodNotAllowed({ allow: ['GET'] })));

    const missing = await request(app).get('/missing');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-errata']).toBe('yes');
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.text).toContain('NotFoundError: Not Found');

    const busy = await request(app).get('/busy');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('120');

    const readOnly = await request(app).delete('/ro');
    expect(readOnly.status).toBe(405);
    expect(readOnly.headers.allow).toBe('GET');
  });
});

describe('stack traces', () => {
  const lines = (stack: string | undefined): number => (stack ?? '').split('\n').length;

  const stacksIn = (env: string | undefined): { notFound: string; internal: number; forced: number; limit: number } => {
    const code = `
      import { NotFound, InternalServerError } from './src/index.ts';
      const lines = (e) => e.stack.split('\\n').length;
      console.log(JSON.stringify({
        notFound: new NotFound('gone').stack,
        internal: lines(new InternalServerError()),
        forced: lines(new NotFound({ captureStack: true })),
        limit: Error.stackTraceLimit,
      }));`;
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    if (env === undefined) delete childEnv.NODE_ENV;
    else childEnv.NODE_ENV = env;
    return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, env: childEnv, encoding: 'utf8' }));
  };

  it('with NODE_ENV=development, 4xx and 5xx errors capture a stack', () => {
    const result = stacksIn('development');
    expect(result.notFound.split('\n')[0]).toBe('NotFoundError: gone');
    expect(lines(result.notFound)).toBeGreaterThan(1);
    expect(result.internal).toBeGreaterThan(1);
  });

  it.each([['production', 'production'], ['unset', undefined], ['test', 'test'], ['staging', 'staging']])('with NODE_ENV %s (production by default), 4xx skip the stack', (_label, env) => {
    const result = stacksIn(env);
    expect(result.notFound).toBe('NotFoundError: gone');
    expect(result.internal).toBeGreaterThan(1);
    expect(result.forced).toBeGreaterThan(1);
    expect(result.limit).toBe(10);
  });

  it('captureStack: false skips it, and Error.stackTraceLimit is left as it was', () => {
    const limit = Error.stackTraceLimit;
    expect(new NotFound({ captureStack: false }).stack).toBe('NotFoundError: Not Found');
    expect(new InternalServerError({ captureStack: false }).stack).toBe('InternalServerError: Internal Server Error');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

describe('createError', () => {
  it('gives the class for a documented status', () => {
    const error = createError(404, 'User 42 does not exist', { code: 'USER_NOT_FOUND' });
    expect(Object.getPrototypeOf(error)).toBe(NotFound.prototype);
    expect(error.message).toBe('User 42 does not exist');
    expect(error.code).toBe('USER_NOT_FOUND');
    const limited = createError(429, { retryAfter: 30 });
    expect(Object.getPrototypeOf(limited)).toBe(TooManyRequests.prototype);
    expect(limited.headers).toEqual({ 'Retry-After': '30' });
    expect(createError(405, { allow: ['GET'] }).headers).toEqual({ Allow: 'GET' });
  });

  it('gives a plain HttpError for an uncatalogued 4xx/5xx status', () => {
    const error = createError(499);
    expect(Object.getPrototypeOf(error)).toBe(HttpError.prototype);
    expect(error.status).toBe(499);
    expect(error.statusCode).toBe(499);
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe('Error 499');
    expect(error.description).toBe('');
    expect(error.expose).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error instanceof HttpError).toBe(true);
    expect(error instanceof BadRequest).toBe(false);
    expect(createError(499, 'Client closed the connection').message).toBe('Client closed the connection');
    expect(createError(599, { retryAfter: 1 }).retryable).toBe(true);
    expect(createError(599).expose).toBe(false);
  });

  it("names an uncatalogued status Node knows after Node's reason phrase", () => {
    const error = createError(509);
    expect(error.name).toBe('BandwidthLimitExceededError');
    expect(error.message).toBe('Bandwidth Limit Exceeded');
  });

  it.each([399, 600, 200, 3.5, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError naming status %d', (status) => {
    expect(() => createError(status)).toThrow(RangeError);
    expect(() => createError(status)).toThrow(`createError: status ${String(status)} is not an error status (400–599)`);
  });

  it('HttpError itself refuses a status outside 400–599', () => {
    expect(() => new HttpError(302)).toThrow(new RangeError('HttpError: status 302 is not an error status (400–599)'));
  });
});

describe('isHttpError', () => {
  it('is true for errata errors only', () => {
    expect(isHttpError(new NotFound())).toBe(true);
    expect(isHttpError(createError(499))).toBe(true);
    for (const value of [createHttpError(404), new Error('x'), { status: 404, statusCode: 404, expose: true }, null, undefined, 'NotFound', 404]) {
      expect(isHttpError(value)).toBe(false);
    }
  });

  it('does not throw on a revoked Proxy or a throwing trap', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(isHttpError(proxy)).toBe(false);
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(isHttpError(hostile)).toBe(false);
    expect(hostile instanceof NotFound).toBe(false);
  });

  it('narrows unknown to HttpError', () => {
    const value: unknown = new TooManyRequests({ retryAfter: 3 });
    if (!isHttpError(value)) throw new Error('expected an HttpError');
    expect(value.retryAfter).toBe(3);
  });
});

describe('arguments from JavaScript callers', () => {
  const anyArgs = (Class: unknown, ...args: unknown[]): unknown => new (Class as new (...a: unknown[]) => unknown)(...args);

  it.each([
    ['a number as the message', [123], /NotFound: the first argument must be a message string or an options object, not number/],
    ['an array as the message', [['x']], /not an array/],
    ['a boolean as the message', [true], /not boolean/],
    ['a string as the options', ['x', 'y'], /NotFound: options must be an object, not string/],
    ['a second argument after options', [{}, 'y'], /unexpected second argument \(string\) after an options object/],
    ['a string retryAfter', [{ retryAfter: '30' }], /NotFound: options\.retryAfter must be a number of seconds or a Date, not string/],
    ['an object as options.message', [{ message: { toString: 1 } }], /NotFound: options\.message must be a string, not object/],
    ['a number as options.code', [{ code: 42 }], /options\.code must be a string, not number/],
    ['a string as options.expose', [{ expose: 'yes' }], /options\.expose must be a boolean, not string/],
    ['a string as options.headers', [{ headers: 'X-A: 1' }], /options\.headers must be an object, not string/],
  ])('rejects %s with a TypeError naming the argument', (_label, args, message) => {
    expect(() => anyArgs(NotFound, ...args)).toThrow(TypeError);
    expect(() => anyArgs(NotFound, ...args)).toThrow(message);
  });

  it('accepts no message (undefined or null) followed by options, as createError passes them', () => {
    expect((anyArgs(NotFound, undefined, { code: 'X' }) as NotFound).code).toBe('X');
    expect((anyArgs(NotFound, null, { code: 'Y' }) as NotFound).code).toBe('Y');
    expect((anyArgs(NotFound, 'm', null) as NotFound).message).toBe('m');
  });

  it('leaves Error.stackTraceLimit as it was when a constructor throws (a request body cannot switch stacks off)', () => {
    const limit = Error.stackTraceLimit;
    // The request body `{"reason":{"message":{"toString":1}}}` passed straight to a constructor.
    const reason = JSON.parse('{"message":{"toString":1}}') as unknown;
    expect(() => anyArgs(BadRequest, reason)).toThrow(TypeError);
    const throwingCause = { get cause(): never { throw new Error('cause getter'); } };
    expect(() => new BadRequest(throwingCause as never)).toThrow('cause getter');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new InternalServerError().stack?.split('\n').length).toBeGreaterThan(1);
  });
});

describe('createError: the http-errors call shapes that keep the types whole, and names in both builds', () => {
  // What a JavaScript caller (or code written for http-errors) passes, past the compiler's checks.
  const loose = createError as unknown as (...args: unknown[]) => HttpError & Record<string, unknown>;

  it("createError(status, message, props) uses errata's options in props as http-errors uses its own", () => {
    const props = { code: 'USER_NOT_FOUND', details: { id: 42 }, headers: { 'X-Trace': 'abc' }, expose: true };
    const error = createError(404, 'User 42 does not exist', props);
    const theirs = createHttpError(404, 'User 42 does not exist', props);
    expect(error).toBeInstanceOf(NotFound);
    for (const key of ['status', 'statusCode', 'message', 'expose', 'headers', 'code', 'details'] as const) {
      expect(error[key]).toEqual(theirs[key]);
    }
    expect(createError(500, 'Disk full', { expose: true }).expose).toBe(true);
  });

  it('copies other own properties of props onto the error, as http-errors does, without shadowing anything errata defines', () => {
    const error = loose(404, 'User 42 does not exist', { userId: 42, tenant: 'acme' });
    expect(error.userId).toBe(42);
    expect(error.tenant).toBe('acme');
    expect(createHttpError(404, 'x', { userId: 42 }).userId).toBe(42);
    // Never the fields errata sets, nor anything on the prototype chain, nor the options it consumed.
    const hostile = loose(404, JSON.parse('{"status":200,"statusCode":200,"name":"Ok","toJSON":1,"constructor":1,"__proto__":{"expose":true},"captureStack":false,"allow":["GET"]}'));
    expect(Object.getPrototypeOf(hostile)).toBe(NotFound.prototype);
    expect(hostile.status).toBe(404);
    expect(hostile.statusCode).toBe(404);
    expect(hostile.name).toBe('NotFoundError');
    expect(typeof hostile.toJSON).toBe('function');
    expect(hostile.constructor).toBe(NotFound);
    expect(Object.hasOwn(hostile, 'captureStack')).toBe(false);
    expect(Object.hasOwn(hostile, 'allow')).toBe(false);
    expect(hostile.headers).toEqual({});
  });

  it('never sends the copied properties in a response', async () => {
    const { createErrorHandler } = await import('../src/adapters/express/index.js');
    const app = express();
    app.get('/users/:id', () => {
      throw loose(404, 'User 42 does not exist', { userId: 42, secret: 'hunter2' });
    });
    app.use(createErrorHandler({ production: true }));
    const res = await request(app).get('/users/42');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', description: catalog[404].description, retryable: false });
    expect(res.text).not.toContain('hunter2');
  });

  it("createError(status, error) wraps the error as cause and sends the documented message, not the error's own", () => {
    const original = Object.assign(new Error("ENOENT: no such file or directory, open '/srv/app/secrets.json'"), { code: 'ENOENT' });
    const error = createError(404, original);
    expect(error).toBeInstanceOf(NotFound);
    expect(error.cause).toBe(original);
    expect(error.message).toBe('Not Found');
    expect(error.code).toBeUndefined();
    expect(error.expose).toBe(true);
    // With options after it, as createError(status, error, options).
    const withOptions = createError(502, original, { code: 'UPSTREAM', retryAfter: 5 });
    expect(withOptions).toBeInstanceOf(errata.BadGateway);
    expect(withOptions.cause).toBe(original);
    expect(withOptions.code).toBe('UPSTREAM');
    expect(withOptions.headers).toEqual({ 'Retry-After': '5' });
  });

  it('createError(status, error) keeps the message of an error that says expose: true (an http-errors 4xx)', () => {
    const theirs = createHttpError(400, 'Email is required');
    const error = createError(422, theirs);
    expect(error).toBeInstanceOf(UnprocessableEntity);
    expect(error.message).toBe('Email is required');
    expect(error.cause).toBe(theirs);
    expect(createError(422, theirs, { message: 'Check the form' }).message).toBe('Check the form');
    expect(createError(500, createHttpError(500, 'pool exhausted')).message).toBe('Internal Server Error');
  });

  it('createError(error) is toHttpError(error): its status if it has one, else a 500 hiding it', () => {
    const plain = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const internal = createError(plain);
    expect(internal).toBeInstanceOf(InternalServerError);
    expect(internal.message).toBe('Internal Server Error');
    expect(internal.expose).toBe(false);
    expect(internal.cause).toBe(plain);
    const forbidden = createError(createHttpError(403, 'Not yours'));
    expect(forbidden).toBeInstanceOf(errata.Forbidden);
    expect(forbidden.message).toBe('Not yours');
    const ours = new NotFound();
    expect(createError(ours)).toBe(ours);
  });

  it.each([
    ['a message alone', ['User not found'], 'createError: the first argument must be a status (400–599) or an Error, not string'],
    ['null', [null], 'createError: the first argument must be a status (400–599) or an Error, not null'],
    ['a plain object with a status', [{ status: 404 }], 'createError: the first argument must be a status (400–599) or an Error, not object'],
    ['options after an error', [new Error('x'), { expose: true }], 'createError: nothing may follow an error; use createError(status, error, options) to give it a status and options'],
    ['a string as the options after an error', [404, new Error('x'), 'y'], 'createError: options must be an object, not string'],
  ])('refuses %s with a TypeError naming what was wrong', (_label, args, message) => {
    expect(() => loose(...args)).toThrow(new TypeError(message));
  });

  it('carries every class by its http-errors name, aliases, HttpError and isHttpError (createError.NotFound)', () => {
    const members = createError as unknown as Record<string, unknown>;
    // http-errors names each class after its status's reason phrase; errata documents the same names.
    for (const [status, ErrorClass] of Object.entries(errorClasses)) {
      const theirs = (createHttpError as unknown as Record<string, unknown>)[status];
      const names = Object.keys(createHttpError).filter((key) => key !== status && (createHttpError as unknown as Record<string, unknown>)[key] === theirs);
      expect(names, `http-errors names ${status}`).toHaveLength(1);
      expect(members[names[0]!], `createError.${names[0]!}`).toBe(ErrorClass);
      expect(members[ErrorClass.name]).toBe(ErrorClass);
    }
    expect(createError.ContentTooLarge).toBe(PayloadTooLarge);
    expect(createError.UnprocessableContent).toBe(UnprocessableEntity);
    expect(createError.HttpError).toBe(HttpError);
    expect(createError.isHttpError).toBe(isHttpError);
    expect(new createError.NotFound('gone')).toBeInstanceOf(NotFound);
    expect(members[404]).toBeUndefined();
  });

  describe.each([
    ['CommonJS build', (): typeof errata => require(join(distDir, 'index.cjs')) as typeof errata],
    ['ES module build', async (): Promise<typeof errata> => (await import(pathToFileURL(join(distDir, 'index.js')).href)) as typeof errata],
  ])('the %s', (_build, load) => {
    const ALIASES: Readonly<Record<string, string>> = {
      RequestEntityTooLarge: 'PayloadTooLarge',
      ContentTooLarge: 'PayloadTooLarge',
      RequestURITooLong: 'URITooLong',
      RequestedRangeNotSatisfiable: 'RangeNotSatisfiable',
      UnprocessableContent: 'UnprocessableEntity',
    };
    let built: typeof errata;

    beforeAll(async () => {
      ensureDist();
      built = await load();
    }, 200_000);

    it('names HttpError "HttpError" (not a bundler\'s "_HttpError"), on the class, its instances and their stacks', () => {
      expect(built.HttpError.name).toBe('HttpError');
      const error = new built.HttpError(499, 'Client closed the connection', { captureStack: true });
      expect(error.name).toBe('HttpError');
      expect(String(error)).toBe('HttpError: Client closed the connection');
      expect(error.stack?.split('\n')[0]).toBe('HttpError: Client closed the connection');
    });

    it("names every class after its export and every instance as http-errors names its status's errors", () => {
      const classes = Object.entries(built).filter(
        ([, value]) => typeof value === 'function' && value !== built.HttpError && (value as { prototype?: unknown }).prototype instanceof built.HttpError,
      );
      expect(classes).toHaveLength(Object.keys(errorClasses).length + Object.keys(ALIASES).length);
      for (const [exported, value] of classes) {
        const ErrorClass = value as new () => HttpError;
        const name = ALIASES[exported] ?? exported;
        expect(ErrorClass.name, exported).toBe(name);
        const instance = new ErrorClass();
        const expected = createHttpError(instance.status).name;
        expect(instance.name, exported).toBe(expected);
        expect(new ErrorClass().toJSON().name).toBe(expected);
      }
      expect(new built.NotFound('gone', { captureStack: true }).stack?.split('\n')[0]).toBe('NotFoundError: gone');
    });
  });
});
