import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, range } from '../lib/stats.mjs';
import { kilo, markdownTable, ratio } from '../lib/table.mjs';

const FLOOR_OF = { koa: 'koa-floor', express: 'express-floor', fastify: 'fastify-floor', hono: 'hono-floor' };

/**
 * One row per case from per-layout counts (`{ id, layout, perRequest }`): the median count and its range, and
 * "× floor" as the median of per-layout ratios (the floor counted in the same layout). A case counted in fewer
 * layouts than its floor is divided into the floor's median.
 */
export function summariseCounts(results, cases) {
  const countsOf = (id) =>
    results
      .filter((r) => r.id === id)
      .sort((a, b) => a.layout - b.layout)
      .map((r) => r.perRequest);
  return Object.keys(cases).map((id) => {
    const { label, framework } = cases[id];
    const counts = countsOf(id);
    const floors = countsOf(FLOOR_OF[framework]);
    const ratios = floors.length === counts.length ? counts.map((count, i) => floors[i] / count) : floors.length > 0 ? [median(floors) / median(counts)] : [];
    return {
      id,
      label,
      framework,
      counts,
      perRequest: median(counts),
      perRequestRange: range(counts),
      timesFloor: ratios.length > 0 ? median(ratios) : NaN,
      timesFloorRange: ratios.length > 0 ? range(ratios) : [NaN, NaN],
    };
  });
}

// No range where there is one layout, or where the figures round alike.
function spread([low, high], format) {
  if (!Number.isFinite(low) || format(low) === format(high)) return '';
  return ` (${format(low)}–${format(high)})`;
}

/** The Markdown table of an instruction-count run: medians across heap layouts, with their range. */
export function instructionTable({ rows }) {
  return markdownTable(
    ['case', 'instructions / request (median, min–max)', '× floor (median, min–max)'],
    rows.map((r) => [r.label, `${kilo(r.perRequest)}${spread(r.perRequestRange, kilo)}`, `${ratio(r.timesFloor)}${spread(r.timesFloorRange, ratio)}`]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(instructionTable(JSON.parse(readFileSync(process.argv[2], 'utf8'))));
}
