import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NotFound } from '#errata';
import { errorHandler } from '#errata/hono';
import { NOT_FOUND_JSON, NOT_FOUND_LENGTH, CASE_URL, notFoundBody } from './bodies.mjs';

// Hono 4 cases on @hono/node-server: `GET /items/42` answered with a 404. Each `create` returns the Node request
// listener @hono/node-server makes of `app.fetch`, as `serve()` would use.
const JSON_TYPE = 'application/json';

function honoListener(setUp) {
  const app = new Hono();
  setUp(app);
  return getRequestListener(app.fetch);
}

export const honoCases = {
  'hono-floor': {
    label: 'Hono floor: `c.json({...}, 404)`',
    framework: 'hono',
    create: () =>
      honoListener((app) => {
        app.get('/items/:id', (c) => c.json(notFoundBody(), 404));
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'hono-bare-error': {
    label: 'Hono, bare error path: the route throws an `Error` with `status: 404` and no stack, `app.onError` answers `c.json`',
    framework: 'hono',
    create: () =>
      honoListener((app) => {
        // Hono hands `onError` only what is `instanceof Error`; made without the constructor, it captures no stack,
        // as Express's and Koa's bare paths throw a plain object.
        app.onError((error, c) => c.json(notFoundBody(), error.status));
        app.get('/items/:id', () => {
          throw Object.assign(Object.create(Error.prototype), { status: 404 });
        });
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'hono-http-exception': {
    label: "`throw new HTTPException(404, { message: 'Not Found' })`, Hono's own handling (`getResponse()`, plain text)",
    framework: 'hono',
    create: () =>
      honoListener((app) => {
        app.get('/items/:id', () => {
          throw new HTTPException(404, { message: 'Not Found' });
        });
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'Not Found' },
  },
  'errata-hono': {
    label: 'errata on Hono: `throw new NotFound()`, `app.onError(errorHandler)`, production',
    framework: 'hono',
    create: () =>
      honoListener((app) => {
        app.onError(errorHandler);
        app.get('/items/:id', () => {
          throw new NotFound();
        });
      }),
    url: CASE_URL,
    expect: {
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': NOT_FOUND_LENGTH, 'cache-control': 'no-store', vary: 'Accept', 'x-content-type-options': 'nosniff' },
      body: NOT_FOUND_JSON,
    },
  },
};
