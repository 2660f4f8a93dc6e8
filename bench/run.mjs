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

const options = parseArgs(process.argv.slice(2), { quick: false, reuse: false });
const out = join(ROOT, 'bench/.out');
mkdirSync(out, { recursive: true });
await ensureBuilt();

const CORE_CASES = [
  'express-manual', 'express-bare-error', 'express-floor', 'errata-express', 'errata-express-dev', 'express-boom', 'express-http-errors',
  'express-finalhandler', 'koa-floor', 'koa-bare-error', 'errata-koa', 'koa-throw', 'errata-express-429', 'errata-express-500', 'errata-express-problem',
];
// The cases the targets are read from, counted in three heap layouts; the rest in one.
const LAYOUT_CASES = ['express-manual', 'express-bare-error', 'express-floor', 'errata-express', 'koa-floor', 'koa-bare-error', 'errata-koa', 'koa-throw'];
const PEERS = ['express', 'koa', 'http-errors', '@hapi/boom', 'finalhandler', 'autocannon', 'tinybench'];
const versionOf = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const script = (path) => join(ROOT, 'bench', path);
const sizes = options.quick
  ? { instructions: ['--warmup', '100', '--n1', '100', '--n2', '300', '--layouts', '1'], http: ['--rounds', '2', '--seconds', '1'], micro: ['--time', '100'], memory: ['--count', '20000'], growth: ['--warmup', '300', '--batch', '300'] }
  : { instructions: ['--warmup', '3000', '--n1', '1000', '--n2', '5000', '--layouts', '3', '--layout-cases', LAYOUT_CASES.join(',')], http: [], micro: [], memory: [], growth: [] };

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
const memory = await part('memory', ['--expose-gc', script('memory/run.mjs'), ...sizes.memory, '--out', join(out, 'memory.json')], { NODE_ENV: 'production' });

const settings = JSON.parse(readFileSync(join(out, 'instructions.json'), 'utf8')).settings;
const report = `# errata benchmark results

Written by \`npm run bench\`${options.quick ? ' (--quick: reduced sizes, not for the record)' : ''}${options.reuse ? ' (--reuse: assembled from the parts run one by one, each table as that part printed it)' : ''} on ${new Date().toISOString().slice(0, 10)}.
Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), shared with other work.
Peers: ${PEERS.map((name) => `${name} ${versionOf(name)}`).join(', ')}. errata is measured from a build of src/ made with the package's tsup settings.

## Instructions per request (the verdict)

Each case in its own process under \`valgrind --tool=callgrind\`, Node run as \`node ${'--single-threaded --predictable --predictable-gc-schedule --random-seed=1 --hash-seed=1'}\` with \`NODE_ENV=production\` (development for the one case that says so), \`GET /items/42\` injected in-process (Node's own \`IncomingMessage\`/\`ServerResponse\` over a fake socket, no network), every response checked for status, headers and body first. ${settings.warmup} warm-up requests, then ${settings.n1} and ${settings.n2} requests in two processes: instructions per request = (Ir(${settings.n2}) − Ir(${settings.n1})) ÷ ${settings.n2 - settings.n1}. "× floor" is the floor's cost ÷ the case's cost (higher is cheaper); Express cases and errata's 429/500/problem+json compare with the Express floor, Koa cases with the Koa floor.

${instructions}

### Reading the counts

- The warm-up matters more than anything else: with 600 warm-up requests TurboFan was still compiling Express and Koa
  code (about 60 more optimised compiles between requests 600 and 3,600), and those compiles landed in the measured
  window: Express floor 983 k, errata 1,618 k, bare error path 1,291 k. Natively, over 23,000 requests, the order
  was already bare < errata < floor. Counts here use the warm-up given above; the defaults of
  \`bench/instructions/run.mjs\` are smaller so that a full run fits in an hour.
- A repeat in fresh processes differs by about 1.5%, not 0.1%: \`--predictable-gc-schedule\` took the
  memory reducer's wall-clock GCs out; what is left is probably timing-dependent work inside Node (such as the cached \`Date\`
  header is rebuilt once per wall-clock second, and under valgrind a second is a few dozen requests).
- Where the instructions go past the bare error path (callgrind, self cost): V8's runtime rather than errata's
  JavaScript. Constructing an \`Error\` subclass goes through \`ErrorUtils::Construct\` (runtime property
  lookups and map migrations to add \`message\` and the stack symbol), then Node's \`writeHead\` validates
  and lower-cases each of the seven headers, and GC marking and write barriers scale with what is allocated.
  errata's own rendering (\`toHttpError\`, negotiation, \`buildView\`, \`JSON.stringify\`, the headers)
  is under 1 µs per call in the micro benchmark below.

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
`;
writeFileSync(join(ROOT, 'bench/RESULTS.md'), report);
process.stderr.write('bench: wrote bench/RESULTS.md\n');
