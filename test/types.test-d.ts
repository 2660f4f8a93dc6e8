import { describe, expectTypeOf, it } from 'vitest';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { asyncHandler } from '../src/adapters/express/index.js';
import * as errata from '../src/index.js';
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
    expectTypeOf(createError(499).status).toEqualTypeOf<499>();
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

describe('createError: a status literal is checked, a documented status gives its class', () => {
  it('every documented status gives its class\'s instance type', () => {
    expectTypeOf(createError(400)).toEqualTypeOf<errata.BadRequest>();
    expectTypeOf(createError(401)).toEqualTypeOf<errata.Unauthorized>();
    expectTypeOf(createError(402)).toEqualTypeOf<errata.PaymentRequired>();
    expectTypeOf(createError(403)).toEqualTypeOf<errata.Forbidden>();
    expectTypeOf(createError(404)).toEqualTypeOf<errata.NotFound>();
    expectTypeOf(createError(405)).toEqualTypeOf<errata.MethodNotAllowed>();
    expectTypeOf(createError(406)).toEqualTypeOf<errata.NotAcceptable>();
    expectTypeOf(createError(407)).toEqualTypeOf<errata.ProxyAuthenticationRequired>();
    expectTypeOf(createError(408)).toEqualTypeOf<errata.RequestTimeout>();
    expectTypeOf(createError(409)).toEqualTypeOf<errata.Conflict>();
    expectTypeOf(createError(410)).toEqualTypeOf<errata.Gone>();
    expectTypeOf(createError(411)).toEqualTypeOf<errata.LengthRequired>();
    expectTypeOf(createError(412)).toEqualTypeOf<errata.PreconditionFailed>();
    expectTypeOf(createError(413)).toEqualTypeOf<errata.PayloadTooLarge>();
    expectTypeOf(createError(414)).toEqualTypeOf<errata.URITooLong>();
    expectTypeOf(createError(415)).toEqualTypeOf<errata.UnsupportedMediaType>();
    expectTypeOf(createError(416)).toEqualTypeOf<errata.RangeNotSatisfiable>();
    expectTypeOf(createError(417)).toEqualTypeOf<errata.ExpectationFailed>();
    expectTypeOf(createError(418)).toEqualTypeOf<errata.ImATeapot>();
    expectTypeOf(createError(421)).toEqualTypeOf<errata.MisdirectedRequest>();
    expectTypeOf(createError(422)).toEqualTypeOf<errata.UnprocessableEntity>();
    expectTypeOf(createError(423)).toEqualTypeOf<errata.Locked>();
    expectTypeOf(createError(424)).toEqualTypeOf<errata.FailedDependency>();
    expectTypeOf(createError(425)).toEqualTypeOf<errata.TooEarly>();
    expectTypeOf(createError(426)).toEqualTypeOf<errata.UpgradeRequired>();
    expectTypeOf(createError(428)).toEqualTypeOf<errata.PreconditionRequired>();
    expectTypeOf(createError(429)).toEqualTypeOf<errata.TooManyRequests>();
    expectTypeOf(createError(431)).toEqualTypeOf<errata.RequestHeaderFieldsTooLarge>();
    expectTypeOf(createError(451)).toEqualTypeOf<errata.UnavailableForLegalReasons>();
    expectTypeOf(createError(500)).toEqualTypeOf<errata.InternalServerError>();
    expectTypeOf(createError(501)).toEqualTypeOf<errata.NotImplemented>();
    expectTypeOf(createError(502)).toEqualTypeOf<errata.BadGateway>();
    expectTypeOf(createError(503)).toEqualTypeOf<errata.ServiceUnavailable>();
    expectTypeOf(createError(504)).toEqualTypeOf<errata.GatewayTimeout>();
    expectTypeOf(createError(505)).toEqualTypeOf<errata.HTTPVersionNotSupported>();
    expectTypeOf(createError(506)).toEqualTypeOf<errata.VariantAlsoNegotiates>();
    expectTypeOf(createError(507)).toEqualTypeOf<errata.InsufficientStorage>();
    expectTypeOf(createError(508)).toEqualTypeOf<errata.LoopDetected>();
    expectTypeOf(createError(510)).toEqualTypeOf<errata.NotExtended>();
    expectTypeOf(createError(511)).toEqualTypeOf<errata.NetworkAuthenticationRequired>();
    // Every call shape with a status gives the same type.
    expectTypeOf(createError(404, 'User 42 does not exist', { code: 'USER_NOT_FOUND' })).toEqualTypeOf<errata.NotFound>();
    expectTypeOf(createError(429, { retryAfter: 30 })).toEqualTypeOf<errata.TooManyRequests>();
    expectTypeOf(createError(502, new Error('upstream'), { code: 'UPSTREAM' })).toEqualTypeOf<errata.BadGateway>();
  });

  it('an undocumented status literal in 400–599 gives HttpError of that status', () => {
    expectTypeOf(createError(499)).toEqualTypeOf<HttpError<499>>();
    expectTypeOf(createError(599, 'Network read timeout')).toEqualTypeOf<HttpError<599>>();
  });

  it('a union of statuses gives the union of their types', () => {
    const documented = 404 as 404 | 500;
    expectTypeOf(createError(documented)).toEqualTypeOf<errata.NotFound | errata.InternalServerError>();
    const mixed = 404 as 404 | 499;
    expectTypeOf(createError(mixed)).toEqualTypeOf<errata.NotFound | HttpError<499>>();
    const any = 404 as errata.ErrorStatus;
    expectTypeOf(createError(any)).toExtend<HttpError>();
    expectTypeOf(createError(any).status).toEqualTypeOf<errata.ErrorStatus>();
  });

  it('a status known only at run time (a number) compiles and gives HttpError', () => {
    const fromUpstream: number = Number('503');
    expectTypeOf(createError(fromUpstream)).toEqualTypeOf<HttpError>();
    expectTypeOf(createError(fromUpstream, 'Upstream failed', { expose: false })).toEqualTypeOf<HttpError>();
    expectTypeOf(createError(fromUpstream, { cause: new Error('x') })).toEqualTypeOf<HttpError>();
  });

  it('a status literal outside 400–599, or not an integer, is a type error', () => {
    // @ts-expect-error 200 is not an error status
    createError(200);
    // @ts-expect-error 302 is not an error status, with a message either
    createError(302, 'Moved');
    // @ts-expect-error 399 is below the range
    createError(399, { code: 'X' });
    // @ts-expect-error 600 is above the range
    createError(600);
    // @ts-expect-error a status is an integer
    createError(404.5);
    // @ts-expect-error a negative literal is not a status
    createError(-404);
    const maybe = 404 as 404 | 200;
    // @ts-expect-error one member of the union is not an error status
    createError(maybe);
    // @ts-expect-error a status is a number, not a string (http-errors' createError('message') is not accepted)
    createError('404');
  });

  it('options stay as strict as the class constructors', () => {
    // @ts-expect-error an unknown key in an object literal (http-errors' props) is rejected: data for clients goes in details
    createError(404, 'User 42 does not exist', { userId: 42 });
    // @ts-expect-error code is a string
    createError(400, 'Bad', { code: 42 });
    // @ts-expect-error allow belongs to 405 only, in the wrapping form too
    createError(502, new Error('upstream'), { allow: ['GET'] });
    // @ts-expect-error retryAfter is seconds or a Date, for a run-time status too
    createError(Number('503'), { retryAfter: '30' });
    expectTypeOf(createError(405, 'Read only', { allow: ['GET'] })).toEqualTypeOf<errata.MethodNotAllowed>();
  });

  it('createError(error) is toHttpError(error) and takes nothing after the error', () => {
    expectTypeOf(createError(new TypeError('x'))).toEqualTypeOf<HttpError>();
    // @ts-expect-error nothing may follow an error (createError(status, error, options) gives it options)
    createError(new Error('x'), { expose: true });
    // @ts-expect-error a plain object is not an error
    createError({ status: 404 });
  });

  it('createError carries the classes by name, HttpError and isHttpError, as http-errors does', () => {
    expectTypeOf(createError.NotFound).toEqualTypeOf<typeof NotFound>();
    expectTypeOf(new createError.NotFound('gone')).toEqualTypeOf<errata.NotFound>();
    expectTypeOf(new createError.UnprocessableContent()).toEqualTypeOf<errata.UnprocessableEntity>();
    expectTypeOf(createError.HttpError).toEqualTypeOf<typeof HttpError>();
    expectTypeOf(createError.isHttpError).toEqualTypeOf<typeof isHttpError>();
    // @ts-expect-error the numeric form createError[404] does not exist (errorClasses[404] does)
    void createError[404];
    // @ts-expect-error no such class
    void createError.NotFoundError;
  });
});

