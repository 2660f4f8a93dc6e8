// errata/fetch on the BUILT entry (dist/, which `npm test` builds before vitest): the shared tests of
// test/adapters/fetch-runtime/ under Node here and under Bun and Deno in their own processes, and a platform-neutral
// bundle of the entry.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ensureDist } from '../support/dist.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'fetch.js');
const RUNNER = join(ROOT, 'test', 'adapters', 'fetch-runtime', 'run.mjs');

ensureDist();
if (!existsSync(ENTRY)) throw new Error('dist/fetch.js is missing: run `npm run build` (npm test does)');

interface SharedTest {
  name: string;
  run: () => Promise<void>;
}
// Plain ESM shared with Bun and Deno, imported by a computed path so tsc does not type-check it.
const shared = (path: string) => import(join(ROOT, 'test', 'adapters', 'fetch-runtime', path)) as Promise<{ tests: SharedTest[] }>;
const fetchTests = (await shared('fetch.shared.mjs')).tests;
const honoTests = (await shared('hono.shared.mjs')).tests;
const TOTAL = fetchTests.length + honoTests.length;

describe('errata/fetch on Node (dist)', () => {
  it.each(fetchTests.map((test) => [test.name, test] as const))('%s', async (_name, test) => {
    await test.run();
  });
});

describe('errata/hono on Node with @hono/node-server (dist)', () => {
  it.each(honoTests.map((test) => [test.name, test] as const))('%s', async (_name, test) => {
    await test.run();
  });
});

function runs(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const RUNTIMES = [
  // The npm packages' own binaries (dev dependencies), not whatever is on PATH.
  { name: 'Bun', bin: join(ROOT, 'node_modules', '.bin', 'bun'), args: [RUNNER] },
  // Manual node_modules: Deno resolves `negotiator` and `hono` from the installed tree, as Node does, and installs nothing.
  { name: 'Deno', bin: join(ROOT, 'node_modules', '.bin', 'deno'), args: ['run', '--allow-all', '--node-modules-dir=manual', RUNNER] },
] as const;

for (const runtime of RUNTIMES) {
  const version = await runs(runtime.bin, ['--version']);
  const usable = version.code === 0;
  // The default reporter shows no skipped titles: say why at collection time.
  if (!usable) console.warn(`Skipping the ${runtime.name} run of errata/fetch: ${runtime.bin} --version failed (${version.stderr.trim().slice(0, 200)})`);
  describe.skipIf(!usable)(`errata/fetch and errata/hono on ${runtime.name} (dist)`, () => {
    it(`passes all ${TOTAL} shared tests`, async () => {
      const result = await runs(runtime.bin, runtime.args);
      const failures = result.stdout.split('\n').filter((line) => line.startsWith('not ok'));
      expect({ failures, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ failures: [], stderr: '' });
      expect(result.stdout).toContain(`# ${runtime.name.toLowerCase()}\n# pass ${TOTAL}\n# fail 0\n`);
      expect(result.code).toBe(0);
    }, 120_000);
  });
}

describe('errata/fetch bundled for a neutral platform', () => {
  async function bundle(format: 'esm' | 'iife') {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      // Neutral: no Node built-in resolves, so any `node:` import on this path fails the build.
      platform: 'neutral',
      mainFields: ['module', 'main'],
      format,
      globalName: 'errataFetch',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  }

  it('bundles with no Node built-in import and no require', async () => {
    const text = await bundle('esm');
    expect(text.length).toBeGreaterThan(0);
    expect(text.match(/\bnode:[a-z_/]+/g)).toBeNull();
    expect(text.match(/\brequire\(/g)).toBeNull();
  });

  // A realm with the Fetch API and no Node globals (an edge worker): no Buffer, no process.
  it('answers in a realm with only the Fetch API, TextEncoder and console', async () => {
    const context = createContext({
      Request,
      Response,
      Headers,
      URL,
      TextEncoder,
      console,
    });
    runInContext(await bundle('iife'), context);
    const response = runInContext(
      "errataFetch.toResponse(new Error('x'), new Request('http://app.test/b?q=1', { headers: { accept: 'text/plain' } }), { logger: false })",
      context,
    ) as Response;
    expect(response.status).toBe(500);
    const body = '500 Internal Server Error\n\nThe server has encountered a situation it does not know how to handle.\n';
    expect([response.headers.get('content-type'), response.headers.get('content-length'), await response.text()]).toEqual([
      'text/plain; charset=utf-8',
      String(Buffer.byteLength(body)),
      body,
    ]);
  });
});
