import { describe, expect, it } from 'vitest';
import {
  BadRequest,
  HTTPVersionNotSupported,
  InternalServerError,
  NotFound,
  TooManyRequests,
  URITooLong,
  createError,
  renderError,
  type ErrorResponse,
} from '../src/index.js';

const NOT_FOUND = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const BAD_REQUEST = 'Invalid request. Modify the request directly and do not attempt to retry it.';
const INTERNAL = 'The server has encountered a situation it does not know how to handle.';
const TOO_MANY =
  'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.';

const PROBLEM = { accept: 'application/problem+json' } as const;
const PRODUCTION = { production: true } as const;

function problemHeaders(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    'Cache-Control': 'no-store',
    Vary: 'Accept',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  };
}

function parse(response: ErrorResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

describe('problem details (RFC 9457)', () => {
  it('answers a client that asks for application/problem+json', () => {
    const response = renderError(new NotFound(), { ...PROBLEM, path: '/users/42' }, PRODUCTION);
    const expected = {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: NOT_FOUND,
      instance: '/users/42',
      description: NOT_FOUND,
      retryable: false,
    };
    expect(response.status).toBe(404);
    expect(parse(response)).toEqual(expected);
    expect(Object.keys(parse(response))).toEqual(['type', 'title', 'status', 'detail', 'instance', 'description', 'retryable']);
    expect(response.headers).toEqual(problemHeaders(response.body));
    expect(response.body).toBe(JSON.stringify(expected));
  });

  it('answers in problem details by default with defaultFormat: "problem"', () => {
    const options = { production: true, defaultFormat: 'problem' } as const;
    for (const accept of [undefined, '', '*/*', 'image/png']) {
      const response = renderError(new NotFound(), { accept }, options);
      expect(response.headers['Content-Type']).toBe('application/problem+json; charset=utf-8');
      expect(parse(response)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: NOT_FOUND, description: NOT_FOUND, retryable: false });
    }
    // A client that asks for plain JSON still gets it.
    const json = renderError(new NotFound(), { accept: 'application/json' }, options);
    expect(json.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(parse(json)).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: NOT_FOUND, retryable: false });
  });

  it('omits instance when the path is not known', () => {
    expect(Object.keys(parse(renderError(new NotFound(), PROBLEM, PRODUCTION)))).toEqual(['type', 'title', 'status', 'detail', 'description', 'retryable']);
  });

  it('uses the exposed own message as detail', () => {
    expect(parse(renderError(new NotFound('User 42 does not exist'), { ...PROBLEM, path: '/users/42' }, PRODUCTION))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'User 42 does not exist',
      instance: '/users/42',
      description: NOT_FOUND,
      retryable: false,
    });
  });

  it('uses the description as detail when the own message is hidden', () => {
    expect(parse(renderError(new InternalServerError('connect ECONNREFUSED', { details: { host: 'db' } }), PROBLEM, PRODUCTION))).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: INTERNAL,
      description: INTERNAL,
      retryable: false,
    });
    expect(parse(renderError(new BadRequest('secret', { expose: false }), PROBLEM, PRODUCTION)).detail).toBe(BAD_REQUEST);
  });

  it('sends description, retryable, retryAfter, code, details and requestId as extension members, in that order', () => {
    const response = renderError(
      new TooManyRequests('Slow down', { retryAfter: 30, code: 'RATE_LIMITED', details: { limit: 100 } }),
      { ...PROBLEM, path: '/api/search', requestId: 'req-7' },
      PRODUCTION,
    );
    const expected = {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Slow down',
      instance: '/api/search',
      description: TOO_MANY,
      retryable: true,
      retryAfter: 30,
      code: 'RATE_LIMITED',
      details: { limit: 100 },
      requestId: 'req-7',
    };
    expect(parse(response)).toEqual(expected);
    expect(Object.keys(parse(response))).toEqual(Object.keys(expected));
    expect(response.headers).toEqual(problemHeaders(response.body, { 'Retry-After': '30', 'X-Request-Id': 'req-7' }));
  });

  it('adds the stack as the last member outside production', () => {
    const error = new NotFound({ captureStack: true });
    const response = renderError(error, PROBLEM, { production: false });
    expect(parse(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: NOT_FOUND,
      description: NOT_FOUND,
      retryable: false,
      stack: error.stack,
    });
    expect(Object.keys(parse(response)).at(-1)).toBe('stack');
  });
});

describe('problem type URIs', () => {
  it.each(['https://example.com/errors/', 'https://example.com/errors'])('are the base (%s) plus the kebab-case class name', (problemTypeBase) => {
    const response = renderError(new NotFound(), { ...PROBLEM, path: '/users/42' }, { production: true, problemTypeBase });
    expect(parse(response)).toEqual({
      type: 'https://example.com/errors/not-found',
      title: 'Not Found',
      status: 404,
      detail: NOT_FOUND,
      instance: '/users/42',
      description: NOT_FOUND,
      retryable: false,
    });
  });

  it.each([
    ['TooManyRequests', 'too-many-requests', new TooManyRequests()],
    ['HTTPVersionNotSupported', 'http-version-not-supported', new HTTPVersionNotSupported()],
    ['URITooLong', 'uri-too-long', new URITooLong()],
    ['InternalServerError', 'internal-server-error', new InternalServerError()],
    ['ImATeapot', 'im-a-teapot', createError(418)],
    ['PayloadTooLarge', 'payload-too-large', createError(413)],
    ['RangeNotSatisfiable', 'range-not-satisfiable', createError(416)],
    ['UnprocessableEntity', 'unprocessable-entity', createError(422)],
    ['RequestHeaderFieldsTooLarge', 'request-header-fields-too-large', createError(431)],
    ['NetworkAuthenticationRequired', 'network-authentication-required', createError(511)],
  ])('names %s "%s"', (_name, slug, error) => {
    const response = renderError(error, PROBLEM, { production: true, problemTypeBase: 'https://example.com/errors/' });
    expect(parse(response).type).toBe(`https://example.com/errors/${slug}`);
  });

  it('is about:blank for every status when no base is configured', () => {
    for (const status of [400, 404, 429, 500, 503]) {
      expect(parse(renderError(createError(status), PROBLEM, PRODUCTION)).type).toBe('about:blank');
    }
  });
});
