// What a client's Accept and Accept-Language cost the server: CPU time per 404 on Express 5 and Koa 3 (errata's
// handler, 11 locales in `catalogs`, production), through real sockets, for an ordinary request and for headers
// an attacker would send: 16 KB values of as many ranges as fit (Node's default limit is 16 KB for all the
// headers together), new on every request so that no memo helps, and values exactly at errata's negotiation
// limits. Each commit given is built from its own `src/` (git archive + the package's tsup settings), so one run
// compares before and after a change; `.` is the working tree.
// Each case has a server process of its own, so that none pays for the garbage of another (16 KB header strings).
// Server CPU is `process.cpuUsage()` (user + system) in that process over a window of requests (at least
// `--requests` and `--window` ms), divided by the requests it answered. Every server is warmed up first; then the cases are interleaved within each run (forward, then
// reversed), and the table gives the median of the runs with their range. The ratio is to the ordinary 404 on the
// same framework and commit in the same run.
// `node bench/negotiation/run.mjs [--refs d0c224a,.] [--cases ordinary,…] [--runs 9] [--requests 100] [--window 1000] [--warmup 10000] [--warmupSeconds 8] [--out file.json]`
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../lib/args.mjs';
import { BENCH_DIST, ROOT, ensureBuilt } from '../lib/build.mjs';
import { median, range } from '../lib/stats.mjs';
import { markdownTable } from '../lib/table.mjs';

// Commits before the adapters moved under src/adapters/ kept them in src/<name>/.
function adapterEntry(base, name) {
  const moved = join(base, 'src/adapters', name, 'index.ts');
  return existsSync(moved) ? moved : join(base, 'src', name, 'index.ts');
}

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const options = parseArgs(process.argv.slice(2), { refs: '.', cases: '', runs: 9, requests: 100, window: 1000, warmup: 10_000, warmupSeconds: 8, out: '' });

// Node's default --max-http-header-size is 16384 bytes for the request line and every header together.
const HUGE = 16_000;
const ORDINARY_ACCEPT = 'application/json';
const ORDINARY_LANGUAGE = 'de-DE,de;q=0.9,en;q=0.8';
const letter = (k) => String.fromCharCode(97 + (k % 26));

/** `first`, then short ranges from `rangeOf(k)` joined by commas while the value stays within `length` characters. */
function fill(first, length, rangeOf) {
  let value = first;
  for (let k = 0; ; k++) {
    const next = `${value},${rangeOf(k)}`;
    if (next.length > length) return value;
    value = next;
  }
}

/** `count` ranges (the first `first`) padded within the last range to exactly `length` characters. */
function exactly(first, count, length, rangeOf, pad) {
  const ranges = [first];
  for (let k = 1; k < count; k++) ranges.push(rangeOf(k));
  const value = ranges.join(',');
  if (value.length > length) throw new Error(`${count} ranges do not fit in ${length} characters`);
  return value + pad.repeat(length - value.length);
}

// Every value but the ordinary ones differs per request (`i`), as an attacker's would, so no memo answers it.
const ALL_CASES = [
  { id: 'ordinary', label: 'ordinary 404 (`Accept: application/json`, `Accept-Language: de-DE,de;q=0.9,en;q=0.8`)', headers: () => ({}) },
  {
    // What a 16 KB header costs Node and the framework before errata sees it: the floor for the two below.
    id: 'filler-16k',
    label: 'ordinary 404 plus an `X-Filler` header of 16,000 characters (not negotiated)',
    headers: (i) => ({ 'x-filler': fill(`r${i}`, HUGE, letter) }),
  },
  {
    id: 'language-16k',
    label: '`Accept-Language` of 16,000 characters, about 8,000 ranges (`r1,a,b,c,…`)',
    headers: (i) => ({ 'accept-language': fill(`r${i}`, HUGE, letter) }),
  },
  {
    id: 'accept-16k',
    label: '`Accept` of 16,000 characters, about 4,000 ranges (`r/1,x/a,x/b,…`)',
    headers: (i) => ({ accept: fill(`r/${i}`, HUGE, (k) => `x/${letter(k)}`) }),
  },
  {
    id: 'language-limit',
    label: '`Accept-Language` at the limit: 512 characters, 32 ranges (`r1,zz-a;q=0.5,…`)',
    headers: (i) => ({ 'accept-language': exactly(`r${i}`, 32, 512, (k) => `zz-${letter(k)};q=0.5`, 'z') }),
  },
  {
    id: 'accept-limit',
    label: '`Accept` at the limit: 1,024 characters, 32 ranges (`r/1,text/x-a;q=0.5,…`)',
    headers: (i) => ({ accept: exactly(`r/${i}`, 32, 1024, (k) => `text/x-${letter(k)};q=0.5`, 'z') }),
  },
];
// The ordinary 404 is always measured: the ratios are to it.
const CASES = ALL_CASES.filter((c) => c.id === 'ordinary' || !options.cases || options.cases.split(',').includes(c.id));
const FRAMEWORKS = [
  { id: 'express', label: 'Express 5' },
  { id: 'koa', label: 'Koa 3' },
];

