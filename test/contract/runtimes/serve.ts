// Serves one contract app with the runtime's own server (Bun.serve, Deno.serve) on 127.0.0.1 and a free port:
//   bun serve.ts <hono|fetch> '<options JSON>'
//   deno run -A --unstable-sloppy-imports --node-modules-dir=manual serve.ts <hono|fetch> '<options JSON>'
// prints `listening <port>`, and exits when its stdin closes (the test process ended or closed it).
import { cases, NOW, routesOf } from '../cases.js';
import type { SharedOptions } from '../frameworks.js';
import { fetchHandler, honoHandler, type FetchHandler } from './apps.js';

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

const [kind, json] = Deno ? Deno.args : (Bun?.argv.slice(2) ?? []);
const options = JSON.parse(json ?? '{}') as SharedOptions;
const routes = routesOf(cases);
const handler = kind === 'hono' ? honoHandler(routes, options) : kind === 'fetch' ? fetchHandler(routes, options) : undefined;
if (!handler) throw new Error(`usage: serve.ts <hono|fetch> '<options JSON>' (got ${String(kind)})`);

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
