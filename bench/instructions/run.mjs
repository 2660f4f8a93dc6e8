// Instruction counts, the verdict: every case in its own callgrind process, twice (two request counts).
// `node bench/instructions/run.mjs [--cases a,b] [--warmup 600] [--n1 100] [--n2 400] [--jobs 2] [--repeat id] [--out file.json]`
// `node bench/instructions/table.mjs file.json` prints the table of a saved run again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_IDS, loadCase } from '../cases/index.mjs';
import { parseArgs } from '../lib/args.mjs';
import { ensureBuilt, ROOT } from '../lib/build.mjs';
import { pool } from '../lib/processes.mjs';
import { instructionsPerRequest } from './callgrind.mjs';
import { instructionTable } from './table.mjs';
import { kilo } from '../lib/table.mjs';

const FLOOR_OF = { koa: 'koa-floor', express: 'express-floor' };

const options = parseArgs(process.argv.slice(2), { cases: '', warmup: 600, n1: 100, n2: 400, jobs: 2, repeat: 'errata-express', out: '' });
const ids = options.cases ? options.cases.split(',') : Object.values(CASE_IDS).flat();
const outDir = join(ROOT, 'bench/.out');
mkdirSync(outDir, { recursive: true });
await ensureBuilt();

const settings = { warmup: options.warmup, counts: [options.n1, options.n2], outDir };
// The repeat runs the same case again in fresh processes: the spread between the two is the noise floor.
const repeat = ids.includes(options.repeat) ? options.repeat : undefined;
const jobs = repeat ? [...ids, repeat] : ids;
const started = Date.now();
const results = await pool(
  jobs.map((id) => async () => {
    const result = await instructionsPerRequest(id, settings);
    process.stderr.write(`  ${id}: ${kilo(result.perRequest)} instructions/request\n`);
    return result;
  }),
  // Each case starts two valgrind processes.
  Math.max(1, Math.floor(options.jobs / 2)),
);
const measured = results.slice(0, ids.length);
const repeated = repeat ? { id: repeat, first: results.find((r) => r.id === repeat).perRequest, second: results.at(-1).perRequest } : undefined;

const byId = Object.fromEntries(measured.map((r) => [r.id, r.perRequest]));
const rows = [];
for (const result of measured) {
  const testCase = await loadCase(result.id);
  const floor = byId[FLOOR_OF[testCase.framework]];
  rows.push({ id: result.id, label: testCase.label, framework: testCase.framework, perRequest: result.perRequest, timesFloor: floor / result.perRequest });
}

const order = Object.values(CASE_IDS).flat();
rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
const report = { settings: { warmup: options.warmup, n1: options.n1, n2: options.n2 }, seconds: Math.round((Date.now() - started) / 1000), rows, repeated };
if (options.out) writeFileSync(options.out, JSON.stringify(report, null, 2));
console.log(instructionTable(report));
