// The contract apps of Fastify and of NestJS (on its Express and its Fastify platform), built from the same
// RouteActions as the Express and Koa apps in frameworks.ts.
import Fastify from 'fastify';
import createHttpError from 'http-errors';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import errataPlugin, { type FastifyErrataOptions } from '../../src/adapters/fastify/index.js';
import type { Framework, Routes, SharedOptions } from './frameworks.js';

export type FastifyNestName = 'Fastify 5';

const JSON_LIMIT = 1024;

/**
 * A listener that waits for an app started asynchronously (Fastify and Nest are ready only after their plugins and
 * modules load); frameworks.ts builds apps synchronously.
 */
function whenReady(start: Promise<RequestListener>): RequestListener {
  start.catch(() => undefined);
  return (req: IncomingMessage, res: ServerResponse) => {
    start.then(
      (listener) => listener(req, res),
      (failure: unknown) => {
        res.statusCode = 599;
        res.end(String(failure));
      },
    );
  };
}

/** The adapter options of Fastify: `logLevel` is named `errorLogLevel` there (Fastify's `register` reserves the name). */
function fastifyOptions(options: SharedOptions): FastifyErrataOptions {
  const { logLevel, emitClientErrors: _koaOnly, ...rest } = options;
  return { ...rest, errorLogLevel: logLevel };
}

function fastifyApp(routes: Routes, options: SharedOptions): RequestListener {
  let handler: RequestListener | undefined;
  // No request id of Fastify's own ('req-1', which errata echoes): the contract apps of Express and Koa have none.
  // The listener Fastify would serve is taken from serverFactory, so that the contract's own server runs it.
  const app = Fastify({
    genReqId: () => '',
    serverFactory: (listener) => {
      handler = listener;
      return createServer();
    },
  });
  return whenReady(
    (async () => {
      await app.register(errataPlugin, fastifyOptions(options));
      for (const [path, action] of routes) {
        if ('parsesJson' in action) {
          app.post(path, { bodyLimit: JSON_LIMIT }, async () => ({ ok: true }));
          continue;
        }
        app.get(path, async (_request, reply) => {
          if ('throws' in action) {
            for (const [name, value] of Object.entries(action.headers ?? {})) reply.header(name, value);
            throw action.throws();
          }
          // Fastify's way to pass an error on: reply.send(error) goes to the error handler.
          if ('passes' in action) return reply.send(action.passes());
          if ('ctxThrow' in action) throw createHttpError(...action.ctxThrow);
          await Promise.resolve();
          throw action.rejects();
        });
      }
      await app.ready();
      if (!handler) throw new Error('Fastify did not call serverFactory');
      return handler;
    })(),
  );
}

/** Fastify 5, and Nest on Express and on Fastify, each mounting the routes on a real app with errata. */
export const fastifyNestFrameworks: readonly Framework[] = [{ name: 'Fastify 5', family: 'fastify', app: fastifyApp }];
