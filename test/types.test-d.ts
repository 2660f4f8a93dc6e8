import { describe, expectTypeOf, it } from 'vitest';
import {
  HttpError,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  ProxyAuthenticationRequired,
  RangeNotSatisfiable,
  TooManyRequests,
  Unauthorized,
  UpgradeRequired,
  catalog,
  createError,
  isHttpError,
  parseRetryAfter,
  toHttpError,
  type HttpErrorJSON,
  type RetryAfter,
} from '../src/index.js';

describe('status literal types', () => {
  it('each class has its literal status', () => {
    expectTypeOf(new NotFound().status).toEqualTypeOf<404>();
    expectTypeOf(new NotFound().statusCode).toEqualTypeOf<404>();
    expectTypeOf(new InternalServerError('x').status).toEqualTypeOf<500>();
    expectTypeOf(NotFound.status).toEqualTypeOf<404>();
    expectTypeOf(new NotFound()).toExtend<HttpError<404>>();
    expectTypeOf(new NotFound()).toExtend<Error>();
  });

  it('createError keeps the literal status of a documented code', () => {
    expectTypeOf(createError(429).status).toEqualTypeOf<429>();
    expectTypeOf(createError(404, 'gone').status).toEqualTypeOf<404>();
    expectTypeOf(createError(499).status).toEqualTypeOf<number>();
  });

  it('properties have their documented types', () => {
    const error = new NotFound();
    expectTypeOf(error.expose).toEqualTypeOf<boolean>();
    expectTypeOf(error.headers).toEqualTypeOf<Readonly<Record<string, string | number>>>();
    expectTypeOf(error.description).toEqualTypeOf<string>();
    expectTypeOf(error.retryable).toEqualTypeOf<boolean>();
    expectTypeOf(error.retryAfter).toEqualTypeOf<RetryAfter | undefined>();
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.toJSON()).toEqualTypeOf<HttpErrorJSON>();
  });
});

describe('constructor options', () => {
  it('status-specific options are accepted on their own classes', () => {
    expectTypeOf(new MethodNotAllowed({ allow: ['GET'] })).toExtend<HttpError<405>>();
    expectTypeOf(new MethodNotAllowed('Read only', { allow: ['GET', 'HEAD'] })).toExtend<HttpError<405>>();
    expectTypeOf(new Unauthorized({ challenge: 'Bearer' })).toExtend<HttpError<401>>();
    expectTypeOf(new ProxyAuthenticationRequired({ challenge: ['Basic', 'Bearer'] })).toExtend<HttpError<407>>();
    expectTypeOf(new RangeNotSatisfiable({ size: 1000 })).toExtend<HttpError<416>>();
    expectTypeOf(new UpgradeRequired({ upgrade: 'h2c' })).toExtend<HttpError<426>>();
    expectTypeOf(new TooManyRequests({ limit: 100, remaining: 0, reset: 30 })).toExtend<HttpError<429>>();
    expectTypeOf(createError(405, { allow: ['GET'] })).toExtend<HttpError<405>>();
    expectTypeOf(new NotFound({ retryAfter: new Date() })).toExtend<HttpError<404>>();
  });

  it('wrong or misplaced options are type errors', () => {
    // @ts-expect-error allow is a list of methods
    new MethodNotAllowed({ allow: 1 });
    // @ts-expect-error allow belongs to 405 only
    new NotFound({ allow: ['GET'] });
    // @ts-expect-error challenge belongs to 401 and 407
    new NotFound('x', { challenge: 'Basic' });
    // @ts-expect-error size is a number
    new RangeNotSatisfiable({ size: '1000' });
    // @ts-expect-error retryAfter is seconds or a Date
    new TooManyRequests({ retryAfter: '30' });
    // @ts-expect-error header values are strings or numbers
    new NotFound({ headers: { 'X-A': true } });
    // @ts-expect-error allow belongs to 405 only, through createError too
    createError(404, { allow: ['GET'] });
    // @ts-expect-error the message is a string
    new NotFound(404);
  });

  it('a user subclass is a NotFound', () => {
    class UserNotFound extends NotFound {
      constructor(id: number) {
        super(`User ${id} does not exist`);
      }
    }
    expectTypeOf(new UserNotFound(42).status).toEqualTypeOf<404>();
    expectTypeOf(new UserNotFound(42)).toExtend<HttpError<404>>();
  });
});

describe('catalogue, guards and conversions', () => {
  it('catalog rows are typed with their literal text', () => {
    expectTypeOf(catalog[404].message).toEqualTypeOf<'Not Found'>();
    expectTypeOf(catalog[404].status).toEqualTypeOf<404>();
    expectTypeOf(catalog[503].retryable).toEqualTypeOf<true>();
  });

  it('isHttpError narrows unknown to HttpError', () => {
    const value: unknown = new NotFound();
    if (isHttpError(value)) {
      expectTypeOf(value).toEqualTypeOf<HttpError>();
      expectTypeOf(value.status).toEqualTypeOf<number>();
    }
  });

  it('toHttpError returns an HttpError from anything', () => {
    expectTypeOf(toHttpError).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(toHttpError(new Error('x'))).toEqualTypeOf<HttpError>();
  });

  it('parseRetryAfter accepts a header value and returns milliseconds or undefined', () => {
    expectTypeOf(parseRetryAfter).parameter(0).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(parseRetryAfter('5')).toEqualTypeOf<number | undefined>();
  });
});
