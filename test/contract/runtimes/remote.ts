// The contract's Hono and Fetch apps under Bun and Deno: each mode's app is served by serve.ts in a child process of
// the runtime's npm binary (the dev dependencies `bun` and `deno`, as test/adapters/fetch.test.ts runs them).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { RemoteApp, RemoteAppServer, RemoteFramework } from '../frameworks.js';
import { FLUSHED, type Call, type PlainOptions } from './presets.js';

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

/**
 * The errata reports in what a process wrote to stderr: each line starting `errata:` with the indented stack lines
 * after it, as one string (errata writes each report in one write; the runtime's own output is left out).
 */
export function errataReports(stderr: string): string[] {
  const reports: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('errata:')) reports.push(`${line}\n`);
    else if (/^\s/.test(line) && reports.length > 0) reports[reports.length - 1] += `${line}\n`;
  }
  return reports;
}

/** Starts serve.ts under `runtime` and resolves once it prints its port; closing its stdin stops it. */
function start(runtime: Runtime, kind: 'hono' | 'fetch', options: PlainOptions, app: RemoteApp = {}): Promise<RemoteAppServer> {
  const child = spawn(runtime.bin, [...runtime.args, kind, JSON.stringify(options), JSON.stringify(app)], {
    cwd: ROOT,
    // NODE_ENV as this process has it (vitest: test): errata's 4xx capture stacks only in development, and cases.ts
    // expects what this process's NODE_ENV implies.
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  let flushed: (() => void) | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.includes(`${FLUSHED}\n`)) flushed?.();
  });
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
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        calls: async () => (await (await fetch(`${url}/__calls`)).json()) as Call[],
        // The marker follows every report written before it on the same stream: once it is read, so are they.
        stderr: async () => {
          const arrived = new Promise<void>((done) => (flushed = done));
          await fetch(`${url}/__flush`);
          await arrived;
          flushed = undefined;
          const reports = errataReports(stderr);
          stderr = stderr.replaceAll(`${FLUSHED}\n`, '');
          return reports;
        },
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
  { name: 'Hono (Bun)', family: 'hono', runtime: BUN, remote: (options, app) => start(BUN, 'hono', options, app) },
  { name: 'Fetch (Bun)', family: 'fetch', runtime: BUN, remote: (options, app) => start(BUN, 'fetch', options, app) },
  { name: 'Fetch (Deno)', family: 'fetch', runtime: DENO, remote: (options, app) => start(DENO, 'fetch', options, app) },
];
