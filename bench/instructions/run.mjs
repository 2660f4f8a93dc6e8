// Instruction counts, the verdict: every case in its own callgrind processes, twice (two request counts), in
// several heap layouts. `node bench/instructions/run.mjs [--cases a,b] [--layouts 3] [--warmup 3000] [--n1 1000]
// [--n2 5000] [--layout-cases a,b] [--jobs 2] [--out file.json]`; `node bench/instructions/table.mjs file.json` prints a saved run again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_IDS, loadCase } from '../cases/index.mjs';
import { parseArgs } from '../lib/args.mjs';
import { ensureBuilt, ROOT } from '../lib/build.mjs';
import { pool } from '../lib/processes.mjs';
import { countInstructions } from './callgrind.mjs';
import { instructionTable, summariseCounts } from './table.mjs';
import { kilo } from '../lib/table.mjs';

const options = parseArgs(process.argv.slice(2), { cases: '', layouts: 3, 'layout-cases': '', warmup: 3000, n1: 1000, n2: 5000, jobs: 2, out: '' });
const ids = options.cases ? options.cases.split(',') : Object.values(CASE_IDS).flat();
// Cases counted in every layout (the default: all); the others in layout 0 only, to keep a run within the hour.
const layoutIds = new Set(options['layout-cases'] ? options['layout-cases'].split(',') : ids);
const outDir = join(ROOT, 'bench/.out');
mkdirSync(outDir, { recursive: true });
await ensureBuilt();

// The same case in several heap layouts (BENCH_LAYOUT, see case.mjs): where the major collections fall, and
// how inline caches collide, move with layout by several percent, and no seed fixes that. Each layout's count
// repeats; the median across layouts is the figure, the range its spread.
const layoutsOf = (id) => (layoutIds.has(id) ? options.layouts : 1);
const jobs = ids.flatMap((id) =>
  Array.from({ length: layoutsOf(id) }, (_, layout) => [options.n1, options.n2].map((count) => ({ id, layout, count }))).flat(),
);
const started = Date.now();
// One valgrind process per job, `--jobs` at a time (valgrind runs a process on one core).
const totals = await pool(
  jobs.map(({ id, layout, count }) => () => countInstructions(id, options.warmup, count, outDir, layout)),
  options.jobs,
);
const results = [];
for (let i = 0; i < jobs.length; i += 2) {
  const { id, layout } = jobs[i];
  const perRequest = (totals[i + 1] - totals[i]) / (options.n2 - options.n1);
  results.push({ id, layout, perRequest });
  process.stderr.write(`  ${id} (layout ${layout}): ${kilo(perRequest)} instructions/request\n`);
}

const cases = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await loadCase(id)])));
const rows = summariseCounts(results, cases);

const order = Object.values(CASE_IDS).flat();
rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
const report = { settings: { warmup: options.warmup, n1: options.n1, n2: options.n2, layouts: options.layouts }, seconds: Math.round((Date.now() - started) / 1000), rows };
if (options.out) writeFileSync(options.out, JSON.stringify(report, null, 2));
console.log(instructionTable(report));
