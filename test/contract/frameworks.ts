import { bodyParser } from '@koa/bodyparser';
import express from 'express';
import express4 from 'express4';
import createHttpError from 'http-errors';
import Koa from 'koa';
import Koa2 from 'koa2';
import type { RequestListener } from 'node:http';
import * as errataExpress from '../../src/adapters/express/index.js';
import * as errataKoa from '../../src/adapters/koa/index.js';
import type { ErrorHandlerOptions } from '../../src/middleware/options.js';
import { fastifyNestFrameworks, type FastifyNestName } from './frameworks-fastify-nest.js';
import { webFrameworks, type WebName } from './frameworks-web.js';
import type { Call, PlainOptions, PresetName } from './runtimes/presets.js';

/** What a route does, in the words of each framework. */
export type RouteAction =
  /** A synchronous `throw` in the route, after setting `headers` on the response (as a success path would). */
  | { throws: () => unknown; headers?: Readonly<Record<string, string>> }
  /** An async route whose promise rejects (Express 4 routes hand the rejection to `next` themselves). */
  | { rejects: () => unknown }
  /** Express `next(err)`; Koa `ctx.throw(err)`. */
  | { passes: () => unknown }
  /** Koa `ctx.throw(status, props)`; Express `next(createError(status, props))` from http-errors. */
  | { ctxThrow: [status: number, props: Record<string, unknown>] }
  /** Parses a JSON body with a 1 kB limit (express.json / @koa/bodyparser), then answers 200. */
  | { parsesJson: true };

/** Routes by path; anything else is unmatched. */
export type Routes = ReadonlyMap<string, RouteAction>;

/** Options both adapters accept; `requestId` and `onError` get Express's `req` or Koa's `ctx`. */
export type SharedOptions = ErrorHandlerOptions<unknown> & { emitClientErrors?: boolean };

/** Hono and the Fetch entry served by Bun and Deno themselves (runtimes/remote.ts). */
export type RuntimeName = 'Hono (Bun)' | 'Fetch (Bun)' | 'Fetch (Deno)';

export type FrameworkName = 'Express 4' | 'Express 5' | 'Koa 2' | 'Koa 3' | FastifyNestName | WebName | RuntimeName;

/** One framework version of the matrix: builds a real app with errata's middleware around the routes. */
export interface Framework {
  name: FrameworkName;
  family: 'express' | 'koa' | 'fastify' | 'nest' | 'node' | 'hono' | 'fetch';
  app: (routes: Routes, options: SharedOptions) => RequestListener;
}

/** A running server outside this process, and how to stop it. */
export interface RemoteServer {
  url: string;
  close: () => Promise<void>;
}

/** What a remote process serves: the contract's cases (the default), or the options suite's routes with a preset. */
export interface RemoteApp {
  routes?: 'contract' | 'options';
  /** The options with functions (onError, logger, requestId, map, catalogs), built on the other side by name. */
  preset?: PresetName;
}

/** A remote app, and what happened inside its process. */
export interface RemoteAppServer extends RemoteServer {
  /** What the preset's functions were called with so far (its `GET /__calls`). */
  calls: () => Promise<Call[]>;
  /** Every errata report (a line starting `errata:` and its stack) the process wrote to stderr so far. */
  stderr: () => Promise<string[]>;
}

/**
 * An app served by another runtime (Bun, Deno) in its own process: it cannot hand this process a RequestListener,
 * only a base URL. The other process builds its routes (cases.ts, or presets.ts for the options suite) itself, so
 * only JSON options cross, and functions are named by a preset.
 */
export interface RemoteFramework extends Omit<Framework, 'app'> {
  remote: (options: PlainOptions, app?: RemoteApp) => Promise<RemoteAppServer>;
}

const JSON_LIMIT = '1kb';

function expressApp(version: 4 | 5, routes: Routes, options: SharedOptions): RequestListener {
  const framework = version === 4 ? express4 : express;
  const app = framework();
  for (const [path, action] of routes) {
    if ('parsesJson' in action) {
      app.post(path, framework.json({ limit: JSON_LIMIT }), (_req, res) => void res.json({ ok: true }));
      continue;
    }
    app.all(path, (_req, res, next) => {
      if ('throws' in action) {
        for (const [name, value] of Object.entries(action.headers ?? {})) res.setHeader(name, value);
        throw action.throws();
      }
      if ('passes' in action) return next(action.passes());
      if ('ctxThrow' in action) return next(createHttpError(...action.ctxThrow));
      const pending = (async () => {
        await Promise.resolve();
        throw action.rejects();
      })();
      // Express 5 awaits what a route returns; Express 4 ignores it, so an Express 4 route must call next itself.
      if (version === 4) pending.catch(next);
      return pending;
    });
  }
  app.use(errataExpress.notFound);
  app.use(errataExpress.createErrorHandler(options));
  return app;
}

function koaApp(version: 2 | 3, routes: Routes, options: SharedOptions): RequestListener {
  const app = new (version === 2 ? Koa2 : Koa)();
  // Errors are reported through errata's options here; Koa's default logger would only add noise.
  app.silent = true;
  app.use(errataKoa.createErrorHandler(options));
  app.use(async (ctx, next) => {
    const action = routes.get(ctx.path);
    if (!action) return next();
    if ('throws' in action) {
      ctx.set(action.headers ?? {});
      throw action.throws();
    }
    if ('passes' in action) return ctx.throw(action.passes() as Error);
    if ('ctxThrow' in action) return ctx.throw(...action.ctxThrow);
    if ('parsesJson' in action) {
      if (ctx.method !== 'POST') return next();
      return bodyParser({ jsonLimit: JSON_LIMIT, enableTypes: ['json'] })(ctx, async () => {
        ctx.body = { ok: true };
      });
    }
    await Promise.resolve();
    throw action.rejects();
  });
  return app.callback();
}

/** Express 4, Express 5, Koa 2 and Koa 3, each mounting routes on a real app with errata's middleware. */
export const frameworks: readonly Framework[] = [
  { name: 'Express 4', family: 'express', app: (routes, options) => expressApp(4, routes, options) },
  { name: 'Express 5', family: 'express', app: (routes, options) => expressApp(5, routes, options) },
  { name: 'Koa 2', family: 'koa', app: (routes, options) => koaApp(2, routes, options) },
  { name: 'Koa 3', family: 'koa', app: (routes, options) => koaApp(3, routes, options) },
  ...fastifyNestFrameworks,
  ...webFrameworks,
];
