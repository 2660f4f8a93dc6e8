// What only the Nest filter does, on Nest's Express and Fastify platforms, on Nest 12 (the root's) and Nest 11
// (test/fixtures/nest11); the shared behaviour is in test/contract/.
// No decorator syntax (the project's tsconfig has no experimentalDecorators): Nest's and class-validator's
// decorators are applied as the functions they are, and the parameter types ValidationPipe reads are given as the
// metadata TypeScript's emitDecoratorMetadata would write.
import 'reflect-metadata';
import type { ArgumentsHost, INestApplication } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrataFilter, validationException, type NestErrataOptions } from '../../src/adapters/nest/index.js';
import { readResponse } from '../contract/server.js';
import { BadRequest, Forbidden, InternalServerError, NotFound, UnprocessableEntity, type HttpError } from '../../src/index.js';
import { nest11Missing, nestModules, type NestMajor, type NestModules } from '../support/nest-majors.js';

const D400 = new BadRequest().description;
const D403 = new Forbidden().description;
const D404 = new NotFound().description;
const D422 = new UnprocessableEntity().description;
const D500 = new InternalServerError().description;

interface RouteDef {
  method?: 'GET' | 'POST';
  path: string;
  handler: (...args: never[]) => unknown;
  /** The DTO class of a `@Body()` parameter. */
  body?: new () => object;
  /** A `@Res()` parameter: the platform's response (Express's `res`, Fastify's `reply`). */
  res?: boolean;
}

/** A controller class with a method per route, decorated by calling Nest's decorators. */
function controller(nest: NestModules, routes: readonly RouteDef[], prefix = ''): new () => object {
  const { Body, Controller, Get, Post, Res } = nest.common;
  class RoutesController {}
  routes.forEach((route, index) => {
    const key = `route${index}`;
    Object.defineProperty(RoutesController.prototype, key, { value: route.handler, writable: true, configurable: true });
    if (route.body) {
      Reflect.defineMetadata('design:paramtypes', [route.body], RoutesController.prototype, key);
      Body()(RoutesController.prototype, key, 0);
    }
    if (route.res) Res()(RoutesController.prototype, key, 0);
    const decorate = route.method === 'POST' ? Post(route.path) : Get(route.path);
    decorate(RoutesController.prototype, key, Object.getOwnPropertyDescriptor(RoutesController.prototype, key)!);
  });
  Controller(prefix)(RoutesController);
  return RoutesController;
}

function moduleOf(nest: NestModules, ...controllers: Array<new () => object>): new () => object {
  class AppModule {}
  nest.common.Module({ controllers })(AppModule);
  return AppModule;
}

/**
 * A DTO decorated by calling class-validator's decorators, as `@IsEmail() email` would, with the class-validator and
 * class-transformer of the major's ValidationPipe.
 */
function createUserDto(nest: NestModules): new () => object {
  const { IsEmail, IsInt, IsString, Min, ValidateNested } = nest.classValidator;
  const { Type } = nest.classTransformer;
  class AddressDto {
    city!: string;
  }
  IsString()(AddressDto.prototype, 'city');
  class CreateUserDto {
    email!: string;
    age!: number;
    address!: AddressDto;
  }
  IsEmail()(CreateUserDto.prototype, 'email');
  IsInt()(CreateUserDto.prototype, 'age');
  Min(0)(CreateUserDto.prototype, 'age');
  ValidateNested()(CreateUserDto.prototype, 'address');
  Type(() => AddressDto)(CreateUserDto.prototype, 'address');
  return CreateUserDto;
}

