// One benchmark case in its own process: `node case.mjs <case> <warmup> <count>` (the smoke test passes
// several comma-separated cases, to start one process instead of twenty). It builds the app, checks
// one response (status, headers, body), then injects `warmup` and `count` requests one after another.
// Run under callgrind twice with two counts: the difference in instructions is the cost of the extra requests.
import { loadCase } from '../cases/index.mjs';
import { checkResponse } from '../lib/expect.mjs';
import { injectCase } from '../lib/inject.mjs';

// BENCH_LAYOUT=k keeps about 100·k small strings alive before the case loads: the same work with the heap laid
// out differently. The runner counts each case in several layouts and reports the median and the range.
const layout = Number(process.env.BENCH_LAYOUT ?? 0);
globalThis.benchLayoutPadding = Array.from({ length: layout * 97 }, (_, i) => `layout-${i}`);

const [idList, warmupArg = '0', countArg = '0'] = process.argv.slice(2);
const warmup = Number(warmupArg);
const count = Number(countArg);
if (!idList || !Number.isInteger(warmup) || !Number.isInteger(count) || warmup < 0 || count < 0) {
  throw new Error('usage: node case.mjs <case> <warmup> <count>');
}

for (const id of idList.split(',')) {
  const testCase = await loadCase(id);
  const listener = await testCase.create();
  checkResponse(id, testCase.expect, await injectCase(listener, testCase));
  for (let i = 0; i < warmup + count; i++) await injectCase(listener, testCase);
  // The last response too: a case must not drift into another answer once warm.
  checkResponse(id, testCase.expect, await injectCase(listener, testCase));
  process.stdout.write(`${id} ok ${warmup}+${count}\n`);
}
