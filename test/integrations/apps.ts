import { bodyParser } from '@koa/bodyparser';
import express from 'express';
import express4 from 'express4';
import Koa from 'koa';
import Koa2 from 'koa2';
import type { RequestListener } from 'node:http';
import * as errataExpress from '../../src/adapters/express/index.js';
import * as errataKoa from '../../src/adapters/koa/index.js';
import type { ErrorHandlerOptions } from '../../src/middleware/options.js';

// Production mode, so bodies carry no development stack and tests can assert them whole.
const PRODUCTION: ErrorHandlerOptions<unknown> = { production: true };

/** What `POST /check` does with the parsed JSON body: throws, rejects or returns. */
export type Check = (body: unknown) => unknown;

export interface CheckApp {
  name: 'Express 4' | 'Express 5' | 'Koa 2' | 'Koa 3';
  /** A real app: JSON body parser, `POST /check` awaiting `check(body)`, errata's error handler with `options` (default: production mode). */
  build: (check: Check, options?: ErrorHandlerOptions<unknown>, before?: MiddlewareHook) => RequestListener;
}

/** Runs first in every request, inside the framework (for a tracing middleware that opens a span). */
export type MiddlewareHook = (run: () => Promise<void>) => Promise<void>;

function expressApp(version: 4 | 5, check: Check, options: ErrorHandlerOptions<unknown> = PRODUCTION, before?: MiddlewareHook): RequestListener {
  const framework = version === 4 ? express4 : express;
  const app = framework();
  if (before) {
    app.use((_req, res, next) => {
      // The span (or whatever the hook opens) lasts until the response is finished.
      void before(() => new Promise<void>((resolve) => {
        res.on('finish', resolve);
        res.on('close', resolve);
        next();
      }));
    });
  }
  app.post('/check', framework.json(), (req, res, next) => {
    // Express 4 ignores a returned promise, so the route hands a rejection to next itself (Express 5 would too).
    Promise.resolve()
      .then(() => check(req.body))
      .then(() => void res.json({ ok: true }), next);
  });
  app.use(errataExpress.notFound);
  app.use(errataExpress.createErrorHandler(options));
  return app;
}

function koaApp(version: 2 | 3, check: Check, options: ErrorHandlerOptions<unknown> = PRODUCTION, before?: MiddlewareHook): RequestListener {
  const app = new (version === 2 ? Koa2 : Koa)();
  app.silent = true;
  if (before) app.use((_ctx, next) => before(() => next()));
  app.use(errataKoa.createErrorHandler(options));
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== '/check') return next();
    await check(ctx.request.body);
    ctx.body = { ok: true };
  });
  return app.callback();
}

/** Express 4, Express 5, Koa 2 and Koa 3 with one validating route each. */
export const checkApps: readonly CheckApp[] = [
  { name: 'Express 4', build: (check, options, before) => expressApp(4, check, options, before) },
  { name: 'Express 5', build: (check, options, before) => expressApp(5, check, options, before) },
  { name: 'Koa 2', build: (check, options, before) => koaApp(2, check, options, before) },
  { name: 'Koa 3', build: (check, options, before) => koaApp(3, check, options, before) },
];
