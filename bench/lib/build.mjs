import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// A private build, with the package's own tsup settings (ESM only, no types): the benchmarks measure the code
// users install, and a build here never cleans the shared dist/ under another process's feet.
export const BENCH_DIST = join(ROOT, 'bench/.out/dist');

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/**
 * Builds bench/.out/dist when it is missing or older than src/ (or only when missing, with `ifMissing`: the
 * smoke test must not swap the build under a long benchmark run); resolves with whether it built.
 */
export async function ensureBuilt({ ifMissing = false } = {}) {
  if (existsSync(join(BENCH_DIST, 'hono.js')) && (ifMissing || newest(BENCH_DIST) >= newest(join(ROOT, 'src')))) return false;
  const { build } = await import('tsup');
  // Built aside, then swapped in: a benchmark already running keeps its modules, one starting finds a whole build.
  const fresh = `${BENCH_DIST}-${process.pid}`;
  const stale = `${BENCH_DIST}-old-${process.pid}`;
  await build({
    entry: {
      index: join(ROOT, 'src/index.ts'),
      express: join(ROOT, 'src/adapters/express/index.ts'),
      koa: join(ROOT, 'src/adapters/koa/index.ts'),
      fastify: join(ROOT, 'src/adapters/fastify/index.ts'),
      hono: join(ROOT, 'src/adapters/hono/index.ts'),
    },
    format: ['esm'],
    dts: false,
    clean: true,
    sourcemap: false,
    target: 'node20',
    splitting: true,
    treeshake: true,
    outDir: fresh,
    config: false,
    silent: true,
  });
  if (existsSync(BENCH_DIST)) renameSync(BENCH_DIST, stale);
  renameSync(fresh, BENCH_DIST);
  rmSync(stale, { recursive: true, force: true });
  return true;
}
