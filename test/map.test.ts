import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { statuses } from '../src/catalog/statuses.js';
import { BadGateway, BadRequest, Conflict, NotFound, ServiceUnavailable, toHttpError, type ErrorMap } from '../src/index.js';
import { checkApps } from './integrations/apps.js';

class EntityNotFound extends Error {
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}
class UniqueViolation extends Error {}

// An ES5-style constructor: a function with a prototype, matched with instanceof like a class.
function LegacyError(this: { message: string }, message: string) {
  this.message = message;
}
LegacyError.prototype = Object.create(Error.prototype);

const map: ErrorMap = [
  [EntityNotFound, (error: EntityNotFound) => new NotFound(`No ${error.entity} here`, { cause: error })],
  [(error) => (error as { code?: unknown }).code === 'ECONNREFUSED', (error) => new BadGateway({ cause: error })],
  [UniqueViolation, () => new Conflict('Already exists', { code: 'DUPLICATE' })],
  [LegacyError as unknown as ErrorMap[number][0], () => new ServiceUnavailable({ retryAfter: 7 })],
];

function errno(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

let stderr: string[] = [];
function captureStderr() {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
}
afterEach(() => {
  vi.restoreAllMocks();
});

describe('toHttpError(value, map)', () => {
  it('maps a class by instanceof, subclasses included', () => {
    class UserNotFound extends EntityNotFound {}
    const error = toHttpError(new UserNotFound('user'), map);
    expect(error).toBeInstanceOf(NotFound);
    expect(error.message).toBe('No user here');
  });

  it('maps by predicate', () => {
    expect(toHttpError(errno('ECONNREFUSED'), map).status).toBe(502);
    expect(toHttpError(errno('ENOENT'), map).status).toBe(500);
  });

  it('maps an ES5-style constructor by instanceof', () => {
    const legacy = new (LegacyError as unknown as new (message: string) => Error)('down');
    const error = toHttpError(legacy, map);
    expect(error.status).toBe(503);
    expect(error.headers).toEqual({ 'Retry-After': '7' });
  });

  it('the first matching mapping wins', () => {
    const first: ErrorMap = [
      [Error, () => new BadRequest('first')],
      [EntityNotFound, () => new NotFound('second')],
    ];
    expect(toHttpError(new EntityNotFound('x'), first).message).toBe('first');
  });

  it('a native class such as Error is matched by instanceof, never called as a predicate', () => {
    const errors: ErrorMap = [[TypeError, () => new BadRequest('type error')]];
    expect(toHttpError(new TypeError('x'), errors).status).toBe(400);
    expect(toHttpError(new RangeError('x'), errors).status).toBe(500);
    expect(toHttpError({ status: 404 }, errors).status).toBe(404);
  });

  it('a user mapping wins over the built-in zod mapper', () => {
    const thrown = z.string().safeParse(1).error;
    expect(toHttpError(thrown).status).toBe(422);
    expect(toHttpError(thrown, [[z.ZodError, () => new BadRequest('Bad input')]]).status).toBe(400);
  });

  it('errata errors are never mapped', () => {
    const original = new NotFound();
    const everything: ErrorMap = [[() => true, () => new BadRequest()]];
    expect(toHttpError(original, everything)).toBe(original);
  });

  it('without a match, the usual rules apply (status of http-errors-like objects, else 500)', () => {
    expect(toHttpError({ status: 409, message: 'Taken' }, map).status).toBe(409);
    expect(toHttpError(new Error('boom'), map).status).toBe(500);
  });

  it('a throwing matcher is reported once to stderr and the error is answered as unmapped', () => {
    captureStderr();
    const broken: ErrorMap = [
      [() => {
        throw new Error('matcher exploded');
      }, () => new BadRequest()],
    ];
    const error = toHttpError(Object.assign(new Error('x'), { status: 404 }), broken);
    expect(error.status).toBe(404);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^errata: error map failed: Error: matcher exploded\n/);
  });

  it('a hostile value that trips the built-in shape checks is answered as a hidden 500, with nothing on stderr', () => {
    captureStderr();
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toHttpError(hostile).status).toBe(500);
    expect(toHttpError(revoked).status).toBe(500);
    expect(stderr).toEqual([]);
  });

  it('a throwing mapper is reported once and the error is answered as unmapped', () => {
    captureStderr();
    const broken: ErrorMap = [
      [EntityNotFound, () => {
        throw new Error('mapper exploded');
      }],
    ];
    expect(toHttpError(new EntityNotFound('x'), broken).status).toBe(500);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^errata: error map failed: Error: mapper exploded\n/);
  });

  it('a mapper that returns something other than an errata error is reported', () => {
    captureStderr();
    const wrong = [[EntityNotFound, () => ({ status: 404 })]] as unknown as ErrorMap;
    expect(toHttpError(new EntityNotFound('x'), wrong).status).toBe(500);
    expect(stderr).toEqual([expect.stringMatching(/^errata: error map failed: TypeError: the mapping for EntityNotFound returned object, not an errata error\n/)]);
  });
});

describe.each(checkApps)('$name: the map option', (app) => {
  const throwing = (value: unknown) => () => {
    throw value;
  };

  it('answers a mapped error with the mapped status, message, code and headers', async () => {
    const response = await request(app.build(throwing(new UniqueViolation('dup key')), { production: true, map }))
      .post('/check')
      .send({})
      .expect(409);
    expect(response.body).toEqual({
      status: 409,
      error: 'Conflict',
      message: 'Already exists',
      description: statuses[409].description,
      retryable: false,
      code: 'DUPLICATE',
    });
  });

  it('a predicate mapping to a 5xx hides the original message', async () => {
    const response = await request(app.build(throwing(errno('ECONNREFUSED')), { production: true, map }))
      .post('/check')
      .send({})
      .expect(502);
    expect(response.body).toEqual({
      status: 502,
      error: 'Bad Gateway',
      message: 'Bad Gateway',
      description: statuses[502].description,
      retryable: true,
    });
  });

  it('onError receives the mapped error and the original', async () => {
    const seen: Array<[number, unknown]> = [];
    const original = new EntityNotFound('order');
    await request(app.build(throwing(original), { production: true, map, onError: (error, context) => void seen.push([error.status, context.original]) }))
      .post('/check')
      .send({})
      .expect(404);
    expect(seen).toEqual([[404, original]]);
  });

  it('a throwing mapper leaves the response as if unmapped', async () => {
    captureStderr();
    const broken: ErrorMap = [
      [EntityNotFound, () => {
        throw new Error('mapper exploded');
      }],
    ];
    const response = await request(app.build(throwing(new EntityNotFound('order')), { production: true, map: broken }))
      .post('/check')
      .send({})
      .expect(500);
    expect(response.body.error).toBe('Internal Server Error');
    expect(stderr.filter((line) => line.startsWith('errata: error map failed'))).toHaveLength(1);
  });
});
