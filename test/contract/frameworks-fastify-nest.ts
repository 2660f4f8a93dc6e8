// The contract apps of Fastify (5 and 4) and of NestJS (12 and 11, each on its Express and its Fastify platform),
// built from the same RouteActions as the Express and Koa apps in frameworks.ts.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Fastify from 'fastify';
import Fastify4 from 'fastify4';
import createHttpError from 'http-errors';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import errataPlugin, { type FastifyErrataOptions } from '../../src/adapters/fastify/index.js';
import { ErrataFilter } from '../../src/adapters/nest/index.js';
import { nest11Missing, nestMajors, nestModules, type NestMajor } from '../support/nest-majors.js';
import type { Framework, Routes, SharedOptions } from './frameworks.js';

export type FastifyNestName = 'Fastify 5' | 'Fastify 4' | `Nest ${NestMajor} (${'Express' | 'Fastify'})`;

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

function fastifyApp(version: 4 | 5, routes: Routes, options: SharedOptions): RequestListener {
  let handler: RequestListener | undefined;
  // Fastify 4 is typed as Fastify 5 here: what these apps use of it (options, register, routes, ready) is the same.
  const create = version === 4 ? (Fastify4 as unknown as typeof Fastify) : Fastify;
  // No request id of Fastify's own ('req-1', which errata echoes): the contract apps of Express and Koa have none.
  // The listener Fastify would serve is taken from serverFactory, so that the contract's own server runs it.
  const app = create({
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

/** Sets a header on Express's `res` or Fastify's `reply`: both have `header(name, value)`. */
type HeaderSetter = { header: (name: string, value: string) => unknown };

/**
 * A Nest module whose one controller has a method per route, decorated by calling Nest's decorators (the
 * project's tsconfig has no decorator syntax): `@Get(path)` with `@Res({ passthrough: true })`, `@Post(path)`.
 */
function nestModule(major: NestMajor, routes: Routes): new () => object {
  const { Controller, Get, Module, Post, Res } = nestModules(major).common;
  const { throwError } = nestModules(major).rxjs;
  class ContractController {}
  let index = 0;
  for (const [path, action] of routes) {
    const key = `route${index++}`;
    const handler =
      'parsesJson' in action
        ? () => ({ ok: true })
        : async (res: HeaderSetter) => {
            if ('throws' in action) {
              for (const [name, value] of Object.entries(action.headers ?? {})) res.header(name, value);
              throw action.throws();
            }
            // Nest's other way to fail a route: an Observable that errors.
            if ('passes' in action) return throwError(() => action.passes());
            if ('ctxThrow' in action) throw createHttpError(...action.ctxThrow);
            await Promise.resolve();
            throw action.rejects();
          };
    Object.defineProperty(ContractController.prototype, key, { value: handler, writable: true, configurable: true });
    if (!('parsesJson' in action)) Res({ passthrough: true })(ContractController.prototype, key, 0);
    const decorate = 'parsesJson' in action ? Post(path) : Get(path);
    decorate(ContractController.prototype, key, Object.getOwnPropertyDescriptor(ContractController.prototype, key)!);
  }
  Controller()(ContractController);
  class ContractModule {}
  Module({ controllers: [ContractController] })(ContractModule);
  return ContractModule;
}

function nestApp(major: NestMajor, platform: 'express' | 'fastify', routes: Routes, options: SharedOptions): RequestListener {
  const { emitClientErrors: _koaOnly, ...filterOptions } = options;
  const { core, platformExpress, platformFastify } = nestModules(major);
  const { NestFactory } = core;
  const { ExpressAdapter } = platformExpress;
  const { FastifyAdapter } = platformFastify;
  return whenReady(
    (async () => {
      const module = nestModule(major, routes);
      let app: INestApplication;
      let listener: RequestListener;
      if (platform === 'express') {
        const expressApp = await NestFactory.create<NestExpressApplication>(module, new ExpressAdapter(), { logger: false, bodyParser: false });
        expressApp.useBodyParser('json', { limit: JSON_LIMIT });
        app = expressApp;
        listener = expressApp.getHttpAdapter().getInstance() as RequestListener;
      } else {
        let handler: RequestListener | undefined;
        const adapter = new FastifyAdapter({
          bodyLimit: JSON_LIMIT,
          // As in fastifyApp: no request id of Fastify's own, and the listener taken for the contract's server.
          genReqId: () => '',
          serverFactory: (fastifyListener: RequestListener) => {
            handler = fastifyListener;
            return createServer();
          },
        });
        app = await NestFactory.create(module, adapter, { logger: false });
        listener = (req, res) => handler?.(req, res);
      }
      app.useGlobalFilters(new ErrataFilter(filterOptions));
      await app.init();
      if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready: () => Promise<unknown> }).ready();
      return listener;
    })(),
  );
}

// The contract's own report, as for Bun and Deno: the default reporter shows no skipped titles.
if (nest11Missing !== undefined) console.warn(`Skipping the contract on Nest 11 (Express) and Nest 11 (Fastify): ${nest11Missing}`);

/** Fastify 5 and 4, and Nest 12 and 11 on Express and on Fastify, each mounting the routes on a real app with errata. */
export const fastifyNestFrameworks: readonly Framework[] = [
  { name: 'Fastify 5', family: 'fastify', app: (routes, options) => fastifyApp(5, routes, options) },
  { name: 'Fastify 4', family: 'fastify', app: (routes, options) => fastifyApp(4, routes, options) },
  ...nestMajors.flatMap((major): Framework[] => [
    { name: `Nest ${major} (Express)`, family: 'nest', app: (routes, options) => nestApp(major, 'express', routes, options) },
    { name: `Nest ${major} (Fastify)`, family: 'nest', app: (routes, options) => nestApp(major, 'fastify', routes, options) },
  ]),
];
