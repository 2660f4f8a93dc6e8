import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpError,
  NotFound,
  ServiceUnavailable,
  TooManyRequests,
  catalog,
  createError,
  errorClasses,
  errorFromResponse,
  type HttpErrorOptions,
} from '../src/index.js';
import { createErrorHandler } from '../src/adapters/express/index.js';

const STATUSES = Object.keys(errorClasses).map(Number);
const FIELD_ERRORS = [{ field: 'email', message: 'Invalid email', code: 'invalid_string' }];
const ACCEPT = { json: 'application/json', problem: 'application/problem+json', html: 'text/html', text: 'text/plain' } as const;
type Format = keyof typeof ACCEPT;

/** What the route throws; `expose: true` lets a 5xx send its message and details in production too. */
const SHAPES: Readonly<Record<string, (status: number) => HttpErrorOptions>> = {
  plain: () => ({}),
  full: (status) => ({ message: `Custom message for ${status}`, code: 'E_CUSTOM', details: FIELD_ERRORS, retryAfter: 30, expose: true }),
};

function documentedMessage(status: number): string {
  return (catalog as Record<number, { message: string }>)[status]!.message;
}

/** The fields a format carries back: all of them for JSON and problem+json; status and Retry-After for pages. */
function exposedFields(error: HttpError, format: Format) {
  const fields = { status: error.status, name: error.name, retryAfter: error.retryAfter, retryable: error.retryable, description: error.description };
  if (format === 'html' || format === 'text') return { ...fields, message: documentedMessage(error.status), code: undefined, details: undefined };
  return { ...fields, message: error.message, code: error.code, details: error.details };
}

function fieldsOf(error: HttpError) {
  const { status, name, retryAfter, retryable, description, message, code, details } = error;
  return { status, name, retryAfter, retryable, description, message, code, details };
}

function response(body: BodyInit | null, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/**
 * GET with fetch; a 407 through node:http instead, wrapped in a Response: the Fetch standard turns every 407
 * into a network error when there is no window (Node's fetch rejects with "fetch failed").
 */
async function fetchError(url: string, status: number, accept: string): Promise<Response> {
  if (status !== 407) return fetch(url, { headers: { accept } });
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const headers = Object.entries(incoming.headers).map(([name, value]) => [name, String(value)] as [string, string]);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers }));
      });
    }).on('error', reject);
  });
}

