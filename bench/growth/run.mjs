// Growth, in wall time per request (no valgrind, so it stays quick): each case in its own production process,
// five timed batches after a warm-up, median of the batches. Linear in `details`, flat in the catalogue.
// `node bench/growth/run.mjs [--warmup 2000] [--batch 2000] [--out file.json]`
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CASE_IDS, loadCase } from '../cases/index.mjs';
import { parseArgs } from '../lib/args.mjs';
import { ensureBuilt } from '../lib/build.mjs';
import { run } from '../lib/processes.mjs';
import { markdownTable } from '../lib/table.mjs';

const TIMER = fileURLToPath(new URL('./time-case.mjs', import.meta.url));
const options = parseArgs(process.argv.slice(2), { warmup: 2000, batch: 2000, out: '' });
await ensureBuilt();

const rows = [];
for (const id of CASE_IDS.growth) {
  const { stdout } = await run(process.execPath, [TIMER, id, String(options.warmup), String(options.batch)], { env: { NODE_ENV: 'production' } });
  rows.push({ id, label: (await loadCase(id)).label, ...JSON.parse(stdout) });
}
if (options.out) writeFileSync(options.out, JSON.stringify({ settings: options, rows }, null, 2));
const base = rows[0].nsPerRequest;
console.log(
  markdownTable(
    ['case', 'body bytes', 'µs / request (median of 5 batches)', `÷ ${rows[0].id}`],
    rows.map((r) => [r.label, r.bodyBytes.toLocaleString('en'), (r.nsPerRequest / 1000).toFixed(1), (r.nsPerRequest / base).toFixed(2)]),
  ),
);
