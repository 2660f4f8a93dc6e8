// `npm run bench`: every benchmark, then bench/RESULTS.md. Long (about an hour on two cores, most of it under
// valgrind); each part runs alone too (see the README's performance section).
// `node bench/run.mjs [--quick] [--reuse]`: --quick shrinks every part, for a look at the shape, not for the
// record; --reuse takes each part's table from bench/.out/<part>.md when an earlier run left one there.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './lib/args.mjs';
import { ensureBuilt, ROOT } from './lib/build.mjs';
import { run } from './lib/processes.mjs';
import { adapterTable } from './adapters.mjs';
import { targetTable } from './targets.mjs';

const options = parseArgs(process.argv.slice(2), { quick: false, reuse: false });
const out = join(ROOT, 'bench/.out');
mkdirSync(out, { recursive: true });
await ensureBuilt();

const CORE_CASES = [
  'express-manual', 'express-bare-error', 'express-floor', 'errata-express', 'errata-express-dev', 'express-boom', 'express-http-errors',
  'express-finalhandler', 'koa-floor', 'koa-bare-error', 'errata-koa', 'koa-throw', 'errata-express-429', 'errata-express-500', 'errata-express-problem',
  'fastify-floor', 'fastify-bare-error', 'fastify-default', 'errata-fastify', 'hono-floor', 'hono-bare-error', 'hono-http-exception', 'errata-hono',
];
// The cases the targets are read from, counted in three heap layouts; the rest in one.
const LAYOUT_CASES = ['express-manual', 'express-bare-error', 'express-floor', 'errata-express', 'koa-floor', 'koa-bare-error', 'errata-koa', 'koa-throw'];
const PEERS = ['express', 'koa', 'fastify', 'hono', '@hono/node-server', 'http-errors', '@hapi/boom', 'finalhandler', 'autocannon', 'tinybench'];
const versionOf = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const script = (path) => join(ROOT, 'bench', path);
const sizes = options.quick
  ? {
      instructions: ['--warmup', '100', '--n1', '100', '--n2', '300', '--layouts', '1'],
      http: ['--rounds', '2', '--seconds', '1'],
      micro: ['--time', '100'],
      memory: ['--count', '20000'],
      growth: ['--warmup', '300', '--batch', '300'],
      negotiation: ['--runs', '1', '--warmup', '200', '--warmupSeconds', '1', '--window', '200'],
    }
  : { instructions: ['--warmup', '3000', '--n1', '1000', '--n2', '5000', '--layouts', '3', '--layout-cases', LAYOUT_CASES.join(',')], http: [], micro: [], memory: [], growth: [], negotiation: [] };

async function part(name, args, env = {}) {
  const saved = join(out, `${name}.md`);
  if (options.reuse && existsSync(saved)) return readFileSync(saved, 'utf8').trim();
  process.stderr.write(`bench: ${name}…\n`);
  const { stdout } = await run(process.execPath, args, { env, timeoutMs: 3 * 3600_000 });
  writeFileSync(saved, stdout);
  return stdout.trim();
}

const instructions = await part('instructions', [script('instructions/run.mjs'), ...sizes.instructions, '--cases', CORE_CASES.join(','), '--out', join(out, 'instructions.json')]);
const growth = await part('growth', [script('growth/run.mjs'), ...sizes.growth, '--out', join(out, 'growth.json')]);
const http = await part('http', [script('http/run.mjs'), ...sizes.http, '--out', join(out, 'http.json')]);
const micro = await part('micro', [script('micro/run.mjs'), ...sizes.micro, '--out', join(out, 'micro.json')]);
const negotiation = await part('negotiation', [script('negotiation/run.mjs'), '--refs', '.', ...sizes.negotiation, '--out', join(out, 'negotiation.json')]);
const memory = await part('memory', ['--expose-gc', script('memory/run.mjs'), ...sizes.memory, '--out', join(out, 'memory.json')], { NODE_ENV: 'production' });

