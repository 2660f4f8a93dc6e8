import Boom from '@hapi/boom';
import { bodyParser } from '@koa/bodyparser';
import express, { type ErrorRequestHandler } from 'express';
import createHttpError from 'http-errors';
import Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  BadRequest,
  HttpError,
  InternalServerError,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UnsupportedMediaType,
  catalog,
  toHttpError,
} from '../src/index.js';

/** What every value that is not an HTTP error becomes: a 500 that keeps the original as cause and exposes none of it. */
function expectHidden(value: unknown): HttpError {
  const error = toHttpError(value);
  expect(error).toBeInstanceOf(InternalServerError);
  expect(error.status).toBe(500);
  expect(error.cause).toBe(value);
  expect(error.expose).toBe(false);
  expect(error.message).toBe('Internal Server Error');
  expect(error.description).toBe(catalog[500].description);
  expect(error.headers).toEqual({});
  expect(error.code).toBeUndefined();
  expect(error.details).toBeUndefined();
  expect(error.retryable).toBe(false);
  return error;
}

/** Sends a request through a real Koa app and returns what the route threw. */
async function thrownByKoa(route: Koa.Middleware, setup?: (app: Koa) => void, body?: string): Promise<unknown> {
  const app = new Koa();
  let caught: unknown;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      caught = error;
      ctx.status = 204;
    }
  });
  setup?.(app);
  app.use(route);
  if (body === undefined) await request(app.callback()).get('/');
  else await request(app.callback()).post('/').set('Content-Type', 'application/json').send(body);
  return caught;
}

/** Posts a body through a real Express app with `express.json({ limit: '1kb' })` and returns the error it passed on. */
async function bodyParserError(body: string, headers: Record<string, string> = {}): Promise<unknown> {
  const app = express();
  let caught: unknown;
  app.post('/', express.json({ limit: '1kb' }), (_req, res) => {
    res.sendStatus(204);
  });
  const capture: ErrorRequestHandler = (error, _req, res, _next) => {
    caught = error;
    res.sendStatus(204);
  };
  app.use(capture);
  await request(app).post('/').set({ 'Content-Type': 'application/json', ...headers }).send(body);
  return caught;
}

describe('toHttpError: errata errors', () => {
  it('returns an errata error as it is', () => {
    const error = new NotFound('User 42 does not exist');
    expect(toHttpError(error)).toBe(error);
    const internal = new InternalServerError('db down', { expose: true });
    expect(toHttpError(internal)).toBe(internal);
  });
});

describe('toHttpError: http-errors and Koa ctx.throw', () => {
  it('keeps the status and message of createError(404, …) and keeps the original as cause', () => {
    const original = createHttpError(404, 'x');
    const error = toHttpError(original);
    expect(error).toBeInstanceOf(NotFound);
    expect(error.status).toBe(404);
    expect(error.message).toBe('x');
    expect(error.expose).toBe(true);
    expect(error.cause).toBe(original);
    expect(error.description).toBe(catalog[404].description);
    expect(error.stack).toBe(original.stack);
  });

  it('keeps a 5xx message but does not expose it', () => {
    const error = toHttpError(createHttpError(503, 'database connection refused'));
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect(error.message).toBe('database connection refused');
    expect(error.expose).toBe(false);
    const bare = toHttpError(createHttpError(500));
    expect(bare.message).toBe('Internal Server Error');
    expect(bare.expose).toBe(false);
  });

  it('keeps expose when the original sets it', () => {
    expect(toHttpError(createHttpError(400, 'bad', { expose: false })).expose).toBe(false);
    expect(toHttpError(createHttpError(502, 'upstream said no', { expose: true })).expose).toBe(true);
  });

  it('keeps headers, and reads Retry-After among them as the retry hint', () => {
    const unauthorized = toHttpError(createHttpError(401, 'Log in', { headers: { 'WWW-Authenticate': 'Basic realm="app"' } }));
    expect(unauthorized).toBeInstanceOf(Unauthorized);
    expect(unauthorized.headers).toEqual({ 'WWW-Authenticate': 'Basic realm="app"' });

    const unavailable = toHttpError(createHttpError(503, 'maintenance', { headers: { 'Retry-After': '10' } }));
    expect(unavailable.headers).toEqual({ 'Retry-After': '10' });
    expect(unavailable.retryAfter).toBe(10);
    expect(unavailable.retryable).toBe(true);
  });

  it('reads a real Koa ctx.throw with headers', async () => {
    const original = await thrownByKoa((ctx) => {
      ctx.throw(401, 'Log in first', { headers: { 'WWW-Authenticate': 'Bearer' } });
    });
    const error = toHttpError(original);
    expect(error).toBeInstanceOf(Unauthorized);
    expect(error.message).toBe('Log in first');
    expect(error.expose).toBe(true);
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(error.cause).toBe(original);
  });

  it('reads a real Koa ctx.throw(500, …) and ctx.assert', async () => {
    const internal = toHttpError(await thrownByKoa((ctx) => ctx.throw(500, 'secret detail')));
    expect(internal.status).toBe(500);
    expect(internal.message).toBe('secret detail');
    expect(internal.expose).toBe(false);

    const forbidden = toHttpError(await thrownByKoa((ctx) => ctx.assert(false, 403, 'Admins only')));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe('Admins only');
  });

  it('reads a Koa ctx.throw-style plain object', () => {
    const error = toHttpError({ status: 409, statusCode: 409, expose: true, message: 'Version mismatch', headers: { ETag: '"v2"', 'Retry-After': '3' } });
    expect(error.status).toBe(409);
    expect(error.message).toBe('Version mismatch');
    expect(error.expose).toBe(true);
    // An ETag describes a representation, not the error: only the headers that describe the error pass.
    expect(error.headers).toEqual({ 'Retry-After': '3' });
  });
});