/** Builds `ref`'s src/ into bench/.out/negotiation/<commit>/dist (once), or the working tree's into bench/.out/dist. */
async function distOf(ref) {
  if (ref === '.') {
    await ensureBuilt();
    return { ref: 'working tree', dist: BENCH_DIST };
  }
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const base = join(ROOT, 'bench/.out/negotiation', commit);
  const dist = join(base, 'dist');
  if (!existsSync(join(dist, 'koa.js'))) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    execFileSync('sh', ['-c', `git archive --format=tar ${commit} src | tar -x -C "${base}"`], { cwd: ROOT });
    const { build } = await import('tsup');
    await build({
      entry: { index: join(base, 'src/index.ts'), express: adapterEntry(base, 'express'), koa: adapterEntry(base, 'koa') },
      format: ['esm'],
      dts: false,
      clean: true,
      sourcemap: false,
      target: 'node20',
      splitting: true,
      treeshake: true,
      outDir: dist,
      config: false,
      silent: true,
    });
  }
  return { ref: commit, dist };
}

/** Starts a server process; resolves once it listens. */
function startServer(framework, dist) {
  const child = fork(SERVER, [framework, dist], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies = [];
  const waiting = [];
  child.on('message', (message) => (waiting.length > 0 ? waiting.shift()(message) : replies.push(message)));
  const next = () => new Promise((resolve) => (replies.length > 0 ? resolve(replies.shift()) : waiting.push(resolve)));
  const ask = async (type) => {
    child.send({ type });
    return next();
  };
  return next().then((ready) => {
    if (ready.type !== 'ready') throw new Error(`${framework} server: ${ready.message}`);
    return { port: ready.port, reset: () => ask('reset'), stats: () => ask('stats'), stop: () => child.send({ type: 'stop' }) };
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** One GET of a path no route serves; resolves with the status and the headers that show the negotiation. */
function get(port, headers) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/items/42', agent, headers: { accept: ORDINARY_ACCEPT, 'accept-language': ORDINARY_LANGUAGE, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], language: res.headers['content-language'] }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Requests, four in flight, until at least `count` were sent and `ms` milliseconds have passed, but no more than
 * `maxCount` or `maxMs`; every answer must be errata's 404. Resolves with how many were sent and the last answer.
 */
async function send(port, testCase, offset, { count = 0, ms = 0, maxCount = Infinity, maxMs = Infinity }) {
  let last;
  let sent = 0;
  const start = performance.now();
  const more = () => {
    const elapsed = performance.now() - start;
    return (sent < count || elapsed < ms) && sent < maxCount && elapsed < maxMs;
  };
  async function worker() {
    while (more()) {
      const i = offset + sent++;
      const answer = await get(port, testCase.headers(i));
      if (answer.status !== 404) throw new Error(`${testCase.id}: status ${answer.status}`);
      last = answer;
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { sent, last };
}

const builds = [];
for (const ref of options.refs.split(',')) builds.push(await distOf(ref));

const rows = [];
const answers = {};
for (const build of builds) {
  for (const framework of FRAMEWORKS) {
    const servers = {};
    for (const testCase of CASES) servers[testCase.id] = await startServer(framework.id, build.dist);
    const samples = Object.fromEntries(CASES.map((c) => [c.id, []]));
    let offset = 0;
    try {
      // Warm-up, so that the JIT has compiled every path before anything is measured (with fewer requests, the
      // first windows of an ordinary 404 counted TurboFan's background compiling and cost up to 5 times the later
      // ones). Capped in time for the 16 KB cases before the fix, whose hot code is negotiator's, warm in a few.
      for (const testCase of CASES) {
        offset += (await send(servers[testCase.id].port, testCase, offset, { count: options.warmup, maxCount: options.warmup, maxMs: options.warmupSeconds * 1000 })).sent;
      }
      for (let run = 0; run < options.runs; run++) {
        const order = run % 2 === 0 ? CASES : [...CASES].reverse();
        for (const testCase of order) {
          const server = servers[testCase.id];
          await server.reset();
          const { sent, last } = await send(server.port, testCase, offset, { count: options.requests, ms: options.window });
          answers[`${build.ref} ${framework.id} ${testCase.id}`] = last;
          offset += sent;
          const { requests, cpuMicros } = await server.stats();
          if (requests !== sent) throw new Error(`${testCase.id}: the server counted ${requests} requests, ${sent} were sent`);
          samples[testCase.id].push(cpuMicros / requests);
        }
        process.stderr.write(`  ${build.ref} ${framework.label}: run ${run + 1}/${options.runs}\n`);
      }
    } finally {
      for (const server of Object.values(servers)) server.stop();
    }
    const perRun = (id) => samples[id].map((micros, run) => micros / samples.ordinary[run]);
    for (const testCase of CASES) {
      const answer = answers[`${build.ref} ${framework.id} ${testCase.id}`];
      rows.push({
        ref: build.ref,
        framework: framework.label,
        case: testCase.id,
        label: testCase.label,
        cpuMicros: median(samples[testCase.id]),
        cpuRange: range(samples[testCase.id]),
        ratio: median(perRun(testCase.id)),
        ratioRange: range(perRun(testCase.id)),
        answer: `${answer.type.split(';')[0]}, ${answer.language}`,
        samples: samples[testCase.id],
      });
    }
  }
}
agent.destroy();

if (options.out) writeFileSync(options.out, JSON.stringify({ settings: options, node: process.version, rows }, null, 2));
const micros = (value) => (value >= 1000 ? Math.round(value).toLocaleString('en') : value.toFixed(0));
console.log(
  markdownTable(
    ['commit', 'framework', 'request', 'server CPU µs / 404 (median, min–max)', '× ordinary (min–max)', 'answered in'],
    rows.map((r) => [
      r.ref,
      r.framework,
      r.label,
      `${micros(r.cpuMicros)} (${micros(r.cpuRange[0])}–${micros(r.cpuRange[1])})`,
      `${r.ratio.toFixed(2)} (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`,
      r.answer,
    ]),
  ),
);
