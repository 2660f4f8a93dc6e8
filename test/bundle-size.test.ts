import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses } from '../src/catalog/statuses.js';
import { bundleForBrowser, type BrowserBundle } from './support/browser-bundle.js';
import { installPacked, type PackedProject } from './support/packed.js';

// A front end's bundle of the packed package: esbuild (as tsup, Vite and most bundlers use it), minified, for a
// browser. Each snippet also runs, in a fresh realm with no Node globals, so a bundle that is small because it
// lost something fails too.
let packed: PackedProject;

beforeAll(() => {
  packed = installPacked('bundle-size', { type: 'module' });
}, 300_000);

afterAll(() => packed?.remove());

type Bundle = BrowserBundle;

function bundle(source: string): Promise<Bundle> {
  return bundleForBrowser(source, packed.project);
}

/** Runs a bundle in a new realm (no `process`, no `Buffer`) and returns what it left in `result`, as JSON. */
function run(code: string): unknown {
  const sandbox: { result?: unknown } = {};
  runInNewContext(code, sandbox);
  return JSON.parse(JSON.stringify(sandbox.result));
}

const KB = 1024;

describe('bundle size: a program bundles only what it imports', () => {
  it("import { NotFound } from 'errata' is at most 8 KB minified: one class and its catalogue entry", async () => {
    const { code, bytes, inputs } = await bundle(`
      import { NotFound } from 'errata';
      const error = new NotFound('User 42 does not exist', { code: 'USER_NOT_FOUND', retryAfter: 5 });
      globalThis.result = {
        status: error.status, name: error.name, className: NotFound.name, message: error.message,
        description: error.description, code: error.code, headers: error.headers, json: error.toJSON(),
        isNotFound: error instanceof NotFound,
      };`);
    expect(run(code)).toEqual({
      status: 404,
      name: 'NotFoundError',
      className: 'NotFound',
      message: 'User 42 does not exist',
      description: statuses[404].description,
      code: 'USER_NOT_FOUND',
      headers: { 'Retry-After': '5' },
      json: {
        status: 404,
        name: 'NotFoundError',
        message: 'User 42 does not exist',
        description: statuses[404].description,
        retryable: true,
        retryAfter: 5,
        code: 'USER_NOT_FOUND',
      },
      isNotFound: true,
    });
    expect(bytes).toBeLessThanOrEqual(8 * KB);
    // Neither the rest of the catalogue nor the response parser and every class behind it.
    expect(code.includes(statuses[429].description), "the bundle holds 429's description").toBe(false);
    expect(inputs.filter((file) => /\/(client|response|create-error|http-error-public)/.test(file))).toEqual([]);
  });

  it("import { retryDelay } from 'errata' is at most 3 KB minified: no error class, no catalogue", async () => {
    const { code, bytes, inputs } = await bundle(`
      import { retryDelay } from 'errata';
      globalThis.result = [
        retryDelay({ 'Retry-After': '3' }),
        retryDelay({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, Date.parse('2015-10-21T07:28:00Z')),
        retryDelay({ 'RateLimit-Reset': '7' }),
        retryDelay({}) ?? 'none',
      ];`);
    expect(run(code)).toEqual([3000, 30_000, 7000, 'none']);
    expect(bytes).toBeLessThanOrEqual(3 * KB);
    expect(inputs.filter((file) => file.includes('node_modules/errata/')).sort()).toEqual([
      'node_modules/errata/dist/retry/retry-after.js',
      'node_modules/errata/dist/retry/retry-delay.js',
    ]);
  });

  it('the whole root entry bundles for a browser: no Node built-in, no polyfill', async () => {
    // esbuild fails on a Node built-in when bundling for a browser ("Could not resolve "http""), unless told to
    // leave it out; nothing is left out, aliased or injected here.
    const { code, inputs } = await bundle(`
      import * as errata from 'errata';
      const error = errata.createError(429, { retryAfter: 30 });
      globalThis.result = { exports: Object.keys(errata).length, status: error.status, retryAfter: error.headers['Retry-After'] };`);
    expect(inputs.filter((file) => file.startsWith('node:') || !file.startsWith('node_modules/'))).toEqual(['<stdin>']);
    expect(run(code)).toEqual({ exports: expect.any(Number), status: 429, retryAfter: '30' });
  });
});
