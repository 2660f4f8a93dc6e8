import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadRequest,
  InternalServerError,
  NotFound,
  ServiceUnavailable,
  TooManyRequests,
  createErrorRenderer,
  renderError,
  type ErrorResponse,
} from '../src/index.js';

const NOT_FOUND = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const BAD_REQUEST = 'Invalid request. Modify the request directly and do not attempt to retry it.';
const INTERNAL = 'The server has encountered a situation it does not know how to handle.';
const TOO_MANY =
  'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.';
const UNAVAILABLE = 'The server is not ready to handle the request. Common causes are a server that is down for maintenance or that is overloaded.';

const PRODUCTION = { production: true } as const;
const DEVELOPMENT = { production: false } as const;

/** The headers every JSON error response carries, for a body of that length. */
function jsonHeaders(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    'Cache-Control': 'no-store',
    Vary: 'Accept',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  };
}

function parse(response: ErrorResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('JSON body (the default format)', () => {
  it('answers new NotFound() in production with the documented message and description, and exact headers', () => {
    const response = renderError(new NotFound(), {}, PRODUCTION);
    const expectedBody = JSON.stringify({ status: 404, error: 'Not Found', message: 'Not Found', description: NOT_FOUND, retryable: false });
    expect(response).toEqual({ status: 404, headers: jsonHeaders(expectedBody), body: expectedBody });
    expect(response.headers['Content-Length']).toBe('189');
    expect(Object.keys(parse(response))).toEqual(['status', 'error', 'message', 'description', 'retryable']);
  });

  it('adds the stack outside production, last', () => {
    const error = new NotFound({ captureStack: true });
    const response = renderError(error, {}, DEVELOPMENT);
    expect(error.stack).toMatch(/^NotFoundError: Not Found\n\s+at /);
    expect(parse(response)).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: NOT_FOUND, retryable: false, stack: error.stack });
    expect(Object.keys(parse(response))).toEqual(['status', 'error', 'message', 'description', 'retryable', 'stack']);
    expect(response.headers).toEqual(jsonHeaders(response.body));
  });

  it('sends the error\'s own message beside the documented one', () => {
    const response = renderError(new NotFound('User 42 does not exist'), {}, PRODUCTION);
    expect(parse(response)).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', description: NOT_FOUND, retryable: false });
  });

  it('hides the message and details of a 4xx made with expose: false in production, and shows them in development', () => {
    const error = new BadRequest('Column "password" is not indexed', { expose: false, details: { column: 'password' }, captureStack: true });
    expect(parse(renderError(error, {}, PRODUCTION))).toEqual({ status: 400, error: 'Bad Request', message: 'Bad Request', description: BAD_REQUEST, retryable: false });
    expect(parse(renderError(error, {}, DEVELOPMENT))).toEqual({
      status: 400,
      error: 'Bad Request',
      message: 'Column "password" is not indexed',
      description: BAD_REQUEST,
      retryable: false,
      details: { column: 'password' },
      stack: error.stack,
    });
  });

  it('hides a 5xx\'s own message and details in production', () => {
    const error = new InternalServerError('connect ECONNREFUSED 10.0.0.5:5432', { details: { host: '10.0.0.5' } });
    const response = renderError(error, {}, PRODUCTION);
    expect(parse(response)).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toContain('10.0.0.5');
  });

  it('shows a 5xx\'s own message and details in production when it was made with expose: true', () => {
    const error = new ServiceUnavailable('Down for maintenance until 14:00 UTC', { expose: true, details: { until: '14:00' } });
    expect(parse(renderError(error, {}, PRODUCTION))).toEqual({
      status: 503,
      error: 'Service Unavailable',
      message: 'Down for maintenance until 14:00 UTC',
      description: UNAVAILABLE,
      retryable: true,
      details: { until: '14:00' },
    });
  });

  it('shows a 5xx\'s own message and details outside production', () => {
    const error = new InternalServerError('connect ECONNREFUSED', { details: { host: 'db' } });
    expect(parse(renderError(error, {}, DEVELOPMENT))).toEqual({
      status: 500,
      error: 'Internal Server Error',
      message: 'connect ECONNREFUSED',
      description: INTERNAL,
      retryable: false,
      details: { host: 'db' },
      stack: error.stack,
    });
  });

  it('sends details of an exposed error', () => {
    const details = { fields: [{ path: 'email', message: 'must be an email address' }] };
    expect(parse(renderError(new BadRequest('Invalid body', { details }), {}, PRODUCTION))).toEqual({
      status: 400,
      error: 'Bad Request',
      message: 'Invalid body',
      description: BAD_REQUEST,
      retryable: false,
      details,
    });
  });

  it('sends the application code, also when the rest of a 5xx is hidden', () => {
    expect(parse(renderError(new NotFound({ code: 'USER_NOT_FOUND' }), {}, PRODUCTION))).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'Not Found',
      description: NOT_FOUND,
      retryable: false,
      code: 'USER_NOT_FOUND',
    });
    expect(parse(renderError(new InternalServerError('secret', { code: 'DB_DOWN' }), {}, PRODUCTION))).toEqual({
      status: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
      description: INTERNAL,
      retryable: false,
      code: 'DB_DOWN',
    });
  });

  it('puts every field in order: status, error, message, description, retryable, retryAfter, code, details, requestId, stack', () => {
    const error = new TooManyRequests('Slow down', { retryAfter: 30, code: 'RATE_LIMITED', details: { limit: 100 }, captureStack: true });
    const response = renderError(error, { requestId: 'req-1' }, DEVELOPMENT);
    expect(parse(response)).toEqual({
      status: 429,
      error: 'Too Many Requests',
      message: 'Slow down',
      description: TOO_MANY,
      retryable: true,
      retryAfter: 30,
      code: 'RATE_LIMITED',
      details: { limit: 100 },
      requestId: 'req-1',
      stack: error.stack,
    });
    expect(Object.keys(parse(response))).toEqual([
      'status', 'error', 'message', 'description', 'retryable', 'retryAfter', 'code', 'details', 'requestId', 'stack',
    ]);
    expect(response.headers).toEqual(jsonHeaders(response.body, { 'Retry-After': '30', 'X-Request-Id': 'req-1' }));
  });
});

