// The Koa example: `npm run start:koa` (PORT, default 3001, so it can run beside the Express one).
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { createErrorHandler } from '../src/koa/index.js';
import { createMaintenance, createRateLimit, createUserStore, RATE_LIMIT, serveIfMain, UPLOAD_LIMIT } from './shared.js';

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
  const rateLimit = createRateLimit(RATE_LIMIT.limit, RATE_LIMIT.windowMs);
  const maintenance = createMaintenance(process.env.MAINTENANCE === '1');

  // First, so it answers everything below, including an unmatched route (404).
  app.use(createErrorHandler({ problemTypeBase: 'https://example.com/errors/' }));
  app.use(async (ctx, next) => {
    maintenance.check(ctx.method, ctx.path);
    await next();
  });

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
  router.get('/limited', (ctx) => {
    rateLimit(ctx.ip);
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
