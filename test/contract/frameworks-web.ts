// The contract apps of plain node:http (errata/node), Hono on @hono/node-server (errata/hono) and a bare Fetch API
// handler served through @hono/node-server's bridge (errata/fetch), built from the same RouteActions as
// frameworks.ts.
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import createHttpError from 'http-errors';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createResponder } from '../../src/adapters/fetch/index.js';
import { createErrorHandler as createHonoErrorHandler, createNonErrorCatcher, createNotFound } from '../../src/adapters/hono/index.js';
import { createErrorHandler as createNodeErrorHandler } from '../../src/adapters/node/index.js';
import { unmatchedRoute } from '../../src/middleware/core.js';
import { BadRequest, PayloadTooLarge } from '../../src/index.js';
import type { Framework, Routes, SharedOptions } from './frameworks.js';

export type WebName = 'node:http' | 'Hono (Node)' | 'Fetch (Node)';

const JSON_LIMIT = 1024;

/** Options less the Koa-only one. */
function shared(options: SharedOptions) {
  const { emitClientErrors: _koaOnly, ...rest } = options;
  return rest;
}

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
  const app = new Hono();
  // Hono hands only Error instances to onError; the rest (a thrown string, null) reach this catcher.
  app.use(createNonErrorCatcher(shared(options)));
  for (const [path, action] of routes) {
    if ('parsesJson' in action) {
      app.post(
        path,
        // Hono's bodyLimit answers its own plain 413 (an HTTPException with a res); thrown without one, errata answers.
        bodyLimit({ maxSize: JSON_LIMIT, onError: () => { throw new HTTPException(413, { message: 'Payload Too Large' }); } }),
        validator('json', (value) => value),
        (c) => c.json({ ok: true }),
      );
      continue;
    }
    app.all(path, async (c) => {
      if ('throws' in action) {
        for (const [name, value] of Object.entries(action.headers ?? {})) c.header(name, value);
        throw action.throws();
      }
      // No next(err) in Hono: an error is thrown.
      if ('passes' in action) throw action.passes();
      if ('ctxThrow' in action) throw createHttpError(...action.ctxThrow);
      await Promise.resolve();
      throw action.rejects();
    });
  }
  app.notFound(createNotFound(shared(options)));
  app.onError(createHonoErrorHandler(shared(options)));
  return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as RequestListener;
}

/** Reads a JSON body of at most JSON_LIMIT bytes, as a route of a bare Fetch API handler would. */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (new TextEncoder().encode(text).length > JSON_LIMIT) throw new PayloadTooLarge('request entity too large');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest((error as Error).message, { cause: error });
  }
}

function fetchApp(routes: Routes, options: SharedOptions): RequestListener {
  const respond = createResponder(shared(options));
  const handler = async (request: Request): Promise<Response> => {
    try {
      const action = routes.get(new URL(request.url).pathname);
      if (!action || ('parsesJson' in action && request.method !== 'POST')) throw unmatchedRoute(request.method, new URL(request.url).pathname);
      // A Fetch handler has no response to set headers on before it fails: it gives the responder those it meant to send.
      if ('throws' in action) return respond(action.throws(), request, action.headers);
      if ('passes' in action) return respond(action.passes(), request);
      if ('ctxThrow' in action) throw createHttpError(...action.ctxThrow);
      if ('parsesJson' in action) {
        await readJson(request);
        return Response.json({ ok: true });
      }
      await Promise.resolve();
      throw action.rejects();
    } catch (error) {
      return respond(error, request);
    }
  };
  return getRequestListener(handler, { overrideGlobalObjects: false }) as RequestListener;
}

export const webFrameworks: readonly Framework[] = [
  { name: 'node:http', family: 'node', app: nodeApp },
  { name: 'Hono (Node)', family: 'hono', app: honoApp },
  { name: 'Fetch (Node)', family: 'fetch', app: fetchApp },
];