describe('request id', () => {
  it('echoes a safe request id in the body and in X-Request-Id', () => {
    const requestId = 'req_01HZX-9f8e.7d:6c/5b+4a=3@2~1';
    const response = renderError(new NotFound(), { requestId }, PRODUCTION);
    expect(parse(response)).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: NOT_FOUND, retryable: false, requestId });
    expect(response.headers).toEqual(jsonHeaders(response.body, { 'X-Request-Id': requestId }));
  });

  it('echoes one of 200 characters', () => {
    const requestId = 'a'.repeat(200);
    const response = renderError(new NotFound(), { requestId }, PRODUCTION);
    expect(parse(response).requestId).toBe(requestId);
    expect(response.headers['X-Request-Id']).toBe(requestId);
  });

  it.each([
    ['with CR/LF', 'abc\r\nSet-Cookie: session=stolen'],
    ['with a bare LF', 'abc\ndef'],
    ['with spaces', 'abc def'],
    ['of 201 characters', 'a'.repeat(201)],
    ['empty', ''],
    ['with markup', '<script>alert(1)</script>'],
    ['with non-ASCII', 'réq-1'],
  ])('never echoes an unsafe request id (%s)', (_, requestId) => {
    const response = renderError(new NotFound(), { requestId }, PRODUCTION);
    const expectedBody = JSON.stringify({ status: 404, error: 'Not Found', message: 'Not Found', description: NOT_FOUND, retryable: false });
    expect(response).toEqual({ status: 404, headers: jsonHeaders(expectedBody), body: expectedBody });
  });
});

