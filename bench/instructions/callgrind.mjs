import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentOf } from '../cases/index.mjs';
import { run } from '../lib/processes.mjs';

const CASE_SCRIPT = fileURLToPath(new URL('./case.mjs', import.meta.url));
// Deterministic V8: no background threads, fixed seeds, so the count repeats run after run.
// --predictable-gc-schedule too: without it V8's memory reducer collects on wall-clock timers, which under valgrind
// fire at different requests run to run (counts were 1.8% apart; a major GC is tens of millions of instructions).
export const NODE_FLAGS = ['--single-threaded', '--predictable', '--predictable-gc-schedule', '--random-seed=1', '--hash-seed=1'];

/** The total instructions (Ir) of a callgrind output file, from its `summary:` or `totals:` line. */
export function totalInstructions(text) {
  const match = /^(?:summary|totals):\s+(\d+)/m.exec(text);
  if (!match) throw new Error('no summary: or totals: line in the callgrind output');
  return Number(match[1]);
}

/** Runs one case under callgrind with `warmup` then `count` requests; resolves with the total instructions. */
export async function countInstructions(id, warmup, count, outDir, layout = 0) {
  const out = join(outDir, `${id}.${layout}.${warmup}.${count}.callgrind`);
  await run(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, ...NODE_FLAGS, CASE_SCRIPT, id, String(warmup), String(count)],
    { env: { NODE_ENV: environmentOf(id), BENCH_LAYOUT: String(layout) }, timeoutMs: 1_800_000 },
  );
  const total = totalInstructions(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return total;
}
