// The Koa example: `npm run start:koa` (PORT, default 3001, so it can run beside the Express one).
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import ratelimit from 'koa-ratelimit';
import { createErrorHandler, rateLimitHandler, serviceUnavailable } from '../src/adapters/koa/index.js';
import { createMaintenance, createUserStore, OVERLOAD, RATE_LIMIT, serveIfMain, UPLOAD_LIMIT } from './shared.js';

/**
 * The example API: users, a rate-limited route, a maintenance switch, a size-limited upload and validation.
 *
 * @example
 * createApp().listen(3001);
 */
export function createApp(): Koa {
  const app = new Koa();
  const router = new Router();
  const users = createUserStore();
  const maintenance = createMaintenance(process.env.MAINTENANCE === '1');

  // First, so it answers everything below, including an unmatched route (404).
  app.use(createErrorHandler({ problemTypeBase: 'https://example.com/errors/' }));
  // Both throw a 503 with Retry-After for errata's handler: while maintenance is on, and under overload.
  app.use(serviceUnavailable(maintenance.options));
  app.use(serviceUnavailable(OVERLOAD));

  router.post('/maintenance', (ctx) => {
    ctx.body = { maintenance: maintenance.toggle() };
  });
  router.get('/users/:id', (ctx) => {
    ctx.body = users.get(ctx.params.id ?? '');
  });
  router.post('/users', bodyParser({ enableTypes: ['json'] }), (ctx) => {
    ctx.status = 201;
    ctx.body = users.add(ctx.request.body);
  });
  // koa-ratelimit counts; rateLimitHandler turns its verdict into errata's 429 with RateLimit-* and Retry-After.
  const limiter = ratelimit({ driver: 'memory', db: new Map(), duration: RATE_LIMIT.windowMs, max: RATE_LIMIT.limit, onLimited: rateLimitHandler() });
  router.get('/limited', limiter, (ctx) => {
    ctx.body = { ok: true };
  });
  // Over the limit, co-body fails with `type: 'entity.too.large'`: errata answers 413.
  router.post('/upload', bodyParser({ enableTypes: ['text'], textLimit: UPLOAD_LIMIT }), (ctx) => {
    ctx.status = 201;
    ctx.body = { received: Buffer.byteLength(typeof ctx.request.body === 'string' ? ctx.request.body : '') };
  });

  app.use(router.routes());
  return app;
}

serveIfMain(import.meta.url, 'Koa', () => createApp().callback(), 3001);
