// Serves one contract app with the runtime's own server (Bun.serve, Deno.serve) on 127.0.0.1 and a free port:
//   bun serve.ts <hono|fetch> '<options JSON>' ['<app JSON>']
//   deno run -A --unstable-sloppy-imports --node-modules-dir=manual serve.ts <hono|fetch> '<options JSON>' ['<app JSON>']
// prints `listening <port>`, and exits when its stdin closes (the test process ended or closed it). The app JSON
// ({ routes: 'options', preset }) serves the options suite's routes with a preset's options instead (presets.ts),
// plus `GET /__calls` (what the preset's functions were called with) and `GET /__flush` (writes FLUSHED to stderr
// after everything errata wrote there so far, so that the test process knows it has read all of it).
import { cases, NOW, routesOf } from '../cases.js';
import type { RemoteApp } from '../frameworks.js';
import { fetchHandler, honoHandler, type FetchHandler } from './apps.js';
import { FLUSHED, optionRoutes, optionsOf, type Call, type PlainOptions } from './presets.js';

interface BunGlobal {
  argv: string[];
  serve(options: { port: number; hostname: string; fetch: FetchHandler }): { port: number };
  stdin: { stream(): ReadableStream<Uint8Array> };
}
interface DenoGlobal {
  args: string[];
  serve(options: { port: number; hostname: string; onListen: (address: { port: number }) => void }, handler: FetchHandler): unknown;
  stdin: { readable: ReadableStream<Uint8Array> };
  exit(code: number): never;
}
const { Bun, Deno } = globalThis as unknown as { Bun?: BunGlobal; Deno?: DenoGlobal };

// The contract's test process runs at a fixed clock (a Date retry hint counts seconds from it); so does this one.
// Only Date.now: a replaced Date class would fail `instanceof Date` for the dates cases.ts has already made.
Date.now = () => NOW;

const [kind, json, appJson] = Deno ? Deno.args : (Bun?.argv.slice(2) ?? []);
const app = JSON.parse(appJson ?? '{}') as RemoteApp;
const calls: Call[] = [];
const options = optionsOf(app.preset ?? 'none', JSON.parse(json ?? '{}') as PlainOptions, (call) => void calls.push(call));
const routes = app.routes === 'options' ? optionRoutes : routesOf(cases);
const build = kind === 'hono' ? honoHandler : kind === 'fetch' ? fetchHandler : undefined;
if (!build) throw new Error(`usage: serve.ts <hono|fetch> '<options JSON>' ['<app JSON>'] (got ${String(kind)})`);
const appHandler = build(routes, options);

/** Written the way errata writes its reports (integrations/report.ts), so that it comes after them on stderr. */
function writeStderr(line: string): void {
  const stderr = typeof process === 'undefined' ? undefined : process.stderr;
  if (stderr && typeof stderr.write === 'function') stderr.write(`${line}\n`);
  else console.error(line);
}

const handler: FetchHandler =
  app.routes === 'options'
    ? (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === '/__calls') return Response.json(calls);
        if (pathname === '/__flush') {
          writeStderr(FLUSHED);
          return new Response(null, { status: 204 });
        }
        return appHandler(request);
      }
    : appHandler;

let stdin: ReadableStream<Uint8Array>;
if (Bun) {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler });
  console.log(`listening ${server.port}`);
  stdin = Bun.stdin.stream();
} else if (Deno) {
  const port = await new Promise<number>((resolve) => {
    Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: (address) => resolve(address.port) }, handler);
  });
  console.log(`listening ${port}`);
  stdin = Deno.stdin.readable;
} else throw new Error('serve.ts runs under Bun or Deno');

// Nothing is sent on stdin; its end is the signal to stop.
const reader = stdin.getReader();
while (!(await reader.read()).done);
if (Deno) Deno.exit(0);
else process.exit(0);