describe('toHttpError: Boom', () => {
  it('Boom.tooManyRequests(): status from output, documented message', () => {
    const original = Boom.tooManyRequests();
    const error = toHttpError(original);
    expect(error).toBeInstanceOf(TooManyRequests);
    expect(error.status).toBe(429);
    expect(error.message).toBe('Too Many Requests');
    expect(error.expose).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(original);
  });

  it("Boom.notFound('x'): the payload message", () => {
    const error = toHttpError(Boom.notFound('x'));
    expect(error).toBeInstanceOf(NotFound);
    expect(error.message).toBe('x');
    expect(error.expose).toBe(true);
  });

  it("Boom.badImplementation(): Boom's public message, not exposed", () => {
    const error = toHttpError(Boom.badImplementation('the real reason'));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(500);
    expect(error.message).toBe('An internal server error occurred');
    expect(error.expose).toBe(false);
  });

  it('headers come from output.headers', () => {
    const error = toHttpError(Boom.unauthorized('bad token', 'Bearer'));
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer error="bad token"' });

    const unavailable = Boom.serverUnavailable('maintenance');
    unavailable.output.headers['Retry-After'] = '120';
    const converted = toHttpError(unavailable);
    expect(converted.status).toBe(503);
    expect(converted.message).toBe('maintenance');
    expect(converted.expose).toBe(false);
    expect(converted.headers).toEqual({ 'Retry-After': '120' });
    expect(converted.retryAfter).toBe(120);
  });
});

describe('toHttpError: body parsers', () => {
  it('a real body-parser error for a body over the limit becomes 413', async () => {
    const original = await bodyParserError(JSON.stringify({ data: 'x'.repeat(2048) }));
    expect((original as { type?: string }).type).toBe('entity.too.large');
    const error = toHttpError(original);
    expect(error).toBeInstanceOf(PayloadTooLarge);
    expect(error.status).toBe(413);
    expect(error.message).toBe('request entity too large');
    expect(error.expose).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(original);
  });

  it('a real body-parser error for malformed JSON becomes 400 with the parser’s message', async () => {
    const original = await bodyParserError('{"unterminated": ');
    expect((original as { type?: string }).type).toBe('entity.parse.failed');
    const error = toHttpError(original);
    expect(error).toBeInstanceOf(BadRequest);
    expect(error.message).toBe((original as Error).message);
    expect(error.expose).toBe(true);
  });

  it('real body-parser errors for an unknown charset or content encoding become 415', async () => {
    const charset = await bodyParserError('{}', { 'Content-Type': 'application/json; charset=klingon' });
    expect((charset as { type?: string }).type).toBe('charset.unsupported');
    expect(toHttpError(charset)).toBeInstanceOf(UnsupportedMediaType);
    const encoding = await bodyParserError('{}', { 'Content-Encoding': 'klingon' });
    expect((encoding as { type?: string }).type).toBe('encoding.unsupported');
    expect(toHttpError(encoding).status).toBe(415);
  });

  it('a real @koa/bodyparser (co-body) error over the limit becomes 413', async () => {
    const original = await thrownByKoa(
      (ctx) => {
        ctx.status = 204;
      },
      (app) => app.use(bodyParser({ jsonLimit: '1kb' })),
      JSON.stringify({ data: 'x'.repeat(2048) }),
    );
    expect((original as { type?: string }).type).toBe('entity.too.large');
    expect(toHttpError(original).status).toBe(413);
  });

  it.each([
    ['entity.too.large', 413],
    ['parameters.too.many', 413],
    ['entity.parse.failed', 400],
    ['entity.verify.failed', 403],
    ['encoding.unsupported', 415],
    ['charset.unsupported', 415],
    ['request.aborted', 400],
    ['request.size.invalid', 400],
    ['stream.encoding.set', 500],
    ['stream.not.readable', 500],
  ])('type %s → %i, even with no status on the error', (type, status) => {
    // The parsers' errors come from http-errors, which marks 4xx `expose: true`; without it nothing is exposed.
    const original = { type, message: `raw-body: ${type}`, expose: status < 500 };
    const error = toHttpError(original);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`raw-body: ${type}`);
    expect(error.expose).toBe(status < 500);
    expect(toHttpError({ type, message: 'x' }).expose).toBe(false);
    expect(error.cause).toBe(original);
  });

  it('an unknown or inherited type falls back to the status', () => {
    expect(toHttpError({ type: 'validation', status: 422 }).status).toBe(422);
    expect(toHttpError({ type: 'constructor', status: 404 }).status).toBe(404);
    expect(toHttpError({ type: 'toString', statusCode: 429 }).status).toBe(429);
    expectHidden({ type: 'hasOwnProperty' });
  });
});

