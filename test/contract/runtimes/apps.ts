// The contract's Hono and bare Fetch API apps as plain `(request) => Response` handlers, with nothing Node-only: the
// same builders serve them through @hono/node-server on Node (frameworks-web.ts) and through Bun.serve / Deno.serve
// (serve.ts).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import createHttpError from 'http-errors';
import { createResponder } from '../../../src/adapters/fetch/index.js';
import { createErrorHandler as createHonoErrorHandler, createNonErrorCatcher, createNotFound } from '../../../src/adapters/hono/index.js';
import { unmatchedRoute } from '../../../src/middleware/core.js';
import { BadRequest, PayloadTooLarge } from '../../../src/index.js';
import type { Routes, SharedOptions } from '../frameworks.js';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

const JSON_LIMIT = 1024;

/** Options less the Koa-only one. */
export function shared(options: SharedOptions) {
  const { emitClientErrors: _koaOnly, ...rest } = options;
  return rest;
}

export function honoHandler(routes: Routes, options: SharedOptions): FetchHandler {
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
  return (request) => app.fetch(request);
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

export function fetchHandler(routes: Routes, options: SharedOptions): FetchHandler {
  const respond = createResponder(shared(options));
  return async (request: Request): Promise<Response> => {
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
}
