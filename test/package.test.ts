import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses } from '../src/catalog/statuses.js';
import { installPacked, type PackedProject } from './support/packed.js';

// The packed tarball, installed in a scratch CommonJS project outside the repository, as a user gets it.
let packed: PackedProject;
let project: string;
let packedFiles: string[];

/** Runs a script with Node 20 in the scratch project and returns what it printed, parsed as JSON. */
function run(args: string[], code: string): unknown {
  const output = execFileSync(process.execPath, [...args, '-e', code], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  return JSON.parse(output);
}

beforeAll(() => {
  packed = installPacked('package');
  ({ project, files: packedFiles } = packed);
}, 300_000);

afterAll(() => packed?.remove());

describe('the packed package', () => {
  it('ships the ESM and CJS builds with their declarations, and no sources or tests', () => {
    for (const file of ['package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/express.js', 'dist/express.cjs', 'dist/koa.js', 'dist/koa.cjs']) {
      expect(packedFiles).toContain(file);
    }
    // ESM one file per module, as src/ is laid out (what lets a bundler leave out what a program does not import).
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/errors/classes.js', 'dist/errors/http-error.js', 'dist/adapters/express/index.js', 'dist/adapters/koa/index.js']));
    expect(packedFiles.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
  });

  it('createOverloadGuard comes from errata/express and errata/koa (it samples the event loop with perf_hooks), not the root', () => {
    const result = run(
      ['--input-type=module'],
      `import * as root from 'errata';
       import * as expressEntry from 'errata/express';
       import * as koaEntry from 'errata/koa';
       import { createRequire } from 'node:module';
       const require = createRequire(import.meta.url);
       const guard = expressEntry.createOverloadGuard({ when: () => true, retryAfter: 5 });
       const error = guard.check({});
       guard.close();
       console.log(JSON.stringify({
         root: 'createOverloadGuard' in root, cjsRoot: 'createOverloadGuard' in require('errata'),
         express: typeof expressEntry.createOverloadGuard, koa: typeof koaEntry.createOverloadGuard,
         cjsExpress: typeof require('errata/express').createOverloadGuard, cjsKoa: typeof require('errata/koa').createOverloadGuard,
         status: error.status, retryAfter: error.headers['Retry-After'],
       }));`,
    );
    expect(result).toEqual({ root: false, cjsRoot: false, express: 'function', koa: 'function', cjsExpress: 'function', cjsKoa: 'function', status: 503, retryAfter: '5' });
  });

  it("require('errata') works from a CommonJS project", () => {
    const result = run(
      [],
      `const { NotFound, HttpError, isHttpError, createError, catalog } = require('errata');
       const error = new NotFound('User 42 does not exist');
       console.log(JSON.stringify({
         resolved: require.resolve('errata'),
         status: error.status, name: error.name, message: error.message, expose: error.expose,
         isHttpError: isHttpError(error), instance: error instanceof HttpError,
         retryAfter: createError(429, { retryAfter: 5 }).headers['Retry-After'],
         description: catalog[404].description,
       }));`,
    );
    expect(result).toEqual({
      resolved: join(project, 'node_modules', 'errata', 'dist', 'index.cjs'),
      status: 404,
      name: 'NotFoundError',
      message: 'User 42 does not exist',
      expose: true,
      isHttpError: true,
      instance: true,
      retryAfter: '5',
      description: 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.',
    });
  });

  it("import { NotFound } from 'errata' works as an ES module", () => {
    const result = run(
      ['--input-type=module'],
      `import { NotFound, HttpError, toHttpError } from 'errata';
       const error = new NotFound();
       console.log(JSON.stringify({
         resolved: import.meta.resolve('errata'),
         status: error.status, name: error.name, message: error.message,
         instance: error instanceof HttpError, same: toHttpError(error) === error,
       }));`,
    );
    expect(result).toEqual({
      resolved: `file://${join(project, 'node_modules', 'errata', 'dist', 'index.js')}`,
      status: 404,
      name: 'NotFoundError',
      message: 'Not Found',
      instance: true,
      same: true,
    });
  });

  it('the CJS and ESM builds loaded together recognise each other’s errors', () => {
    const result = run(
      ['--input-type=module'],
      `import { createRequire } from 'node:module';
       import { NotFound, isHttpError } from 'errata';
       const cjs = createRequire(import.meta.url)('errata');
       console.log(JSON.stringify({
         distinct: cjs.NotFound !== NotFound,
         cjsIsEsm: new cjs.NotFound() instanceof NotFound,
         esmIsCjs: new NotFound() instanceof cjs.HttpError,
         guard: isHttpError(new cjs.TooManyRequests()) && cjs.isHttpError(new NotFound()),
       }));`,
    );
    expect(result).toEqual({ distinct: true, cjsIsEsm: true, esmIsCjs: true, guard: true });
  });

  it('errata/express, errata/koa and errata/package.json resolve for require and import', () => {
    const modules = join(project, 'node_modules', 'errata');
    const required = run(
      [],
      `console.log(JSON.stringify({
         express: require.resolve('errata/express'), koa: require.resolve('errata/koa'),
         name: require('errata/package.json').name,
         loaded: typeof require('errata/express') === 'object' && typeof require('errata/koa') === 'object',
       }));`,
    );
    expect(required).toEqual({ express: join(modules, 'dist', 'express.cjs'), koa: join(modules, 'dist', 'koa.cjs'), name: 'errata', loaded: true });

    const imported = run(
      ['--input-type=module'],
      `const pkg = await import('errata/package.json', { with: { type: 'json' } });
       await import('errata/express'); await import('errata/koa');
       console.log(JSON.stringify({
         express: import.meta.resolve('errata/express'), koa: import.meta.resolve('errata/koa'), name: pkg.default.name,
       }));`,
    );
    expect(imported).toEqual({ express: `file://${join(modules, 'dist', 'express.js')}`, koa: `file://${join(modules, 'dist', 'koa.js')}`, name: 'errata' });
  });

  // Issue 9: @opentelemetry/api, zod, ajv, express-validator, pino and redis are optional; none is installed here.
  it('with no optional package installed, both builds load and the Express handler answers an error', () => {
    const answer = `(handler) => new Promise((resolve) => {
         const server = http.createServer((req, res) => handler(new Error('x'), req, res, () => {}));
         server.listen(0, '127.0.0.1', async () => {
           const response = await fetch('http://127.0.0.1:' + server.address().port + '/');
           server.close();
           resolve({ status: response.status, body: await response.json() });
         });
       })`;
    const optional = "['@opentelemetry/api', 'express', 'koa', 'zod', 'ajv', 'express-validator', 'pino', 'redis']";
    const expected = {
      missing: ['@opentelemetry/api', 'express', 'koa', 'zod', 'ajv', 'express-validator', 'pino', 'redis'],
      status: 500,
      body: { status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: statuses[500].description, retryable: false },
    };
    const required = run(
      [],
      `const http = require('node:http');
       const missing = ${optional}.filter((name) => { try { require.resolve(name); return false; } catch { return true; } });
       (${answer})(require('errata/express').createErrorHandler({ production: true }))
         .then((result) => console.log(JSON.stringify({ missing, ...result })));`,
    );
    expect(required).toEqual(expected);
    const imported = run(
      ['--input-type=module'],
      `import http from 'node:http';
       import { createRequire } from 'node:module';
       const { resolve } = createRequire(import.meta.url);
       const missing = ${optional}.filter((name) => { try { resolve(name); return false; } catch { return true; } });
       const { createErrorHandler } = await import('errata/express');
       console.log(JSON.stringify({ missing, ...(await (${answer})(createErrorHandler({ production: true }))) }));`,
    );
    expect(imported).toEqual(expected);
  });
});
