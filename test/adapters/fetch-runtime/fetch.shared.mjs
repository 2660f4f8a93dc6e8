// errata/fetch's tests, run on the BUILT entry under Node (vitest imports this), Bun and Deno (run.mjs).
/* global TextEncoder, Request */
import { createResponder, toResponse } from '../../../dist/fetch.js';
import { NotFound, TooManyRequests } from '../../../dist/index.js';
import { assertEqual, assertMatch, headersOf, serve } from './harness.mjs';

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const D429 =
  'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.';
const D500 = 'The server has encountered a situation it does not know how to handle.';
const encoder = new TextEncoder();
const bytes = (text) => String(encoder.encode(text).length);

function request(path, init = {}) {
  return new Request(`http://app.test${path}`, init);
}

/** Captures console.error while `body` runs (errata's default 5xx log and its failure reports go there or to stderr). */
async function capturingConsoleError(body) {
  const lines = [];
  const original = console.error;
  const stderr = globalThis.process?.stderr;
  const originalWrite = stderr?.write;
  console.error = (...args) => lines.push(args.join(' '));
  if (stderr) stderr.write = (chunk) => (lines.push(String(chunk)), true);
  try {
    await body();
  } finally {
    console.error = original;
    if (stderr) stderr.write = originalWrite;
  }
  return lines;
}

const quiet = { logger: false };

