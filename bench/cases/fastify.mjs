import { createServer } from 'node:http';
import Fastify from 'fastify';
import { NotFound } from '#errata';
import { errataPlugin } from '#errata/fastify';
import { NOT_FOUND_JSON, NOT_FOUND_LENGTH, CASE_URL, notFoundBody } from './bodies.mjs';

// Fastify 5 cases: `GET /items/42` answered with a 404. Each `create` returns a Node request listener: the one
// Fastify hands its server factory, called directly once the app is ready (nothing listens).
const JSON_TYPE = 'application/json; charset=utf-8';

async function fastifyListener(setUp) {
  let listener;
  const app = Fastify({
    serverFactory(handler) {
      listener = handler;
      return createServer();
    },
  });
  await setUp(app);
  await app.ready();
  return listener;
}

export const fastifyCases = {
  'fastify-floor': {
    label: 'Fastify floor: `reply.code(404).send({...})`',
    framework: 'fastify',
    create: () =>
      fastifyListener((app) => {
        app.get('/items/:id', (_request, reply) => reply.code(404).send(notFoundBody()));
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'fastify-bare-error': {
    label: 'Fastify, bare error path: the route throws `{ statusCode: 404 }` (no stack), `setErrorHandler` sends the body',
    framework: 'fastify',
    create: () =>
      fastifyListener((app) => {
        app.setErrorHandler((error, _request, reply) => reply.code(error.statusCode).send(notFoundBody()));
        app.get('/items/:id', () => {
          throw { statusCode: 404 };
        });
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'fastify-default': {
    label: "`throw createError(404)` (http-errors, `statusCode` 404), Fastify's default error handler",
    framework: 'fastify',
    create: async () => {
      const { default: createError } = await import('http-errors');
      return fastifyListener((app) => {
        app.get('/items/:id', () => {
          throw createError(404);
        });
      });
    },
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE }, body: '{"statusCode":404,"error":"Not Found","message":"Not Found"}' },
  },
  'errata-fastify': {
    label: 'errata on Fastify: `throw new NotFound()`, the errata/fastify plugin, production',
    framework: 'fastify',
    create: () =>
      fastifyListener(async (app) => {
        await app.register(errataPlugin);
        app.get('/items/:id', () => {
          throw new NotFound();
        });
      }),
    url: CASE_URL,
    expect: {
      status: 404,
      headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', vary: 'Accept', 'x-content-type-options': 'nosniff' },
      // errata sends Fastify's own request id (`req-1`, … `req-a`, …: a counter in base 36), so the body is the 404 with that one field more.
      body: (text) => {
        const { requestId, ...rest } = JSON.parse(text);
        if (!/^req-[0-9a-z]+$/.test(requestId)) return `requestId ${JSON.stringify(requestId)}, expected Fastify's req-<n in base 36>`;
        return JSON.stringify(rest) === NOT_FOUND_JSON ? undefined : `body ${text}, expected ${NOT_FOUND_JSON} with a requestId`;
      },
    },
  },
};
