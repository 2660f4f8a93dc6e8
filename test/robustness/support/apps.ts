import express from 'express';
import express4 from 'express4';
import Koa from 'koa';
import Koa2 from 'koa2';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as errataExpress from '../../../src/adapters/express/index.js';
import * as errataKoa from '../../../src/adapters/koa/index.js';
import type { ErrorHandlerOptions } from '../../../src/middleware/options.js';

export type FrameworkName = 'Express 4' | 'Express 5' | 'Koa 2' | 'Koa 3';

/** A route body in framework-neutral terms: it may write to Node's response, then throws or rejects. */
export type Route = (raw: { req: IncomingMessage; res: ServerResponse }) => unknown;

/** Options both adapters accept; `requestId` and `onError` get Express's `req` or Koa's `ctx`. */
export type SharedOptions = ErrorHandlerOptions<unknown>;

/**
 * A real app of the given framework with errata's middleware around `routes` (matched by exact path, any
 * method) and `GET /ok` answering 200 `ok`, as an unstarted HTTP server. `onKoaError` listens to a Koa app's
 * 'error' event.
 */
export function appServer(
  framework: FrameworkName,
  routes: Readonly<Record<string, Route>>,
  options: SharedOptions = {},
  onKoaError?: (error: unknown) => void,
): Server {
  if (framework.startsWith('Express')) return expressServer(framework === 'Express 4' ? express4 : express, routes, options);
  return koaServer(framework === 'Koa 2' ? Koa2 : Koa, routes, options, onKoaError);
}

function expressServer(framework: typeof express, routes: Readonly<Record<string, Route>>, options: SharedOptions): Server {
  const app = framework();
  app.disable('x-powered-by');
  app.get('/ok', (_req, res) => void res.type('text/plain').send('ok'));
  for (const [path, route] of Object.entries(routes)) {
    // Through a promise, so a sync throw and a rejection both reach next(): Express 4 ignores rejections.
    app.all(path, (req, res, next) => void Promise.resolve().then(() => route({ req, res })).catch(next));
  }
  app.use(errataExpress.notFound);
  app.use(errataExpress.createErrorHandler(options as errataExpress.ExpressErrorHandlerOptions));
  return createServer(app);
}

function koaServer(Framework: typeof Koa, routes: Readonly<Record<string, Route>>, options: SharedOptions, onError?: (error: unknown) => void): Server {
  const app = new Framework();
  // Koa's default 'error' listener prints every 5xx; the tests that care listen themselves.
  app.silent = true;
  if (onError) app.on('error', onError);
  app.use(errataKoa.createErrorHandler(options as errataKoa.KoaErrorHandlerOptions));
  app.use(async (ctx) => {
    if (ctx.path === '/ok') {
      ctx.body = 'ok';
      return;
    }
    const route = Object.hasOwn(routes, ctx.path) ? routes[ctx.path] : undefined;
    if (route) await route({ req: ctx.req, res: ctx.res });
  });
  return createServer(app.callback());
}
