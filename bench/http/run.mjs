// What users see: autocannon against each case's own server on 127.0.0.1, cases interleaved over rounds
// (A B C … then C B A …) so drift in the machine's load hits every case alike.
// `node bench/http/run.mjs [--rounds 5] [--seconds 3] [--connections 10] [--cases a,b] [--out file.json]`
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { loadCase } from '../cases/index.mjs';
import { parseArgs } from '../lib/args.mjs';
import { checkResponse } from '../lib/expect.mjs';
import { ensureBuilt } from '../lib/build.mjs';
import { median, range } from '../lib/stats.mjs';
import { markdownTable, ratio } from '../lib/table.mjs';
import { startServer } from './servers.mjs';

export const HTTP_CASES = [
  'express-floor', 'express-bare-error', 'errata-express', 'express-http-errors', 'express-boom', 'express-finalhandler',
  'koa-floor', 'koa-bare-error', 'errata-koa', 'koa-throw',
];
const FLOOR_OF = { express: 'express-floor', koa: 'koa-floor' };

const options = parseArgs(process.argv.slice(2), { rounds: 5, seconds: 3, connections: 10, cases: '', out: '' });
const ids = options.cases ? options.cases.split(',') : HTTP_CASES;
await ensureBuilt();

const cases = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await loadCase(id)])));
const servers = [];
for (const id of ids) servers.push(await startServer(id));
// Correctness first, over the wire this time: every server's answer is checked before any round.
for (const server of servers) {
  const testCase = cases[server.id];
  const response = await fetch(server.url, { headers: testCase.headers ?? {} });
  checkResponse(server.id, testCase.expect, { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() });
}
const samples = Object.fromEntries(ids.map((id) => [id, []]));

async function measure(server) {
  const testCase = cases[server.id];
  await server.reset();
  const result = await autocannon({ url: server.url, connections: options.connections, duration: options.seconds, headers: testCase.headers ?? {} });
  const { requests, cpuMicros } = await server.stats();
  const expectedClass = `${String(testCase.expect.status)[0]}xx`;
  if (result.errors > 0 || result.timeouts > 0 || result[expectedClass] !== result.requests.total) {
    throw new Error(`${server.id}: ${result.errors} errors, ${result.timeouts} timeouts, ${result[expectedClass]} of ${result.requests.total} answers were ${expectedClass}`);
  }
  return { reqPerSec: result.requests.average, p99: result.latency.p99, cpuPerRequest: cpuMicros / requests };
}

try {
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    const results = {};
    for (const server of order) results[server.id] = await measure(server);
    for (const id of ids) {
      const floor = results[FLOOR_OF[cases[id].framework]];
      const own = results[id];
      samples[id].push({ ...own, reqRatio: floor ? own.reqPerSec / floor.reqPerSec : NaN, cpuRatio: floor ? own.cpuPerRequest / floor.cpuPerRequest : NaN });
    }
    process.stderr.write(`  round ${round + 1}/${options.rounds} done\n`);
  }
} finally {
  for (const server of servers) server.stop();
}

const summary = ids.map((id) => {
  const of = (key) => samples[id].map((sample) => sample[key]);
  return {
    id,
    label: cases[id].label,
    reqPerSec: median(of('reqPerSec')),
    reqPerSecRange: range(of('reqPerSec')),
    p99: median(of('p99')),
    cpuPerRequest: median(of('cpuPerRequest')),
    reqRatio: median(of('reqRatio')),
    reqRatioRange: range(of('reqRatio')),
    cpuRatio: median(of('cpuRatio')),
    cpuRatioRange: range(of('cpuRatio')),
  };
});
if (options.out) writeFileSync(options.out, JSON.stringify({ settings: options, summary, samples }, null, 2));

const spread = ([low, high], format) => `${format(low)}–${format(high)}`;
const thousands = (value) => Math.round(value).toLocaleString('en');
console.log(
  markdownTable(
    ['case', 'req/s (median, min–max)', 'p99 ms', 'server CPU µs/request', '× floor req/s (min–max)', 'CPU ÷ floor (min–max)'],
    summary.map((s) => [
      s.label,
      `${thousands(s.reqPerSec)} (${spread(s.reqPerSecRange, thousands)})`,
      String(s.p99),
      s.cpuPerRequest.toFixed(1),
      `${ratio(s.reqRatio)} (${spread(s.reqRatioRange, ratio)})`,
      `${ratio(s.cpuRatio)} (${spread(s.cpuRatioRange, ratio)})`,
    ]),
  ),
);