describe('asyncHandler (errata/express)', () => {
  it('gives an Express RequestHandler that routes, routers and app.use accept', () => {
    const app = express();
    const router = express.Router();
    const handler = asyncHandler(async (req, res) => {
      expectTypeOf(req).toEqualTypeOf<Request<Request['params'], unknown, unknown, Request['query'], Record<string, unknown>>>();
      expectTypeOf(res).toEqualTypeOf<Response<unknown, Record<string, unknown>>>();
      res.json({ ok: true });
    });
    expectTypeOf(handler).toExtend<RequestHandler>();
    app.get('/users/:id', handler);
    router.post('/x', express.json(), asyncHandler(async (_req, _res, next) => next()));
    app.use(asyncHandler(async () => undefined));
    app.use(router);
  });

  it('takes route parameters, bodies and locals as type arguments (the path is not inferred through the wrapper)', () => {
    asyncHandler<{ id: string }, { id: string }, { name: string }>(async (req, res) => {
      expectTypeOf(req.params.id).toEqualTypeOf<string>();
      expectTypeOf(req.body).toEqualTypeOf<{ name: string }>();
      res.json({ id: req.params.id });
      // @ts-expect-error the response body is typed
      res.json({ name: req.body.name });
    });
  });

  it('refuses error middleware: four parameters are not a route handler', () => {
    // @ts-expect-error error middleware is not wrapped
    asyncHandler(async (_err: unknown, _req: Request, _res: Response, _next: NextFunction) => undefined);
  });
});
