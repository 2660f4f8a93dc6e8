// The Express example: `npm start` (PORT, default 3000). Every error below is answered by errata's middleware.
import express, { type Express } from 'express';
import { createErrorHandler, notFound } from '../src/express/index.js';
import { createMaintenance, createRateLimit, createUserStore, RATE_LIMIT, serveIfMain, UPLOAD_LIMIT } from './shared.js';

/**
 * The example API: users, a rate-limited route, a maintenance switch, a size-limited upload and validation.
 *
 * @example
 * createApp().listen(3000);
 */
export function createApp(): Express {
  const app = express();
  const users = createUserStore();
  const rateLimit = createRateLimit(RATE_LIMIT.limit, RATE_LIMIT.windowMs);
  const maintenance = createMaintenance(process.env.MAINTENANCE === '1');

  app.use((req, _res, next) => {
    maintenance.check(req.method, req.path);
    next();
  });
  app.post('/maintenance', (_req, res) => void res.json({ maintenance: maintenance.toggle() }));

  app.get('/users/:id', (req, res) => void res.json(users.get(req.params.id)));
  app.post('/users', express.json(), (req, res) => void res.status(201).json(users.add(req.body)));

  app.get('/limited', (req, res) => {
    rateLimit(req.ip ?? 'unknown');
    res.json({ ok: true });
  });

  // Over the limit, body-parser fails with `type: 'entity.too.large'`: errata answers 413.
  app.post('/upload', express.text({ limit: UPLOAD_LIMIT }), (req, res) => {
    res.status(201).json({ received: Buffer.byteLength(typeof req.body === 'string' ? req.body : '') });
  });

  app.use(notFound);
  app.use(createErrorHandler({ problemTypeBase: 'https://example.com/errors/' }));
  return app;
}

serveIfMain(import.meta.url, 'Express', createApp, 3000);