const apps: INestApplication[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

type Platform = 'Express' | 'Fastify';

async function serve(
  nest: NestModules,
  platform: Platform,
  module: new () => object,
  options: { filter?: ErrataFilter | false; setup?: (app: INestApplication) => void } = {},
): Promise<string> {
  // No request id of Fastify's own ('req-1', which errata echoes), so that bodies compare exactly.
  const adapter =
    platform === 'Express' ? new nest.platformExpress.ExpressAdapter() : new nest.platformFastify.FastifyAdapter({ genReqId: () => '' });
  const app = await nest.core.NestFactory.create(module, adapter, { logger: false });
  apps.push(app);
  if (options.filter !== false) app.useGlobalFilters(options.filter ?? new ErrataFilter({ production: true }));
  options.setup?.(app);
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

const filterOf = (options: NestErrataOptions) => new ErrataFilter(options);

/** The filter's own tests, on one major and platform. */
function filterSuite(major: NestMajor, platform: Platform): void {
  const nest = nestModules(major);
  const {
    BadRequestException,
    ForbiddenException,
    HttpException,
    InternalServerErrorException,
    NotFoundException,
    UseFilters,
    ValidationPipe,
  } = nest.common;
  const CreateUserDto = createUserDto(nest);
  const app = (...controllers: Array<new () => object>) => moduleOf(nest, ...controllers);
  const routes = (defs: readonly RouteDef[], prefix?: string) => controller(nest, defs, prefix);

  it(`runs on @nestjs/core ${major}.x`, () => {
    expect(nest.version.split('.')[0]).toBe(String(major));
  });

  it("keeps an HttpException's status and the message of its response", async () => {
    const url = await serve(nest, platform, app(routes([
      { path: '/users/:id', handler: () => { throw new NotFoundException('User 42 does not exist'); } },
      { path: '/conflict', handler: () => { throw new HttpException({ message: 'Version mismatch', expected: 3 }, 409); } },
      { path: '/forbidden', handler: () => { throw new ForbiddenException(); } },
    ])));
    const notFound = await request(url).get('/users/42');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', description: D404, retryable: false });
    const conflict = await request(url).get('/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 409, error: 'Conflict', message: 'Version mismatch' });
    const forbidden = await request(url).get('/forbidden');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ status: 403, error: 'Forbidden', message: 'Forbidden', description: D403, retryable: false });
  });

  it("keeps the exception's cause for logs and onError, and hides a 5xx message in production (Nest would send it)", async () => {
    const onError = vi.fn();
    const cause = new Error('connection refused to 10.0.0.7');
    const url = await serve(nest, platform, app(routes([
      { path: '/db', handler: () => { throw new InternalServerErrorException('database 10.0.0.7 down', { cause }); } },
    ])), { filter: filterOf({ production: true, onError }) });
    const res = await request(url).get('/db');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: D500, retryable: false });
    expect(res.text).not.toContain('10.0.0.7');
    const [error, context] = onError.mock.calls[0] as [HttpError, { original: Error }];
    expect(context.original).toBeInstanceOf(InternalServerErrorException);
    expect(error.cause).toBe(context.original);
    expect(context.original.cause).toBe(cause);
  });

  it('answers any other error with a 500 that hides it', async () => {
    const url = await serve(nest, platform, app(routes([
      { path: '/broken', handler: () => { throw new Error('password=hunter2'); } },
    ])), { filter: filterOf({ production: true, logger: false }) });
    const res = await request(url).get('/broken');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: D500, retryable: false });
  });

  it('a ValidationPipe error keeps its 400 and gives a field error per message', async () => {
    const url = await serve(nest, platform, app(routes([{ method: 'POST', path: '/users', body: CreateUserDto, handler: () => ({ ok: true }) }])), {
      setup: (app) => app.useGlobalPipes(new ValidationPipe()),
    });
    const res = await request(url).post('/users').send({ email: 'nope', age: -1, address: { city: 7 } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      description: D400,
      retryable: false,
      details: [
        { field: 'email', message: 'email must be an email' },
        { field: 'age', message: 'age must not be less than 0' },
        { field: 'address.city', message: 'address.city must be a string' },
      ],
    });
  });

  it('a custom ValidationPipe message has no field to name: the field is empty', async () => {
    const url = await serve(nest, platform, app(routes([
      { path: '/custom', handler: () => { throw new BadRequestException(['Please give a valid email']); } },
    ])));
    const res = await request(url).get('/custom');
    expect(res.body.details).toEqual([{ field: '', message: 'Please give a valid email' }]);
  });

  it('validationException as exceptionFactory gives a 422 with exact fields and constraint codes', async () => {
    const url = await serve(nest, platform, app(routes([{ method: 'POST', path: '/users', body: CreateUserDto, handler: () => ({ ok: true }) }])), {
      setup: (app) => app.useGlobalPipes(new ValidationPipe({ exceptionFactory: validationException })),
    });
    const res = await request(url).post('/users').send({ email: 'nope', age: 1.5, address: { city: 7 } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      status: 422,
      error: 'Unprocessable Entity',
      message: 'Validation failed',
      description: D422,
      retryable: false,
      details: [
        { field: 'email', message: 'email must be an email', code: 'isEmail' },
        { field: 'age', message: 'age must be an integer number', code: 'isInt' },
        { field: 'address.city', message: 'city must be a string', code: 'isString' },
      ],
    });
  });

  it("answers Nest's unmatched route with errata's 404, without the query string Nest puts in its message", async () => {
    const url = await serve(nest, platform, app(routes([])));
    const res = await request(url).get('/nope?token=secret');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Cannot GET /nope', description: D404, retryable: false });
    expect(res.text).not.toContain('secret');
  });

  it('works as a controller filter with @UseFilters, leaving other controllers to Nest', async () => {
    const filtered = routes([{ path: '/missing', handler: () => { throw new NotFoundException(); } }], 'filtered');
    UseFilters(new ErrataFilter({ production: true }))(filtered);
    const plain = routes([{ path: '/missing', handler: () => { throw new NotFoundException(); } }], 'plain');
    const url = await serve(nest, platform, app(filtered, plain), { filter: false });
    const errata = await request(url).get('/filtered/missing');
    expect(errata.body).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: D404, retryable: false });
    const own = await request(url).get('/plain/missing');
    expect(own.body).toEqual({ statusCode: 404, message: 'Not Found' });
  });

  it('negotiates the format by Accept, as on every adapter', async () => {
    const url = await serve(nest, platform, app(routes([{ path: '/missing', handler: () => { throw new NotFoundException(); } }])));
    const res = await request(url).get('/missing').set('Accept', 'application/problem+json');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it("an HttpException subclass's own errorCode property becomes errata's code", async () => {
    class LockedException extends HttpException {
      override readonly errorCode = 'ACCOUNT_LOCKED';
      constructor() {
        super('Account locked', 423);
      }
    }
    const url = await serve(nest, platform, app(routes([{ path: '/locked', handler: () => { throw new LockedException(); } }])));
    const res = await request(url).get('/locked');
    expect(res.status).toBe(423);
    expect(res.body).toMatchObject({ status: 423, message: 'Account locked', code: 'ACCOUNT_LOCKED' });
  });

  if (major === 12) {
    it("Nest 12's errorCode option on an HttpException and a built-in exception becomes errata's code", async () => {
      const url = await serve(nest, platform, app(routes([
        { path: '/quota', handler: () => { throw new HttpException({ message: 'Monthly quota used up', limit: 1000 }, 403, { errorCode: 'E_QUOTA' }); } },
        { path: '/builtin', handler: () => { throw new ForbiddenException('Monthly quota used up', { errorCode: 'E_QUOTA' }); } },
      ])));
      for (const path of ['/quota', '/builtin']) {
        const res = await request(url).get(path);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ status: 403, error: 'Forbidden', message: 'Monthly quota used up', code: 'E_QUOTA', description: D403, retryable: false });
      }
    });
  } else {
    it('Nest 11 has no errorCode option: the exception keeps its status and message, and errata gives no code', async () => {
      // Nest 11's constructor ignores options it does not know: nothing sets `errorCode` on the exception.
      const options = { errorCode: 'E_QUOTA' } as { cause?: unknown };
      const url = await serve(nest, platform, app(routes([
        { path: '/quota', handler: () => { throw new HttpException({ message: 'Monthly quota used up' }, 403, options); } },
      ])));
      const res = await request(url).get('/quota');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ status: 403, error: 'Forbidden', message: 'Monthly quota used up', description: D403, retryable: false });
    });
  }

  it('cuts a response the route already started, so the client sees it incomplete', async () => {
    const url = await serve(nest, platform, app(routes([
      {
        path: '/partial',
        res: true,
        handler: ((res: { raw?: ServerResponse } & ServerResponse) => {
          const raw = res.raw ?? res;
          raw.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
          raw.write('partial');
          throw new NotFoundException();
        }) as never,
      },
    ])));
    const res = await readResponse(url, '/partial');
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
  });
}

describe.each<Platform>(['Express', 'Fastify'])('errata/nest on Nest 12 with %s', (platform) => filterSuite(12, platform));

if (nest11Missing === undefined) {
  describe.each<Platform>(['Express', 'Fastify'])('errata/nest on Nest 11 with %s', (platform) => filterSuite(11, platform));
} else {
  // The default reporter shows no skipped titles: the reason is said on stderr too.
  console.warn(`Skipping errata/nest on Nest 11: ${nest11Missing}`);
  describe.skip(`errata/nest on Nest 11 (skipped: ${nest11Missing})`, () => {
    it('runs every test of Nest 12 above on Nest 11 too, on Express and on Fastify', () => undefined);
  });
}

describe('errata/nest outside HTTP', () => {
  it('rethrows in a WebSocket or microservice context, which has no HTTP response to write', () => {
    const thrown = new (nestModules(12).common.NotFoundException)();
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    expect(() => new ErrataFilter().catch(thrown, host)).toThrow(thrown);
  });
});