const saved = (name) => JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8'));
const settings = saved('instructions').settings;
const targets = targetTable({ instructions: saved('instructions').rows, http: saved('http').summary, micro: saved('micro') });
const report = `# errata benchmark results

Written by \`npm run bench\`${options.quick ? ' (--quick: reduced sizes, not for the record)' : ''}${options.reuse ? ' (--reuse: assembled from the parts run one by one, each table as that part printed it)' : ''} on ${new Date().toISOString().slice(0, 10)}.
Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), shared with other work.
Peers: ${PEERS.map((name) => `${name} ${versionOf(name)}`).join(', ')}. errata is measured from a build of src/ made with the package's tsup settings.

## Targets

Read by \`bench/targets.mjs\` from the tables below.

${targets}

## Instructions per request (the verdict)

Each case in its own processes under \`valgrind --tool=callgrind\`, Node run as \`node ${'--single-threaded --predictable --predictable-gc-schedule --random-seed=1 --hash-seed=1'}\` with \`NODE_ENV=production\` (development for the one case that says so), \`GET /items/42\` injected in-process (Node's own \`IncomingMessage\`/\`ServerResponse\` over a fake socket, no network), every response checked for status, headers and body first and last. ${settings.warmup} warm-up requests, then ${settings.n1} and ${settings.n2} requests in two processes: instructions per request = (Ir(${settings.n2}) − Ir(${settings.n1})) ÷ ${settings.n2 - settings.n1}. The cases the targets are read from are counted in ${settings.layouts} heap layouts (\`BENCH_LAYOUT\`: a few hundred strings kept alive before the case loads), the others in one; the table gives the median and, where there are several, the range. "× floor" is the floor's cost ÷ the case's cost (higher is cheaper), taken per layout against the floor counted in the same layout, then the median; Express cases and errata's 429/500/problem+json compare with the Express floor, Koa, Fastify and Hono cases with their own framework's floor.

${instructions}

### Reading the counts

- One layout's count repeats to within 0.1–1.5% in fresh processes; another layout moves it by several percent.
  In a callgrind profile the difference between layouts is almost all major garbage collection (incremental
  marking and its write barriers): with a 600-request window, whether a marking cycle fell inside it moved one
  case from 456 k to 613 k. Hence the 4,000-request window, the layouts, and medians with their range.
- Tried and dropped: forcing a full GC before and after the window with a large old space (layouts then agreed to
  0.2%, but the forced collections made V8 recompile in the window: 170–230 k of TurboFan per request, which a
  warm server never pays); light-my-request as the injector, as first planned (it keeps about 13 kB per request,
  so the heap and the collector's work grow with the count; its counts were GC-bound and, for errata, double the
  floor while natively the two ran at the same speed).
- The warm-up matters: with 600 warm-up requests TurboFan was still compiling Express and Koa code inside the
  measured window.
- Where Express's instructions go, in every Express case alike: about half are V8 runtime property lookups and
  map migrations (\`LookupIterator\`, \`MigrateToMap\`, megamorphic inline caches), from Express setting the
  prototypes of \`req\` and \`res\` on every request. The floor, the bare error path and errata differ by what
  is left.

## Fastify and Hono

The same instruction counts as above, side by side per framework: its floor (the route answers the 404 body itself), its bare error path (a minimal hand-written error handler), its own error handling (Fastify's default error handler for http-errors' \`createError(404)\`; Hono's \`HTTPException(404)\` answered by its \`getResponse()\`) and errata (the errata/fastify plugin; errata/hono's \`app.onError(errorHandler)\`). Fastify is injected through the request listener it hands its server factory, Hono through @hono/node-server's \`getRequestListener(app.fetch)\`. Targets: errata ≤ 1.05× the bare error path, and cheaper than the framework's own handling.

${adapterTable(saved('instructions').rows)}

## Growth (wall time per request)

Measured in wall time, not under valgrind, each case in its own production process (median of 5 batches after a warm-up). Linear in the body: \`details\` with 10, 100 and 1,000 field errors. Flat in the catalogue: the default catalogue against a custom one holding all 500 possible codes (100–599; \`defineCatalog\` accepts no others, so 1,000 distinct codes cannot exist; this one is built from 1,000 overrides in two layers).

${growth}

## HTTP (what users see)

autocannon, 10 connections, each case its own server process on 127.0.0.1, cases interleaved over rounds (forward, then reversed); medians over the rounds with min–max beside them. Server CPU is \`process.cpuUsage()\` over the measured window divided by the requests the server counted. Ratios are to the floor of the same framework in the same round. Client and servers share the machine's cores, so single rounds swing: decide on instructions.

${http}

## Micro (tinybench, NODE_ENV=production)

${micro}

## Memory

${memory}

## Negotiation: what the request's Accept and Accept-Language cost

\`node bench/negotiation/run.mjs\`: errata's 404 on Express 5 and Koa 3 with 11 locales in \`catalogs\`, production, through real sockets, each case in its own server process after a warm-up, the cases interleaved over runs. Server CPU is \`process.cpuUsage()\` over a window ÷ the requests answered; "× ordinary" is per run, against the ordinary 404 on the same framework. The attacker's values differ on every request, so no memo answers them. \`--refs a,b\` builds each commit from its own \`src/\` to compare before and after a change.

${negotiation}
`;
writeFileSync(join(ROOT, 'bench/RESULTS.md'), report);
process.stderr.write('bench: wrote bench/RESULTS.md\n');
