import Koa from 'koa';
import { NotFound } from '#errata';
import { createErrorHandler } from '#errata/koa';
import { NOT_FOUND_JSON, NOT_FOUND_LENGTH, CASE_URL, notFoundBody } from './bodies.mjs';

// Koa 3 cases: `GET /items/42` answered with a 404. Each `create` returns a Node request listener.
const JSON_TYPE = 'application/json; charset=utf-8';

function koaApp(...middleware) {
  const app = new Koa();
  app.silent = true;
  for (const fn of middleware) app.use(fn);
  return app.callback();
}

export const koaCases = {
  'koa-floor': {
    label: 'Koa floor: `ctx.status = 404; ctx.body = {...}`',
    framework: 'koa',
    create: () =>
      koaApp((ctx) => {
        ctx.status = 404;
        ctx.body = notFoundBody();
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'koa-bare-error': {
    label: 'Koa, bare error path: a try/catch middleware catches `{ status: 404 }`, sets status, type and a string body',
    framework: 'koa',
    create: () =>
      koaApp(
        async (ctx, next) => {
          try {
            await next();
          } catch (err) {
            ctx.status = err.status;
            ctx.type = 'application/json';
            ctx.body = JSON.stringify(notFoundBody());
          }
        },
        () => {
          throw { status: 404 };
        },
      ),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'koa-throw': {
    label: "Koa `ctx.throw(404)`, Koa's own handling (plain text)",
    framework: 'koa',
    create: () => koaApp((ctx) => ctx.throw(404)),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not Found' },
  },
  'errata-koa': {
    label: 'errata on Koa: `throw new NotFound()`, production',
    framework: 'koa',
    create: () =>
      koaApp(createErrorHandler(), () => {
        throw new NotFound();
      }),
    url: CASE_URL,
    expect: {
      status: 404,
      headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH, 'cache-control': 'no-store', vary: 'Accept', 'x-content-type-options': 'nosniff' },
      body: NOT_FOUND_JSON,
    },
  },
};
