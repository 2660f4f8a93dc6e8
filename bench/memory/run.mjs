// Memory: `count` errors thrown and answered through errata's Express handler, injected in batches, then
// the heap after a forced GC compared with the heap before. A leak of even a few bytes per error shows.
// `node --expose-gc bench/memory/run.mjs [--count 1000000] [--batch 1000] [--out file.json]`
import { writeFileSync } from 'node:fs';
import { parseArgs } from '../lib/args.mjs';
import { loadCase } from '../cases/index.mjs';
import { checkResponse } from '../lib/expect.mjs';
import { injectCase } from '../lib/inject.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
if (process.env.NODE_ENV !== 'production') throw new Error('run with NODE_ENV=production, as a server would');
const options = parseArgs(process.argv.slice(2), { count: 1_000_000, batch: 1000, out: '' });
const LIMIT_BYTES = 5 * 1024 * 1024;

const caseId = process.env.MEMORY_CASE ?? 'errata-express';
const testCase = await loadCase(caseId);
const listener = await testCase.create();
checkResponse(caseId, testCase.expect, await injectCase(listener, testCase));

function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

// A first batch before the baseline, so that JIT code and lazily built caches are not counted as growth.
await Promise.all(Array.from({ length: options.batch }, () => injectCase(listener, testCase)));
const before = settledHeap();
const started = Date.now();
let answered = 0;
let peak = 0;
while (answered < options.count) {
  const size = Math.min(options.batch, options.count - answered);
  const responses = await Promise.all(Array.from({ length: size }, () => injectCase(listener, testCase)));
  for (const response of responses) if (response.statusCode !== 404) throw new Error(`answer ${answered}: status ${response.statusCode}`);
  answered += size;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}
const after = settledHeap();
const result = { count: answered, before, after, growth: after - before, peak, seconds: (Date.now() - started) / 1000, withinLimit: after - before <= LIMIT_BYTES };
if (options.out) writeFileSync(options.out, JSON.stringify(result, null, 2));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(
  `${answered.toLocaleString('en')} errors answered in ${result.seconds.toFixed(1)} s: heap ${mb(before)} before, ${mb(after)} after a forced GC ` +
    `(${after >= before ? '+' : ''}${mb(after - before)}; limit ±5 MB), peak ${mb(peak)}`,
);
if (!result.withinLimit) {
  process.exitCode = 1;
  console.error('memory: the heap grew by more than 5 MB');
}
