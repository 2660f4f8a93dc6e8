import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and its build output. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = join(root, 'dist');

const BUILD_TIMEOUT = 180_000;
// `npm test` builds before vitest runs; running one file alone may find no dist. Test files run in
// parallel workers and tsup cleans dist first, so one worker builds while the others wait on a lock.
const lock = join(root, 'node_modules', '.errata-dist-build.lock');

function built(): boolean {
  return ['index.js', 'index.cjs', 'index.d.ts', 'express.cjs', 'koa.cjs'].every((file) => existsSync(join(distDir, file)));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist with tsup unless it is already there. */
export function ensureDist(): void {
  if (built()) return;
  const deadline = Date.now() + BUILD_TIMEOUT;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker is building: wait for it (or for a stale lock to time out).
      if (Date.now() > deadline) break;
      sleep(250);
      continue;
    }
  }
  try {
    if (!built()) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'pipe', timeout: BUILD_TIMEOUT });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