describe('round trip: Express throws, fetch receives, fromResponse gives the same error', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.get('/throw/:status/:shape', (req) => {
      const status = Number(req.params.status);
      throw createError(status, SHAPES[req.params.shape]!(status));
    });
    app.use(createErrorHandler({ production: true }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('covers the 40 documented 4xx/5xx codes', () => {
    expect(STATUSES).toHaveLength(40);
  });

  for (const format of Object.keys(ACCEPT) as Format[]) {
    it.each(STATUSES)(`${format}: %i, plain and with message, code, details and retryAfter`, async (status) => {
      const Class = errorClasses[status as keyof typeof errorClasses];
      for (const [shape, options] of Object.entries(SHAPES)) {
        const thrown = createError(status, options(status));
        const received = await fetchError(`${url}/throw/${status}/${shape}`, status, ACCEPT[format]);
        expect(received.status).toBe(status);
        expect(received.headers.get('content-type')).toBe(`${ACCEPT[format]}; charset=utf-8`);

        const error = await HttpError.fromResponse(received);
        expect(error).toBeInstanceOf(Class);
        expect(error).toBeInstanceOf(HttpError);
        expect(fieldsOf(error)).toEqual(exposedFields(thrown, format));
        expect(error.retryAfter).toBe(shape === 'full' ? 30 : undefined);
      }
    });
  }

  it('a 5xx that is not exposed comes back with the documented message and no details, as the client saw it', async () => {
    const received = await fetch(`${url}/throw/500/plain`, { headers: { accept: 'application/json' } });
    const error = await HttpError.fromResponse(received);
    expect(fieldsOf(error)).toEqual({
      status: 500,
      name: 'InternalServerError',
      message: 'Internal Server Error',
      description: (catalog as Record<number, { description: string }>)[500]!.description,
      retryAfter: undefined,
      retryable: false,
      code: undefined,
      details: undefined,
    });
  });
});

describe('fromResponse reads what is reasonable and never fails because of the body', () => {
  const json = { 'content-type': 'application/json; charset=utf-8' };

  it('lets a client branch on the class and wait for retryAfter', async () => {
    const body = JSON.stringify({ status: 429, error: 'Too Many Requests', message: 'Slow down', retryable: true, retryAfter: 7 });
    const error = await HttpError.fromResponse(response(body, 429, { ...json, 'retry-after': '7' }));
    expect(error).toBeInstanceOf(TooManyRequests);
    expect(error instanceof TooManyRequests && typeof error.retryAfter === 'number' ? error.retryAfter * 1000 : undefined).toBe(7000);
  });

  it('errorFromResponse is the same function under its own name', async () => {
    const error = await errorFromResponse(response('', 404));
    expect(error).toBeInstanceOf(NotFound);
    expect(error.message).toBe('Not Found');
  });

  it.each([
    ['malformed JSON', '{"status":404,'],
    ['an empty body', ''],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ["another server's JSON", '{"message":"nope","statusCode":404}'],
    ['a body about another status', '{"status":400,"error":"Bad Request","message":"Bad input","retryable":false}'],
    ['an errata body with an empty message', '{"status":404,"error":"Not Found","message":"","retryable":false}'],
  ])('%s: the status alone, with the Retry-After header', async (_name, body) => {
    const error = await HttpError.fromResponse(response(body, 404, { ...json, 'retry-after': '12' }));
    expect(fieldsOf(error)).toEqual({
      status: 404,
      name: 'NotFoundError',
      message: 'Not Found',
      description: (catalog as Record<number, { description: string }>)[404]!.description,
      retryAfter: 12,
      retryable: true,
      code: undefined,
      details: undefined,
    });
  });

  it('reads a problem+json body from another server (RFC 9457): detail becomes the message', async () => {
    const body = JSON.stringify({ type: 'https://example.net/out-of-credit', title: 'You do not have enough credit.', detail: 'Your balance is 30.', balance: 30 });
    const error = await HttpError.fromResponse(response(body, 403, { 'content-type': 'application/problem+json' }));
    expect(error).toMatchObject({ status: 403, name: 'ForbiddenError', message: 'Your balance is 30.', code: undefined, details: undefined });
  });

  it('reads a JSON body served without a Content-Type', async () => {
    // A string body would get text/plain from the Response constructor; bytes get no Content-Type.
    const bytes = new TextEncoder().encode('{"status":409,"error":"Conflict","message":"Taken","retryable":false,"code":"TAKEN"}');
    const error = await HttpError.fromResponse(response(bytes, 409));
    expect(error.headers).toEqual({});
    expect(error).toMatchObject({ status: 409, message: 'Taken', code: 'TAKEN' });
  });

  it('ignores a JSON-looking body served as HTML', async () => {
    const error = await HttpError.fromResponse(response('{"status":409,"error":"Conflict","message":"Taken","retryable":false}', 409, { 'content-type': 'text/html' }));
    expect(error.message).toBe('Conflict');
  });

  it('prefers the body retryAfter to the header', async () => {
    const body = JSON.stringify({ status: 503, error: 'Service Unavailable', message: 'Service Unavailable', retryable: true, retryAfter: 5 });
    const error = await HttpError.fromResponse(response(body, 503, { ...json, 'retry-after': '60' }));
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect(error.retryAfter).toBe(5);
  });

  it('reads a Retry-After HTTP-date as whole seconds (a date in the past is 0)', async () => {
    const error = await HttpError.fromResponse(response('down', 503, { 'content-type': 'text/plain', 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }));
    expect(error.retryAfter).toBe(0);
  });

  it('drops a malformed Retry-After header', async () => {
    const error = await HttpError.fromResponse(response('', 503, { 'retry-after': 'soon' }));
    expect(error.retryAfter).toBeUndefined();
    expect(error.retryable).toBe(true);
  });

  it('a body that was already read gives the status alone', async () => {
    const received = response('{"status":404,"error":"Not Found","message":"User 1 is gone","retryable":false}', 404, json);
    await received.text();
    expect((await HttpError.fromResponse(received)).message).toBe('Not Found');
  });

  it('a body that fails half-way gives the status alone', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"status":404,'));
        controller.error(new Error('connection reset'));
      },
    });
    expect((await HttpError.fromResponse(response(stream, 404, json))).message).toBe('Not Found');
  });

  it('a body over 1 MiB is not buffered: the status alone', async () => {
    const big = JSON.stringify({ status: 400, error: 'Bad Request', message: 'Big', retryable: false, details: 'x'.repeat(1024 * 1024) });
    expect((await HttpError.fromResponse(response(big, 400, json))).message).toBe('Bad Request');
  });

  it('a status errata has no class for gives a plain HttpError of that status', async () => {
    const error = await HttpError.fromResponse(response('{"status":499,"error":"Client Closed Request","message":"Gone away","retryable":false}', 499, json));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 499, message: 'Gone away' });
  });

  it.each([200, 204, 301, 304])('rejects a %i with a RangeError, without reading the body', async (status) => {
    const received = response(status === 204 || status === 304 ? null : 'ok', status);
    await expect(HttpError.fromResponse(received)).rejects.toThrow(new RangeError(`fromResponse: status ${status} is not an error status (400–599)`));
    expect(received.bodyUsed).toBe(false);
  });
});

describe('the Fetch standard and 407', () => {
  it('Node\'s fetch rejects a 407 (so fromResponse never sees one from fetch); other clients can still pass it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(407, { 'content-type': 'text/plain' }).end('Proxy Authentication Required');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await expect(fetch(url)).rejects.toThrow('fetch failed');
      expect((await HttpError.fromResponse(await fetchError(url, 407, 'text/plain'))).name).toBe('ProxyAuthenticationRequiredError');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