export const tests = [
  {
    name: 'toResponse without a request answers JSON with the status, documented text and errata headers',
    run: async () => {
      const response = toResponse(new NotFound('User 7 does not exist'));
      const body = JSON.stringify({ status: 404, error: 'Not Found', message: 'User 7 does not exist', description: D404, retryable: false });
      assertEqual(response.status, 404, 'status');
      assertEqual(headersOf(response), {
        'cache-control': 'no-store',
        'content-length': bytes(body),
        'content-type': 'application/json; charset=utf-8',
        vary: 'Accept',
        'x-content-type-options': 'nosniff',
      }, 'headers');
      assertEqual(await response.text(), body, 'body');
    },
  },
  {
    name: 'the request Accept picks plain text, and the query string is never echoed',
    run: async () => {
      const response = toResponse(new NotFound(), request('/users/7?token=secret', { headers: { accept: 'text/plain' } }));
      assertEqual(response.headers.get('content-type'), 'text/plain; charset=utf-8', 'content-type');
      assertEqual(await response.text(), `404 Not Found\n\n${D404}\n`, 'body');
    },
  },
  {
    name: 'problem+json names the path as instance and the type under problemTypeBase',
    run: async () => {
      const respond = createResponder({ problemTypeBase: 'https://errata.test/errors/' });
      const response = respond(new NotFound(), request('/users/7?token=secret', { headers: { accept: 'application/problem+json' } }));
      assertEqual(response.headers.get('content-type'), 'application/problem+json; charset=utf-8', 'content-type');
      assertEqual(await response.json(), {
        type: 'https://errata.test/errors/not-found', title: 'Not Found', status: 404, detail: D404, instance: '/users/7', description: D404, retryable: false,
      }, 'body');
    },
  },
  {
    name: 'HEAD gets the status and headers GET would get, with no body',
    run: async () => {
      const get = toResponse(new NotFound(), request('/x'));
      const head = toResponse(new NotFound(), request('/x', { method: 'HEAD' }));
      assertEqual(head.status, 404, 'status');
      assertEqual(head.body, null, 'body stream');
      assertEqual(headersOf(head), headersOf(get), 'headers');
    },
  },
  {
    name: 'headers the app meant to send: success-body and framing ones dropped, CORS and cookies kept, Vary merged',
    run: async () => {
      const meant = [
        ['ETag', '"v1"'], ['Content-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked'], ['Access-Control-Allow-Origin', 'https://app.test'],
        ['Vary', 'Origin'], ['Set-Cookie', 'seen=1; Path=/'],
      ];
      const response = createResponder()(new NotFound(), request('/x'), meant);
      const headers = headersOf(response);
      assertEqual(
        [headers.etag, headers['content-encoding'], headers['transfer-encoding'], headers['access-control-allow-origin'], headers.vary, headers['set-cookie']],
        [undefined, undefined, undefined, 'https://app.test', 'Origin, Accept', 'seen=1; Path=/'],
        'headers',
      );
      assertEqual(response.status, 404, 'status');
    },
  },
  {
    name: 'an unknown error is a 500 that hides its message in production',
    run: async () => {
      const response = createResponder({ ...quiet, production: true })(new Error('password=hunter2'), request('/x'));
      assertEqual(response.status, 500, 'status');
      assertEqual(await response.json(), { status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: D500, retryable: false }, 'body');
    },
  },
  {
    name: "development (production: false) shows the original's stack, the one place its message appears",
    run: async () => {
      const body = await createResponder({ ...quiet, production: false })(new Error('password=hunter2'), request('/x')).json();
      assertEqual(body.message, 'Internal Server Error', 'message');
      assertMatch(body.stack, /^Error: password=hunter2\n\s+at /, 'stack');
    },
  },
  {
    name: 'a foreign error with expose: true keeps its status and message; without it, the status text only',
    run: async () => {
      const exposed = Object.assign(new Error('Name taken'), { status: 409, expose: true });
      const hidden = Object.assign(new Error('row 7 locked by pid 4411'), { status: 409 });
      assertEqual((await toResponse(exposed).json()).message, 'Name taken', 'exposed');
      assertEqual((await toResponse(hidden).json()).message, 'Conflict', 'hidden');
    },
  },
  {
    name: 'retry hints become Retry-After and the body agrees',
    run: async () => {
      const response = toResponse(new TooManyRequests({ retryAfter: 30 }));
      assertEqual(response.headers.get('retry-after'), '30', 'retry-after');
      assertEqual(await response.json(), { status: 429, error: 'Too Many Requests', message: 'Too Many Requests', description: D429, retryable: true, retryAfter: 30 }, 'body');
    },
  },
  {
    name: 'a safe X-Request-Id is echoed in the header and the body; an unsafe one is dropped',
    run: async () => {
      const safe = toResponse(new NotFound(), request('/x', { headers: { 'x-request-id': 'req-42' } }));
      assertEqual(safe.headers.get('x-request-id'), 'req-42', 'header');
      assertEqual((await safe.json()).requestId, 'req-42', 'body');
      const unsafe = toResponse(new NotFound(), request('/x', { headers: { 'x-request-id': 'a b<script>' } }));
      assertEqual(unsafe.headers.get('x-request-id'), null, 'unsafe header');
    },
  },
  {
    name: 'onError gets the errata error, the Request and the request id, once',
    run: async () => {
      const calls = [];
      const req = request('/x', { headers: { 'x-request-id': 'req-1' } });
      createResponder({ onError: (error, context) => void calls.push([error.status, context.request === req, context.original.message, context.requestId]) })(
        new Error('boom'),
        req,
      );
      assertEqual(calls, [[500, true, 'boom', 'req-1']], 'calls');
    },
  },
  {
    name: 'a logger gets 5xx at error and 4xx at warn',
    run: async () => {
      const calls = [];
      const logger = { error: (object, message) => calls.push(['error', object.status, message]), warn: (object, message) => calls.push(['warn', object.status, message]) };
      const respond = createResponder({ logger });
      respond(new Error('boom'));
      respond(new NotFound());
      assertEqual(calls, [['error', 500, 'Internal Server Error'], ['warn', 404, 'Not Found']], 'calls');
    },
  },
  {
    name: 'with neither logger nor onError a 5xx is written to the console with its stack; logger: false silences it',
    run: async () => {
      const logged = await capturingConsoleError(() => void toResponse(new Error('disk full'), request('/upload?x=1', { method: 'POST' })));
      assertEqual(logged.length, 1, 'lines');
      assertMatch(logged[0], /^errata: 500 on POST \/upload\nError: disk full\n\s+at /, 'line');
      const silent = await capturingConsoleError(() => void createResponder(quiet)(new Error('disk full')));
      assertEqual(silent, [], 'silenced');
      const client = await capturingConsoleError(() => void toResponse(new NotFound()));
      assertEqual(client, [], '4xx');
    },
  },
  {
    name: 'a throwing onError is reported and the response is unchanged',
    run: async () => {
      let response;
      const lines = await capturingConsoleError(() => {
        response = createResponder({ onError: () => { throw new Error('hook broke'); } })(new NotFound());
      });
      assertEqual(response.status, 404, 'status');
      assertEqual(lines.some((line) => line.startsWith('errata: onError failed: Error: hook broke')), true, 'reported');
    },
  },
  {
    name: 'a catalogue that throws gives the bare plain-text 500 (the last resort)',
    run: async () => {
      const hostile = new Proxy({}, { get() { throw new Error('catalogue unavailable'); } });
      let response;
      const lines = await capturingConsoleError(() => (response = createResponder({ catalog: hostile })(new NotFound(), request('/x'))));
      assertEqual(response.status, 500, 'status');
      assertEqual(headersOf(response), {
        'cache-control': 'no-store', 'content-length': '26', 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff',
      }, 'headers');
      assertEqual(await response.text(), '500 Internal Server Error\n', 'body');
      assertEqual(lines.some((line) => line.startsWith('errata: error response failed: Error: catalogue unavailable')), true, 'reported');
    },
  },
  {
    name: 'the error is recorded on the active OpenTelemetry span registered on the global API',
    run: async () => {
      const key = Symbol.for('opentelemetry.js.api.1');
      const recorded = [];
      const span = {
        isRecording: () => true,
        recordException: (exception) => recorded.push(['exception', exception.message]),
        setAttribute: (name, value) => recorded.push([name, value]),
        setStatus: (status) => recorded.push(['status', status.code]),
      };
      const spanKey = Symbol.for('OpenTelemetry Context Key SPAN');
      globalThis[key] = { version: '1.9.0', context: { active: () => ({ getValue: (k) => (k === spanKey ? span : undefined) }) } };
      try {
        createResponder(quiet)(new Error('db down'));
        createResponder({ ...quiet, tracing: false })(new Error('not traced'));
      } finally {
        delete globalThis[key];
      }
      assertEqual(recorded, [['exception', 'db down'], ['error.type', 'InternalServerError'], ['status', 2]], 'recorded');
    },
  },
  {
    name: "through the runtime's own server: negotiated bodies, HEAD without a body, anything thrown",
    run: async () => {
      const respond = createResponder(quiet);
      const server = await serve(async (req) => {
        try {
          const { pathname } = new URL(req.url);
          if (pathname === '/missing') throw new NotFound('No such page');
          if (pathname === '/string') throw 'a string';
          return new Response('ok');
        } catch (error) {
          return respond(error, req);
        }
      });
      try {
        const json = await fetch(`${server.url}/missing`);
        assertEqual([json.status, json.headers.get('content-type')], [404, 'application/json; charset=utf-8'], 'json');
        assertEqual((await json.json()).message, 'No such page', 'json message');
        const text = await fetch(`${server.url}/missing`, { headers: { accept: 'text/plain' } });
        assertEqual(await text.text(), `404 Not Found\n\nNo such page\n${D404}\n`, 'text');
        const head = await fetch(`${server.url}/missing`, { method: 'HEAD' });
        assertEqual([head.status, await head.text()], [404, ''], 'head');
        const thrown = await fetch(`${server.url}/string`);
        assertEqual([thrown.status, (await thrown.json()).message], [500, 'Internal Server Error'], 'string');
        assertEqual(await (await fetch(`${server.url}/ok`)).text(), 'ok', 'still serving');
      } finally {
        await server.close();
      }
    },
  },
];
