// The contract's Hono and Fetch apps under Bun and Deno: each mode's app is served by serve.ts in a child process of
// the runtime's npm binary (the dev dependencies `bun` and `deno`, as test/adapters/fetch.test.ts runs them).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { RemoteFramework, RemoteServer, SharedOptions } from '../frameworks.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SERVE = join(import.meta.dirname, 'serve.ts');

interface Runtime {
  name: 'Bun' | 'Deno';
  bin: string;
  args: readonly string[];
}

const BUN: Runtime = { name: 'Bun', bin: join(ROOT, 'node_modules', '.bin', 'bun'), args: [SERVE] };
// Sloppy imports: the sources import `./x.js` for `./x.ts`, as tsc wants; Bun resolves that itself, Deno only when told.
const DENO: Runtime = {
  name: 'Deno',
  bin: join(ROOT, 'node_modules', '.bin', 'deno'),
  args: ['run', '--allow-all', '--unstable-sloppy-imports', '--node-modules-dir=manual', SERVE],
};

/** Why a runtime cannot run here, or undefined when `--version` answers. */
export function unusable(runtime: Runtime): string | undefined {
  const result = spawnSync(runtime.bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? undefined : `${runtime.bin} --version failed (${(result.stderr || String(result.error)).trim().slice(0, 200)})`;
}

/** Starts serve.ts under `runtime` and resolves once it prints its port; closing its stdin stops it. */
function start(runtime: Runtime, kind: 'hono' | 'fetch', options: SharedOptions): Promise<RemoteServer> {
  const child = spawn(runtime.bin, [...runtime.args, kind, JSON.stringify(options)], {
    cwd: ROOT,
    // NODE_ENV as this process has it (vitest: test): errata's 4xx capture stacks only in development, and cases.ts
    // expects what this process's NODE_ENV implies.
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${runtime.name} did not start serve.ts within 60 s: ${stderr}`));
    }, 60_000);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const port = /^listening (\d+)$/m.exec(stdout)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          child.stdin.end();
          const stopped = setTimeout(() => child.kill(), 5_000);
          await exited;
          clearTimeout(stopped);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${runtime.name} exited (${String(code)}) before serving: ${stderr}`));
    });
  });
}

export const runtimes = { Bun: BUN, Deno: DENO } as const;

/** Hono on Bun, and the Fetch entry on Bun and on Deno. */
export const remoteFrameworks: readonly (RemoteFramework & { runtime: Runtime })[] = [
  { name: 'Hono (Bun)', family: 'hono', runtime: BUN, remote: (options) => start(BUN, 'hono', options) },
  { name: 'Fetch (Bun)', family: 'fetch', runtime: BUN, remote: (options) => start(BUN, 'fetch', options) },
  { name: 'Fetch (Deno)', family: 'fetch', runtime: DENO, remote: (options) => start(DENO, 'fetch', options) },
];
