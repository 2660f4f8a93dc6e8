// The contract apps of plain node:http (errata/node), Hono on @hono/node-server (errata/hono) and a bare Fetch API
// handler served through @hono/node-server's bridge (errata/fetch), built from the same RouteActions as
// frameworks.ts. The Hono and Fetch handlers themselves are in runtimes/apps.ts, which Bun and Deno load too.
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import createHttpError from 'http-errors';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createErrorHandler as createNodeErrorHandler } from '../../src/adapters/node/index.js';
import { unmatchedRoute } from '../../src/middleware/core.js';
import type { Framework, Routes, SharedOptions } from './frameworks.js';
import { fetchHandler, honoHandler, shared } from './runtimes/apps.js';

export type WebName = 'node:http' | 'Hono (Node)' | 'Fetch (Node)';

const JSON_LIMIT = 1024;

function nodeApp(routes: Routes, options: SharedOptions): RequestListener {
  const handleError = createNodeErrorHandler(shared(options));
  // node:http has no body parser: body-parser's, as Express uses it, on the plain request.
  const parseJson = express.json({ limit: JSON_LIMIT });
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const action = routes.get(path);
    try {
      if (!action || ('parsesJson' in action && req.method !== 'POST')) throw unmatchedRoute(req.method ?? 'GET', req.url);
      if ('throws' in action) {
        for (const [name, value] of Object.entries(action.headers ?? {})) res.setHeader(name, value);
        throw action.throws();
      }
      // No next(): an error is handed to the handler directly.
      if ('passes' in action) return handleError(action.passes(), req, res);
      if ('ctxThrow' in action) throw createHttpError(...action.ctxThrow);
      if ('parsesJson' in action) {
        return parseJson(req as express.Request, res as express.Response, (error?: unknown) => {
          if (error) handleError(error, req, res);
          else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        });
      }
      const pending = (async () => {
        await Promise.resolve();
        throw action.rejects();
      })();
      pending.catch((error: unknown) => handleError(error, req, res));
    } catch (error) {
      handleError(error, req, res);
    }
  };
}

function honoApp(routes: Routes, options: SharedOptions): RequestListener {
  return getRequestListener(honoHandler(routes, options), { overrideGlobalObjects: false }) as RequestListener;
}

function fetchApp(routes: Routes, options: SharedOptions): RequestListener {
  return getRequestListener(fetchHandler(routes, options), { overrideGlobalObjects: false }) as RequestListener;
}

export const webFrameworks: readonly Framework[] = [
  { name: 'node:http', family: 'node', app: nodeApp },
  { name: 'Hono (Node)', family: 'hono', app: honoApp },
  { name: 'Fetch (Node)', family: 'fetch', app: fetchApp },
];
