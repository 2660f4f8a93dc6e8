// Run as a child process by test/koa-edges.test.ts (`node --import tsx koa-h2-warnings.ts <2|3>`): Node warns about
// some HTTP/2 misuses once per process, so only a fresh process shows whether errata's error responses cause one.
// Prints the warnings as a JSON array of messages.
import { exchange, koaApp, KOA_VERSIONS } from './koa-transport.js';

const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(warning.message));

const major = Number(process.argv[2]);
const version = KOA_VERSIONS.find(([, , m]) => m === major);
if (!version) throw new Error(`no Koa ${process.argv[2]}`);
const app = koaApp(version[1]);
app.use((ctx) => {
  if (ctx.path === '/throws') throw new Error('failed');
});
await exchange(app.callback(), 'HTTP/2', { path: '/throws' });
await exchange(app.callback(), 'HTTP/2', { path: '/nothing-here' });
await exchange(app.callback(), 'HTTP/2', { path: '/nothing-here', method: 'HEAD' });
// Warnings are emitted on the next tick.
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(JSON.stringify(warnings));
