// Micro benchmarks in a child process with NODE_ENV=production (4xx skip stack capture only there).
// `node bench/micro/run.mjs [--time 300] [--out file.json]`
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../lib/args.mjs';
import { ensureBuilt } from '../lib/build.mjs';
import { run } from '../lib/processes.mjs';
import { markdownTable } from '../lib/table.mjs';

const TASKS = fileURLToPath(new URL('./tasks.mjs', import.meta.url));
const options = parseArgs(process.argv.slice(2), { time: 300, out: '' });
await ensureBuilt();
const { stdout } = await run(process.execPath, [TASKS, String(options.time)], { env: { NODE_ENV: 'production' } });
const results = JSON.parse(stdout);
if (options.out) writeFileSync(options.out, JSON.stringify(results, null, 2));

const ns = (value) => Math.round(value).toLocaleString('en');
for (const [group, tasks] of Object.entries(results)) {
  const first = tasks[0].opsPerSec;
  console.log(`\n${group}\n`);
  console.log(
    markdownTable(
      ['task', 'ops/s (from the median)', 'ns/op (median of 3 rounds, min–max)', `× ${tasks[0].name}`],
      tasks.map((t) => [
        t.name,
        Math.round(t.opsPerSec).toLocaleString('en'),
        `${ns(t.nsPerOp)} (${ns(Math.min(...t.nsPerRound))}–${ns(Math.max(...t.nsPerRound))})`,
        (t.opsPerSec / first).toFixed(2),
      ]),
    ),
  );
}