describe('toHttpError: any object with an error status', () => {
  it.each([
    [{ status: 400 }, 400],
    [{ statusCode: 429 }, 429],
    [{ status: 418, message: 'Short and stout' }, 418],
    [Object.assign(new Error('conflict'), { status: 409 }), 409],
    [{ status: 599 }, 599],
  ])('%o → %i', (value, status) => {
    const error = toHttpError(value);
    expect(error.status).toBe(status);
    expect(error.statusCode).toBe(status);
    expect(error.cause).toBe(value);
  });

  it('keeps the message, or uses the documented one when it is missing or not a string', () => {
    expect(toHttpError({ status: 418, message: 'Short and stout' }).message).toBe('Short and stout');
    expect(toHttpError({ status: 404, message: '' }).message).toBe('Not Found');
    expect(toHttpError({ status: 404, message: 42 }).message).toBe('Not Found');
  });

  it('a status outside the catalogue gives a plain HttpError', () => {
    const error = toHttpError({ status: 599, message: 'Network connect timeout' });
    expect(Object.getPrototypeOf(error)).toBe(HttpError.prototype);
    expect(error.message).toBe('Network connect timeout');
    expect(error.expose).toBe(false);
  });

  it('keeps the stack of an Error', () => {
    const original = Object.assign(new Error('conflict'), { status: 409 });
    expect(toHttpError(original).stack).toBe(original.stack);
  });
});

describe('toHttpError: everything else becomes a hidden 500', () => {
  it.each([
    ['a plain Error', new Error('database password rejected')],
    ['a TypeError', new TypeError('x is not a function')],
    ['a string', 'string'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a 2xx status', { status: 200 }],
    ['a 3xx statusCode', { statusCode: 302 }],
    ['a status of 600', { status: 600 }],
    ['a status of 399', { status: 399 }],
    ['a fractional status', { status: 404.5 }],
    ['a numeric string status', { status: '404' }],
    ['a NaN status', { status: Number.NaN }],
    ['a Boom-like object without output', { isBoom: true }],
    ['an array', [404]],
  ])('%s', (_label, value) => {
    expectHidden(value);
  });

  it('keeps the stack of a wrapped Error for logs', () => {
    const original = new Error('database password rejected');
    expect(expectHidden(original).stack).toBe(original.stack);
  });

  it('an object whose getters throw', () => {
    const hostile = {
      get status(): number {
        throw new Error('getter');
      },
      get message(): string {
        throw new Error('getter');
      },
    };
    expectHidden(hostile);
  });

  it('an Error whose stack getter throws', () => {
    const original = new Error('x');
    Object.defineProperty(original, 'stack', {
      get() {
        throw new Error('getter');
      },
    });
    expectHidden(original);
  });

  it('a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ status: 404 }, {});
    revoke();
    expectHidden(proxy);
  });

  it('a Proxy whose every trap throws', () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    expectHidden(hostile);
  });
});