describe('stack', () => {
  it('is never sent in production, for 4xx or 5xx', () => {
    expect(parse(renderError(new NotFound(), {}, PRODUCTION))).not.toHaveProperty('stack');
    expect(parse(renderError(new InternalServerError(), {}, PRODUCTION))).not.toHaveProperty('stack');
    expect(parse(renderError(new Error('boom'), {}, PRODUCTION))).not.toHaveProperty('stack');
  });

  it('is the original stack of a thrown Error outside production, whose message stays hidden', () => {
    const thrown = new TypeError('Cannot read properties of undefined');
    const response = renderError(thrown, {}, DEVELOPMENT);
    expect(parse(response)).toEqual({
      status: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
      description: INTERNAL,
      retryable: false,
      stack: thrown.stack,
    });
  });

  it.each([
    ['a string', 'boom'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a plain object', { reason: 'boom' }],
  ])('is never sent for %s thrown, even outside production', (_, thrown) => {
    const response = renderError(thrown, {}, DEVELOPMENT);
    expect(parse(response)).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
  });
});

describe('retryAfter in the body', () => {
  it('is the whole seconds the error was given', () => {
    const response = renderError(new TooManyRequests({ retryAfter: 30 }), {}, PRODUCTION);
    expect(parse(response)).toEqual({ status: 429, error: 'Too Many Requests', message: 'Too Many Requests', description: TOO_MANY, retryable: true, retryAfter: 30 });
    expect(response.headers['Retry-After']).toBe('30');
  });

  it('rounds fractional seconds up', () => {
    const response = renderError(new TooManyRequests({ retryAfter: 1.2 }), {}, PRODUCTION);
    expect(parse(response).retryAfter).toBe(2);
    expect(response.headers['Retry-After']).toBe('2');
  });

  it('is the seconds until a Date, rounded up', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const exact = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T12:02:00.000Z') }), {}, PRODUCTION);
    expect(parse(exact)).toEqual({ status: 503, error: 'Service Unavailable', message: 'Service Unavailable', description: UNAVAILABLE, retryable: true, retryAfter: 120 });
    expect(exact.headers['Retry-After']).toBe('Sat, 01 Mar 2025 12:02:00 GMT');

    const partial = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T12:00:10.001Z') }), {}, PRODUCTION);
    expect(parse(partial).retryAfter).toBe(11);
  });

  it('counts down as time passes, from the same error', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const error = new ServiceUnavailable({ retryAfter: new Date('2025-03-01T12:01:00.000Z') });
    expect(parse(renderError(error, {}, PRODUCTION)).retryAfter).toBe(60);
    vi.setSystemTime(new Date('2025-03-01T12:00:45.500Z'));
    expect(parse(renderError(error, {}, PRODUCTION)).retryAfter).toBe(15);
  });

  it('is 0, never negative, for a Date in the past', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const response = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T11:00:00.000Z') }), {}, PRODUCTION);
    expect(parse(response)).toEqual({ status: 503, error: 'Service Unavailable', message: 'Service Unavailable', description: UNAVAILABLE, retryable: true, retryAfter: 0 });
    expect(response.headers['Retry-After']).toBe('Sat, 01 Mar 2025 11:00:00 GMT');
  });
});

describe('production mode default', () => {
  it('follows NODE_ENV=production when the option is not given', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const error = new InternalServerError('db down', { details: { host: 'db' } });
    expect(parse(createErrorRenderer()(error))).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
    expect(parse(renderError(error, {}, {}))).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
  });

  it('is on for any NODE_ENV but development: unset, test, staging (safe by default)', () => {
    const error = new InternalServerError('db down', { details: { host: 'db' } });
    for (const env of ['test', '', 'staging', 'Development', undefined]) {
      if (env === undefined) vi.stubEnv('NODE_ENV', undefined);
      else vi.stubEnv('NODE_ENV', env);
      expect(parse(createErrorRenderer()(error))).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
    }
  });

  it('is off only with NODE_ENV=development', () => {
    vi.stubEnv('NODE_ENV', 'development');
    const error = new InternalServerError('db down');
    expect(parse(createErrorRenderer()(error))).toEqual({
      status: 500,
      error: 'Internal Server Error',
      message: 'db down',
      description: INTERNAL,
      retryable: false,
      stack: error.stack,
    });
  });

  it('is overridden by the option either way', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(parse(createErrorRenderer({ production: false })(new InternalServerError('db down'))).message).toBe('db down');
    vi.stubEnv('NODE_ENV', 'development');
    expect(parse(createErrorRenderer({ production: true })(new InternalServerError('db down'))).message).toBe('Internal Server Error');
  });
});

