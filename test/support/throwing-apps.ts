import express from 'express';
import Koa from 'koa';
import type { RequestListener } from 'node:http';
import { createErrorHandler as expressErrorHandler } from '../../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler } from '../../src/adapters/koa/index.js';

/** Express 5 and Koa 3 apps whose one route throws `error`, answered by errata in production (nothing logged). */
export const THROWING_APPS = [
  [
    'Express 5',
    (error: unknown): RequestListener => {
      const app = express();
      app.get('/', () => {
        throw error;
      });
      app.use(expressErrorHandler({ production: true, logger: false }));
      return app;
    },
  ],
  [
    'Koa 3',
    (error: unknown): RequestListener => {
      const app = new Koa();
      app.silent = true;
      app.use(koaErrorHandler({ production: true }));
      app.use(() => {
        throw error;
      });
      return app.callback();
    },
  ],
] as const;
