import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadGateway,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  ProxyAuthenticationRequired,
  RangeNotSatisfiable,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UpgradeRequired,
  defineCatalog,
  renderError,
  type ErrorHeaders,
} from '../src/index.js';
import { ACCEPT, FORMATS } from './support/accept.js';

const PRODUCTION = { production: true } as const;

/** errata's own headers for a JSON body. */
function jsonHeaders(body: string): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    Vary: 'Accept',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the error's headers", () => {
  it('copies every header the error carries, numbers as strings', () => {
    const error = new NotFound({ headers: { 'X-Trace': 'abc', Link: '</docs>; rel="help"', 'X-Count': 3, 'X-Empty': '', 'X-Tab': 'a\tb' } });
    const response = renderError(error, {}, PRODUCTION);
    expect(response.headers).toEqual({
      'X-Trace': 'abc',
      Link: '</docs>; rel="help"',
      'X-Count': '3',
      'X-Empty': '',
      'X-Tab': 'a\tb',
      ...jsonHeaders(response.body),
    });
  });

  it.each([
    ['405 Allow', new MethodNotAllowed({ allow: ['GET', 'HEAD'] }), { Allow: 'GET, HEAD' }],
    ['401 WWW-Authenticate', new Unauthorized({ challenge: 'Bearer realm="api"' }), { 'WWW-Authenticate': 'Bearer realm="api"' }],
    ['401 several challenges', new Unauthorized({ challenge: ['Bearer', 'Basic realm="x"'] }), { 'WWW-Authenticate': 'Bearer, Basic realm="x"' }],
    ['407 Proxy-Authenticate', new ProxyAuthenticationRequired({ challenge: 'Basic' }), { 'Proxy-Authenticate': 'Basic' }],
    ['416 Content-Range', new RangeNotSatisfiable({ size: 1234 }), { 'Content-Range': 'bytes */1234' }],
    ['426 Upgrade', new UpgradeRequired({ upgrade: 'HTTP/2.0' }), { Upgrade: 'HTTP/2.0' }],
    [
      '429 RateLimit-* and Retry-After',
      new TooManyRequests({ limit: 100, remaining: 0, reset: 30 }),
      { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30', 'Retry-After': '30' },
    ],
  ])('sends the headers the status requires (%s)', (_, error, expected) => {
    const response = renderError(error, {}, PRODUCTION);
    expect(response.headers).toEqual({ ...expected, ...jsonHeaders(response.body) });
  });

  it.each<[string, unknown]>([
    ['CR/LF', 'a\r\nSet-Cookie: session=stolen'],
    ['a bare LF', 'a\nb'],
    ['a bare CR', 'a\rb'],
    ['a NUL', 'a\u0000b'],
    ['non-ASCII', 'café'],
    ['an emoji', '🙈'],
    ['an object', { value: 'x' }],
    ['an array', ['a', 'b']],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['null', null],
    ['undefined', undefined],
    ['a function', () => 'x'],
  ])('drops a value with %s, never sends it', (_, value) => {
    const error = new NotFound({ headers: { 'X-Bad': value, 'X-Good': 'kept' } as unknown as ErrorHeaders });
    const response = renderError(error, {}, PRODUCTION);
    expect(response.headers).toEqual({ 'X-Good': 'kept', ...jsonHeaders(response.body) });
  });

  it.each(['X Bad', 'X-Bad:', 'X-Bad\r\nSet-Cookie', '', 'Ünicode', 'X(Bad)', 'X/Bad', 'X"Bad"'])('drops an invalid header name %j', (name) => {
    const error = new NotFound({ headers: { [name]: 'value', 'X-Good': 'kept' } });
    const response = renderError(error, {}, PRODUCTION);
    expect(response.headers).toEqual({ 'X-Good': 'kept', ...jsonHeaders(response.body) });
  });

  it('replaces Content-Type, Content-Length, Cache-Control and Vary set by an error with errata\'s, in any case', () => {
    const error = new NotFound({
      headers: { 'Content-Type': 'text/html', 'content-length': '1', 'CACHE-CONTROL': 'public, max-age=31536000', vary: '*', 'X-Kept': 'yes' },
    });
    for (const format of FORMATS) {
      const response = renderError(error, { accept: ACCEPT[format] }, PRODUCTION);
      expect(response.headers['X-Kept']).toBe('yes');
      expect(response.headers['Cache-Control']).toBe('no-store');
      expect(response.headers.Vary).toBe('Accept');
      expect(response.headers['Content-Length']).toBe(String(Buffer.byteLength(response.body)));
      const names = Object.keys(response.headers).map((name) => name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
    const json = renderError(error, {}, PRODUCTION);
    expect(json.headers).toEqual({ 'X-Kept': 'yes', ...jsonHeaders(json.body) });
  });

  it('keeps errata\'s security headers over an error\'s copies', () => {
    const error = new NotFound({
      headers: { 'Content-Security-Policy': "script-src 'unsafe-inline'", 'X-Content-Type-Options': 'sniff', 'X-Request-Id': 'forged' },
    });
    const response = renderError(error, { accept: 'text/html', requestId: 'real' }, PRODUCTION);
    expect(response.headers['Content-Security-Policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['X-Request-Id']).toBe('real');
  });
});

describe('errata\'s headers', () => {
  it.each(FORMATS)('sends Cache-Control: no-store, Vary: Accept, nosniff and an exact Content-Length (%s)', (format) => {
    for (const error of [new NotFound(), new ServiceUnavailable(), new TooManyRequests('x', { retryAfter: 3 })]) {
      const response = renderError(error, { accept: ACCEPT[format] }, PRODUCTION);
      expect(response.headers['Cache-Control']).toBe('no-store');
      expect(response.headers.Vary).toBe('Accept');
      expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
      expect(response.headers['Content-Length']).toBe(String(Buffer.byteLength(response.body)));
    }
  });

  it.each(FORMATS)('counts Content-Length in bytes, not characters, for a non-ASCII description (%s)', (format) => {
    const catalog = defineCatalog({ 404: { message: 'Não Encontrado', description: 'Die Seite gibt es nicht – bitte später erneut versuchen. 🙈' } });
    const response = renderError(new NotFound(), { accept: ACCEPT[format] }, { production: true, catalog });
    expect(response.body).toContain('Die Seite gibt es nicht – bitte später erneut versuchen. 🙈');
    expect(response.headers['Content-Length']).toBe(String(Buffer.byteLength(response.body, 'utf8')));
    expect(Number(response.headers['Content-Length'])).toBeGreaterThan(response.body.length);
  });
});

describe('Retry-After', () => {
  const retryAfter = { 429: 60, 503: 120 };

  it('uses the per-status default when the error has none', () => {
    const tooMany = renderError(new TooManyRequests(), {}, { production: true, retryAfter });
    expect(tooMany.headers['Retry-After']).toBe('60');
    expect(JSON.parse(tooMany.body)).toMatchObject({ retryable: true, retryAfter: 60 });
    const unavailable = renderError(new ServiceUnavailable(), {}, { production: true, retryAfter });
    expect(unavailable.headers['Retry-After']).toBe('120');
    expect(JSON.parse(unavailable.body)).toMatchObject({ retryable: true, retryAfter: 120 });
  });

  it("keeps the error's own Retry-After over the default", () => {
    const response = renderError(new ServiceUnavailable({ retryAfter: 5 }), {}, { production: true, retryAfter });
    expect(response.headers['Retry-After']).toBe('5');
    expect(JSON.parse(response.body)).toMatchObject({ retryAfter: 5 });
    const fromReset = renderError(new TooManyRequests({ reset: 12 }), {}, { production: true, retryAfter });
    expect(fromReset.headers['Retry-After']).toBe('12');
  });

  it('sends none for a status without a default', () => {
    const response = renderError(new NotFound(), {}, { production: true, retryAfter });
    expect(response.headers).toEqual(jsonHeaders(response.body));
    expect(JSON.parse(response.body)).not.toHaveProperty('retryAfter');
  });

  it('makes a status retryable when it gets a default (a 413 with Retry-After is retryable)', () => {
    expect(JSON.parse(renderError(new PayloadTooLarge(), {}, PRODUCTION).body)).toMatchObject({ retryable: false });
    const response = renderError(new PayloadTooLarge(), {}, { production: true, retryAfter: { 413: 10 } });
    expect(response.headers['Retry-After']).toBe('10');
    expect(JSON.parse(response.body)).toMatchObject({ retryable: true, retryAfter: 10 });
  });

  it('rounds default seconds up to whole non-negative seconds and ignores invalid ones', () => {
    const options = { production: true, retryAfter: { 429: 1.5, 503: -5, 502: Number.NaN } };
    const tooMany = renderError(new TooManyRequests(), {}, options);
    expect(tooMany.headers['Retry-After']).toBe('2');
    expect(JSON.parse(tooMany.body)).toMatchObject({ retryAfter: 2 });
    expect(renderError(new ServiceUnavailable(), {}, options).headers['Retry-After']).toBe('0');
    const badGateway = renderError(new BadGateway(), {}, options);
    expect(badGateway.status).toBe(502);
    expect(badGateway.headers).not.toHaveProperty('Retry-After');
  });

  it('sends a Date as an IMF-fixdate, and its seconds in the body', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const response = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T12:30:00.000Z') }), {}, PRODUCTION);
    expect(response.headers['Retry-After']).toBe('Sat, 01 Mar 2025 12:30:00 GMT');
    expect(response.headers['Retry-After']).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(JSON.parse(response.body)).toMatchObject({ retryable: true, retryAfter: 1800 });
  });

  it('sends a Date default as an IMF-fixdate too', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const response = renderError(new ServiceUnavailable(), {}, { production: true, retryAfter: { 503: new Date('2025-03-01T13:00:00.000Z') } });
    expect(response.headers['Retry-After']).toBe('Sat, 01 Mar 2025 13:00:00 GMT');
    expect(JSON.parse(response.body)).toMatchObject({ retryAfter: 3600 });
  });
});

describe('HEAD', () => {
  it.each(FORMATS)('has the same status and headers as GET, Content-Length of the would-be body, and no body (%s)', (format) => {
    const error = new TooManyRequests('Slow down', { retryAfter: 30, headers: { 'X-Trace': 'abc' } });
    const request = { accept: ACCEPT[format], path: '/search', requestId: 'req-1' };
    const get = renderError(error, { ...request, method: 'GET' }, PRODUCTION);
    const head = renderError(error, { ...request, method: 'HEAD' }, PRODUCTION);
    expect(head).toEqual({ status: 429, headers: get.headers, body: '' });
    expect(head.headers['Content-Length']).toBe(String(Buffer.byteLength(get.body)));
    expect(Number(head.headers['Content-Length'])).toBeGreaterThan(0);
  });

  it('gives other methods a body', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', undefined]) {
      expect(renderError(new NotFound(), { method }, PRODUCTION).body).not.toBe('');
    }
  });
});
