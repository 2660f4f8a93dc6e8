import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kilo, markdownTable, ratio } from '../lib/table.mjs';

/** The Markdown table of an instruction-count run, with the repeat's spread under it. */
export function instructionTable({ rows, repeated }) {
  const table = markdownTable(['case', 'instructions / request', '× floor'], rows.map((r) => [r.label, kilo(r.perRequest), ratio(r.timesFloor)]));
  if (!repeated) return table;
  const difference = Math.abs(repeated.second - repeated.first) / repeated.first;
  return `${table}\n\nRepeat of ${repeated.id} in two fresh processes: ${kilo(repeated.first)} then ${kilo(repeated.second)} (${(difference * 100).toFixed(2)}% apart).`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(instructionTable(JSON.parse(readFileSync(process.argv[2], 'utf8'))));
}