describe('createErrorRenderer', () => {
  it('gives the same response as renderError with the same options', () => {
    const options = { production: true, problemTypeBase: 'https://example.com/errors/' };
    const render = createErrorRenderer(options);
    const error = new TooManyRequests('Slow down', { retryAfter: 5, code: 'RATE' });
    for (const accept of [undefined, 'application/problem+json', 'text/html', 'text/plain']) {
      const request = { accept, path: '/x', requestId: 'r1' };
      expect(render(error, request)).toEqual(renderError(error, request, options));
    }
  });

  it('renders with no request facts at all', () => {
    const response = createErrorRenderer(PRODUCTION)(new NotFound());
    expect(response.status).toBe(404);
    expect(response.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });
});

describe('malformed details', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const throwingToJSON = {
    toJSON(): never {
      throw new Error('toJSON exploded');
    },
  };
  const cases: Array<[string, unknown]> = [
    ['a cycle', cyclic],
    ['a BigInt', { count: 10n }],
    ['a throwing toJSON', throwingToJSON],
    [
      'a throwing getter',
      Object.defineProperty({}, 'field', {
        enumerable: true,
        get() {
          throw new Error('getter exploded');
        },
      }),
    ],
  ];

  it.each(cases)('still answers, with a placeholder for details with %s (JSON)', (_, details) => {
    const response = renderError(new BadRequest('Invalid body', { details, code: 'INVALID' }), { requestId: 'r1' }, PRODUCTION);
    const expected = {
      status: 400,
      error: 'Bad Request',
      message: 'Invalid body',
      description: BAD_REQUEST,
      retryable: false,
      code: 'INVALID',
      details: '[details could not be serialised]',
      requestId: 'r1',
    };
    expect(parse(response)).toEqual(expected);
    expect(Object.keys(parse(response))).toEqual(Object.keys(expected));
    expect(response.headers).toEqual(jsonHeaders(response.body, { 'X-Request-Id': 'r1' }));
  });

  it.each(cases)('still answers, with a placeholder for details with %s (problem details)', (_, details) => {
    const response = renderError(new BadRequest('Invalid body', { details }), { accept: 'application/problem+json' }, PRODUCTION);
    expect(response.status).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid body',
      description: BAD_REQUEST,
      retryable: false,
      details: '[details could not be serialised]',
    });
  });

  it('does not need to serialise details that are hidden', () => {
    const response = renderError(new InternalServerError({ details: { count: 10n } }), {}, PRODUCTION);
    expect(parse(response)).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false });
  });
});

describe('forged errata errors', () => {
  // The brand is a Symbol.for, so any value can claim to be an errata error; the response must still be sound.
  const BRAND = Symbol.for('errata.HttpError');
  const plain500 = { status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: INTERNAL, retryable: false };

  it.each([600, 399, 200, 0, -1, 404.5, Number.NaN, '404', undefined])('answers a forged error with status %s as a bare 500', (status) => {
    for (const options of [PRODUCTION, DEVELOPMENT]) {
      const response = renderError({ [BRAND]: true, status, message: 'forged secret', details: { secret: 1 } }, {}, options);
      expect(response.status).toBe(500);
      expect(parse(response)).toEqual(plain500);
      expect(response.headers).toEqual({
        'Cache-Control': 'no-store',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(response.body)),
      });
    }
  });

  it('exposes a forged 5xx only for expose === true, and ignores fields of the wrong type', () => {
    const forged = { [BRAND]: true, status: 503, message: 'forged secret', expose: 'yes', details: { secret: 1 }, retryable: 'yes', retryAfter: 'soon', code: 42 };
    const response = renderError(forged, { accept: 'text/html' }, PRODUCTION);
    expect(response.status).toBe(503);
    expect(response.body).not.toContain('secret');
    expect(response.headers).not.toHaveProperty('Retry-After');
    expect(parse(renderError(forged, {}, PRODUCTION))).toEqual({
      status: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
      description: UNAVAILABLE,
      // Rebuilt as a ServiceUnavailable from the fields of the right type: a 503 is retryable by its documentation.
      retryable: true,
    });
  });

  it('renders every format for a forged error whose message is not a string', () => {
    for (const accept of ['application/json', 'application/problem+json', 'text/html', 'text/plain']) {
      const response = renderError({ [BRAND]: true, status: 404, message: 42, description: { not: 'text' } }, { accept }, DEVELOPMENT);
      expect(response.status).toBe(404);
      expect(response.body).toContain(NOT_FOUND);
    }
  });
});
