// The targets, read from the saved results of each part: each row says what was asked, what was
// measured, and whether it holds, so RESULTS.md cannot claim a target its own tables do not show.
import { ADAPTER_CASES } from './adapters.mjs';
import { kilo, markdownTable, ratio } from './lib/table.mjs';

const PEERS = { express: ['express-http-errors', 'express-boom', 'express-finalhandler'], koa: ['koa-throw'] };

/**
 * Rows of target, measured, met. `instructions` is instructions.json's rows, `http` http.json's summary, `micro`
 * micro.json; a target whose figures are missing reads "not measured".
 */
export function targetRows({ instructions = [], http = [], micro = {} }) {
  const instr = Object.fromEntries(instructions.map((row) => [row.id, row]));
  const web = Object.fromEntries(http.map((row) => [row.id, row]));
  const rows = [];
  const add = (target, measured, met) => rows.push([target, measured ?? 'not measured', measured === undefined ? '–' : met ? 'yes' : '**no**']);
  const atLeast = (value, limit) => Number.isFinite(value) && value >= limit;

  const express = instr['errata-express'];
  const expressBare = instr['express-bare-error'];
  add(
    'Express instructions: errata ≥ 1.15× the floor',
    express && `${ratio(express.timesFloor)}× (bare error path ${expressBare ? ratio(expressBare.timesFloor) : '–'}×)`,
    atLeast(express?.timesFloor, 1.15),
  );
  const expressWeb = web['errata-express'];
  add('Express HTTP: errata ≥ 0.95× the floor\'s req/s', expressWeb && `${ratio(expressWeb.reqRatio)}×`, atLeast(expressWeb?.reqRatio, 0.95));
  add('Express HTTP: errata CPU per request ≤ 1.05× the floor\'s', expressWeb && `${ratio(expressWeb.cpuRatio)}×`, expressWeb?.cpuRatio <= 1.05);
  const koa = instr['errata-koa'];
  const koaBare = instr['koa-bare-error'];
  add('Koa instructions: errata ≥ 0.90× the floor', koa && `${ratio(koa.timesFloor)}× (bare error path ${koaBare ? ratio(koaBare.timesFloor) : '–'}×)`, atLeast(koa?.timesFloor, 0.9));
  const koaWeb = web['errata-koa'];
  add('Koa HTTP: errata ≥ 0.90× the floor\'s req/s', koaWeb && `${ratio(koaWeb.reqRatio)}× (bare error path ${web['koa-bare-error'] ? ratio(web['koa-bare-error'].reqRatio) : '–'}×)`, atLeast(koaWeb?.reqRatio, 0.9));
  // As for Fastify and Hono (below): errata against the hand-written try/catch that answers the same 404.
  const koaOverBare = koa?.perRequest / koaBare?.perRequest;
  add(
    'Koa instructions: errata ≤ 1.05× the bare error path',
    Number.isFinite(koaOverBare) ? `${ratio(koaOverBare)}× (${kilo(koa.perRequest)} against ${kilo(koaBare.perRequest)})` : undefined,
    koaOverBare <= 1.05,
  );

  for (const [framework, peers] of Object.entries(PEERS)) {
    const own = `errata-${framework}`;
    const ahead = peers.every(
      (peer) =>
        instr[peer] && instr[own] && instr[own].perRequest < instr[peer].perRequest && web[peer] && web[own] && web[own].reqPerSec > web[peer].reqPerSec && web[own].cpuPerRequest < web[peer].cpuPerRequest,
    );
    const measured = peers.every((peer) => instr[peer] && web[peer]) && instr[own] && web[own];
    add(`${framework === 'express' ? 'Express' : 'Koa'}: errata ahead of ${peers.join(', ')} on instructions, req/s and CPU`, measured ? (ahead ? 'ahead on all' : 'behind on some') : undefined, ahead);
  }

  // Fastify and Hono: errata against the framework's bare error path (a minimal hand-written handler) and against
  // its own error handling (Fastify's default handler, Hono's HTTPException), in instructions per request.
  const OWN = { Fastify: "Fastify's default error handler", Hono: "Hono's `HTTPException`" };
  for (const [framework, ids] of Object.entries(ADAPTER_CASES)) {
    const errata = instr[ids.errata]?.perRequest;
    const bare = instr[ids.bare]?.perRequest;
    const own = instr[ids.own]?.perRequest;
    const overBare = errata / bare;
    const overOwn = errata / own;
    add(
      `${framework} instructions: errata ≤ 1.05× the bare error path`,
      Number.isFinite(overBare) ? `${ratio(overBare)}× (${kilo(errata)} against ${kilo(bare)})` : undefined,
      overBare <= 1.05,
    );
    add(
      `${framework} instructions: errata cheaper than ${OWN[framework]}`,
      Number.isFinite(overOwn) ? `${ratio(overOwn)}× (${kilo(errata)} against ${kilo(own)})` : undefined,
      overOwn < 1,
    );
  }

  const thrown = micro['thrown 12 frames deep, caught'] ?? [];
  const notFound = thrown.find((task) => task.name.includes('NotFound'));
  const createError = thrown.find((task) => task.name.includes('createError'));
  const times = notFound && createError ? notFound.opsPerSec / createError.opsPerSec : undefined;
  add('`new NotFound()` ≥ 5× `createError(404)` ops/s (production)', times === undefined ? undefined : `${times.toFixed(2)}×`, atLeast(times, 5));
  return rows;
}

/** The targets as a Markdown table. */
export function targetTable(results) {
  return markdownTable(['target', 'measured (medians)', 'met'], targetRows(results));
}
