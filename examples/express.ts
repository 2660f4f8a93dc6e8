// The Express example: `npm start` (PORT, default 3000). Every error below is answered by errata's middleware.
import express, { type Express } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { createClient } from 'redis';
import { createErrorHandler, notFound, rateLimitHandler, serviceUnavailable } from '../src/adapters/express/index.js';
import { createMaintenance, createUserStore, OVERLOAD, RATE_LIMIT, serveIfMain, UPLOAD_LIMIT } from './shared.js';

// With REDIS_URL, every instance shares one rate-limit count through Redis; without it each counts in memory.
function rateLimitStore(): Store | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  const client = createClient({ url });
  client.on('error', (error: unknown) => console.error('redis:', error));
  // node-redis queues commands until the connection is up, so the store can be built right away.
  void client.connect();
  return new RedisStore({ sendCommand: (...args: string[]) => client.sendCommand(args) as Promise<RedisReply> });
}

/**
 * The example API: users, a rate-limited route, a maintenance switch, a size-limited upload and validation.
 *
 * @example
 * createApp().listen(3000);
 */
export function createApp(): Express {
  const app = express();
  const users = createUserStore();
  const maintenance = createMaintenance(process.env.MAINTENANCE === '1');

  // Both pass a 503 with Retry-After to errata's error handler: while maintenance is on, and under overload.
  app.use(serviceUnavailable(maintenance.options));
  app.use(serviceUnavailable(OVERLOAD));
  app.post('/maintenance', (_req, res) => void res.json({ maintenance: maintenance.toggle() }));

  app.get('/users/:id', (req, res) => void res.json(users.get(req.params.id)));
  app.post('/users', express.json(), (req, res) => void res.status(201).json(users.add(req.body)));

  // express-rate-limit counts; rateLimitHandler turns its verdict into errata's 429 with RateLimit-* and Retry-After.
  const limiter = rateLimit({ ...RATE_LIMIT, store: rateLimitStore(), standardHeaders: 'draft-6', legacyHeaders: false, handler: rateLimitHandler() });
  app.get('/limited', limiter, (_req, res) => void res.json({ ok: true }));

  // Over the limit, body-parser fails with `type: 'entity.too.large'`: errata answers 413.
  app.post('/upload', express.text({ limit: UPLOAD_LIMIT }), (req, res) => {
    res.status(201).json({ received: Buffer.byteLength(typeof req.body === 'string' ? req.body : '') });
  });

  app.use(notFound);
  app.use(createErrorHandler({ problemTypeBase: 'https://example.com/errors/' }));
  return app;
}

serveIfMain(import.meta.url, 'Express', createApp, 3000);
