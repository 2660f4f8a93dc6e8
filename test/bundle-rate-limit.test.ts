import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from './support/browser-bundle.js';
import { installPacked, type PackedProject } from './support/packed.js';

// The rate-limit code a 429 needs comes with TooManyRequests (its class brings it: src/errors/classes.ts), not with
// every error class. These bundles of the packed package check both halves: a program that can make a 429, by any
// import, gets the same headers as in Node; one that cannot carries none of that code.
let packed: PackedProject;

beforeAll(() => {
  packed = installPacked('bundle-rate-limit', { type: 'module' });
}, 300_000);

afterAll(() => packed?.remove());

async function bundle(source: string): Promise<{ result: unknown; inputs: string[] }> {
  const built = await bundleForBrowser(source, packed.project);
  const inputs = built.inputs.map((file) => file.replace('node_modules/errata/dist/', ''));
  const sandbox: { result?: unknown } = {};
  runInNewContext(built.code, sandbox);
  return { result: JSON.parse(JSON.stringify(sandbox.result)), inputs };
}

const ONE_LIMIT = { 'RateLimit-Limit': 10, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 30, 'Retry-After': '30' };
const POLICIES = `[{ name: 'burst', quota: 10, window: 1, remaining: 4, reset: 1 }, { name: 'daily', quota: 100, window: 86400, remaining: 0, reset: 300 }]`;
const FROM_POLICIES = { 'RateLimit-Limit': 100, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 300, 'RateLimit-Policy': '10;w=1, 100;w=86400', 'Retry-After': '300' };

describe('a bundle that can make a 429 states its rate limits, whichever export made it', () => {
  it.each([
    ['TooManyRequests', 'one limit', `new TooManyRequests({ limit: 10, remaining: 0, reset: 30 })`, ONE_LIMIT],
    ['TooManyRequests', 'policies, Retry-After not before the violated one’s reset', `new TooManyRequests({ policies: ${POLICIES}, retryAfter: 5 })`, FROM_POLICIES],
    ['HttpError', 'new HttpError(429, { limit, remaining, reset })', `new HttpError(429, { limit: 10, remaining: 0, reset: 30 })`, ONE_LIMIT],
    ['HttpError', 'a subclass calling super(429, { policies })', `new (class Limited extends HttpError { constructor() { super(429, { policies: ${POLICIES} }); } })()`, FROM_POLICIES],
    ['createError', 'createError(429, { limit, remaining, reset })', `createError(429, { limit: 10, remaining: 0, reset: 30 })`, ONE_LIMIT],
    ['rateLimitError', 'a limiter’s state', `rateLimitError({ limit: 10, remaining: 0, windowMs: 30000 })`, { ...ONE_LIMIT, 'RateLimit-Policy': '10;w=30' }],
  ])("import { %s } from 'errata': %s", async (name, _label, expression, headers) => {
    const { result, inputs } = await bundle(`import { ${name} } from 'errata'; globalThis.result = (${expression}).headers;`);
    expect(result).toEqual(headers);
    expect(inputs).toContain('rate-limit/too-many-requests.js');
  });
});

describe('a bundle that cannot make a 429 carries no rate-limit code', () => {
  it.each(['NotFound', 'ServiceUnavailable', 'isHttpError'])("import { %s } from 'errata'", async (name) => {
    const { inputs } = await bundle(`import { ${name} } from 'errata'; globalThis.result = String(${name}).length > 0;`);
    expect(inputs.filter((file) => file.startsWith('rate-limit/'))).toEqual([]);
  });

  it('raw RateLimit headers on another status are still bounded there', async () => {
    const { result, inputs } = await bundle(`
      import { ServiceUnavailable } from 'errata';
      globalThis.result = new ServiceUnavailable({ headers: { 'RateLimit-Limit': 1e21, 'RateLimit-Remaining': -1, 'RateLimit-Reset': '7' } }).headers;`);
    expect(result).toEqual({ 'RateLimit-Limit': 999_999_999_999_999, 'RateLimit-Reset': '7' });
    expect(inputs.filter((file) => file.startsWith('rate-limit/'))).toEqual([]);
  });
});
