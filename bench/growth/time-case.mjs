// Times one case in this process: `node time-case.mjs <case> <warmup> <batch>`; prints JSON.
import { loadCase } from '../cases/index.mjs';
import { checkResponse } from '../lib/expect.mjs';
import { injectCase } from '../lib/inject.mjs';
import { median } from '../lib/stats.mjs';

const [id, warmup, batch] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const testCase = await loadCase(id);
const listener = await testCase.create();
const first = await injectCase(listener, testCase);
checkResponse(id, testCase.expect, first);
for (let i = 0; i < warmup; i++) await injectCase(listener, testCase);
const batches = [];
for (let round = 0; round < 5; round++) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) await injectCase(listener, testCase);
  batches.push(Number(process.hrtime.bigint() - started) / batch);
}
process.stdout.write(JSON.stringify({ nsPerRequest: median(batches), batches, bodyBytes: Buffer.byteLength(first.body) }));
