// The Fastify and Hono verdicts, read from an instruction-count run's rows (instructions.json, or the adapters'
// own run): per framework, its floor, its bare error path, its own error handling and errata, and the two
// targets: errata ≤ 1.05× the bare error path, and cheaper than the framework's own handling.
// `node bench/adapters.mjs bench/.out/adapters.json` prints the table of a saved run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kilo, markdownTable, ratio } from './lib/table.mjs';

export const ADAPTER_CASES = {
  Fastify: { floor: 'fastify-floor', bare: 'fastify-bare-error', own: 'fastify-default', errata: 'errata-fastify' },
  Hono: { floor: 'hono-floor', bare: 'hono-bare-error', own: 'hono-http-exception', errata: 'errata-hono' },
};

/** Rows of framework, the four counts, errata ÷ bare with its verdict, errata ÷ own with its verdict. */
export function adapterRows(rows) {
  const byId = Object.fromEntries(rows.map((row) => [row.id, row.perRequest]));
  const count = (id) => (Number.isFinite(byId[id]) ? kilo(byId[id]) : 'not measured');
  const verdict = (value, met) => (Number.isFinite(value) ? `${ratio(value)}× ${met ? 'yes' : '**no**'}` : '–');
  return Object.entries(ADAPTER_CASES).map(([framework, ids]) => {
    const overBare = byId[ids.errata] / byId[ids.bare];
    const overOwn = byId[ids.errata] / byId[ids.own];
    return [
      framework,
      count(ids.floor),
      count(ids.bare),
      count(ids.own),
      count(ids.errata),
      verdict(overBare, overBare <= 1.05),
      verdict(overOwn, overOwn < 1),
    ];
  });
}

/** The Markdown table of {@link adapterRows}. */
export function adapterTable(rows) {
  return markdownTable(
    ['framework', 'floor', 'bare error path', "framework's own handling", 'errata', 'errata ÷ bare (≤ 1.05)', 'errata ÷ own (< 1)'],
    adapterRows(rows),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(adapterTable(JSON.parse(readFileSync(process.argv[2], 'utf8')).rows));
}
