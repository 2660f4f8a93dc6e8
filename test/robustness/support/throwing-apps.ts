import express from 'express';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import * as errataExpress from '../../../src/adapters/express/index.js';
import * as errataKoa from '../../../src/adapters/koa/index.js';

/** How the route hands the value over: a synchronous `throw`, or a rejected promise. */
export type ThrowStyle = 'sync' | 'async';

/** The value the next request's route throws; tests set it before each request (requests are sequential). */
export interface ThrowSlot {
  value: unknown;
  style: ThrowStyle;
}

export type FrameworkName = 'Express 5' | 'Koa 3';

/** `/throw` throws the slot's value; `/ok` answers 200 `ok`, the control request. */
export function throwingServer(framework: FrameworkName, production: boolean, slot: ThrowSlot): Server {
  return framework === 'Express 5' ? expressServer(production, slot) : koaServer(production, slot);
}

function raise(slot: ThrowSlot): unknown {
  if (slot.style === 'async') return Promise.resolve().then(() => Promise.reject(slot.value));
  throw slot.value;
}

function expressServer(production: boolean, slot: ThrowSlot): Server {
  const app = express();
  // Not errata's header: off, so that every header left is one errata, Node or the error put there.
  app.disable('x-powered-by');
  // In a router of its own: a thrown 'route' or 'router' is a routing command to Express (router/index.js),
  // and leaving this router still lands in errata's notFound.
  const routes = express.Router();
  routes.get('/ok', (_req, res) => void res.type('text/plain').send('ok'));
  routes.all('/throw', () => raise(slot));
  app.use(routes);
  app.use(errataExpress.notFound);
  app.use(errataExpress.createErrorHandler({ production }));
  return createServer(app);
}

function koaServer(production: boolean, slot: ThrowSlot): Server {
  const app = new Koa();
  // errata emits 'error' for 5xx as Koa does; a listener keeps Koa's default one from printing each of them.
  app.on('error', () => {});
  app.use(errataKoa.createErrorHandler({ production }));
  app.use((ctx) => {
    if (ctx.path === '/ok') {
      ctx.body = 'ok';
      return undefined;
    }
    if (ctx.path === '/throw') return raise(slot);
    return undefined;
  });
  return createServer(app.callback());
}
