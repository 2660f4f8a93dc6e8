import express from 'express';
import express4 from 'express4';
import Koa from 'koa';
import Koa2 from 'koa2';
import { get, type IncomingHttpHeaders, type RequestListener, type ServerResponse } from 'node:http';
import * as errataExpress from '../../../src/adapters/express/index.js';
import * as errataKoa from '../../../src/adapters/koa/index.js';
import type { SharedOptions } from '../../contract/frameworks.js';

/** What a route does before it fails: shapes the Node response (as middleware or a proxy would), then returns what it throws. */
export type FailingRoute = (res: ServerResponse) => unknown;

export interface TrustFramework {
  name: 'Express 4' | 'Express 5' | 'Koa 2' | 'Koa 3';
  family: 'express' | 'koa';
  /** A real app: every request runs `route`, and what it returns is thrown (Koa) or passed to `next` (Express). */
  app: (route: FailingRoute, options?: SharedOptions, koaSetup?: (app: Koa) => void) => RequestListener;
}

function expressApp(version: 4 | 5, route: FailingRoute, options: SharedOptions = {}): RequestListener {
  const app = (version === 4 ? express4 : express)();
  app.use((_req, res, next) => {
    Promise.resolve()
      .then(() => route(res))
      .then(next, next);
  });
  app.use(errataExpress.createErrorHandler({ logger: false, ...options }));
  return app;
}

function koaApp(version: 2 | 3, route: FailingRoute, options: SharedOptions = {}, setup?: (app: Koa) => void): RequestListener {
  const app = new (version === 2 ? Koa2 : Koa)() as Koa;
  app.silent = true;
  setup?.(app);
  app.use(errataKoa.createErrorHandler(options));
  app.use(async (ctx) => {
    throw await route(ctx.res);
  });
  return app.callback();
}

export const trustFrameworks: readonly TrustFramework[] = [
  { name: 'Express 4', family: 'express', app: (route, options) => expressApp(4, route, options) },
  { name: 'Express 5', family: 'express', app: (route, options) => expressApp(5, route, options) },
  { name: 'Koa 2', family: 'koa', app: (route, options, setup) => koaApp(2, route, options, setup) },
  { name: 'Koa 3', family: 'koa', app: (route, options, setup) => koaApp(3, route, options, setup) },
];

/** What Node's own HTTP client read: status line, headers and body (it rejects a response framed two ways). */
export interface NodeClientResponse {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export function nodeGet(url: string, headers: Record<string, string> = {}): Promise<NodeClientResponse> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}
