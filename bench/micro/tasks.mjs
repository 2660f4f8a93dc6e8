// Per-object costs with tinybench, in production mode: printed as JSON for bench/micro/run.mjs.
// `NODE_ENV=production node bench/micro/tasks.mjs [timeMs]`
import Boom from '@hapi/boom';
import createHttpError from 'http-errors';
import { createErrorRenderer, NotFound, toHttpError } from '#errata';
import { Bench } from 'tinybench';

if (process.env.NODE_ENV !== 'production') throw new Error('run with NODE_ENV=production: 4xx stack capture depends on it');
const time = Number(process.argv[2] ?? 300);
const DEPTH = 12;

// Throws from `depth` frames down and catches at the top, as a route deep in a service would.
function deep(depth, make) {
  if (depth === 0) throw make();
  return deep(depth - 1, make) + 1;
}
function thrownFromDepth(make) {
  try {
    deep(DEPTH, make);
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

const render = createErrorRenderer({ production: true });
const notFound = new NotFound();
const foreign = { httpErrors: createHttpError(404), boom: Boom.notFound(), plain: new Error('db down') };
let sink;

const groups = {
  'thrown 12 frames deep, caught': {
    'errata `new NotFound()`': () => (sink = thrownFromDepth(() => new NotFound())),
    'http-errors `createError(404)`': () => (sink = thrownFromDepth(() => createHttpError(404))),
    '`Boom.notFound()`': () => (sink = thrownFromDepth(() => Boom.notFound())),
    '`new Error()`': () => (sink = thrownFromDepth(() => new Error('Not Found'))),
  },
  'response function (createErrorRenderer)': {
    JSON: () => (sink = render(notFound, { accept: 'application/json', method: 'GET', path: '/items/42' })),
    'problem+json': () => (sink = render(notFound, { accept: 'application/problem+json', method: 'GET', path: '/items/42' })),
    HTML: () => (sink = render(notFound, { accept: 'text/html', method: 'GET', path: '/items/42' })),
  },
  toHttpError: {
    'an http-errors error': () => (sink = toHttpError(foreign.httpErrors)),
    'a Boom error': () => (sink = toHttpError(foreign.boom)),
    'a plain `Error`': () => (sink = toHttpError(foreign.plain)),
  },
};

// Each group runs in several rounds (tasks interleaved by round, not one task's samples all at once), and each
// task's figure is the median of its round medians: a round that the shared machine slowed moves it little.
const ROUNDS = 3;
const results = {};
for (const [group, tasks] of Object.entries(groups)) {
  const rounds = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time, warmupTime: Math.min(100, time) });
    for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn, { async: false });
    await bench.run();
    // Medians within a round: a few descheduled samples would drag a mean far off.
    for (const task of bench.tasks) rounds[task.name].push(task.result.latency.p50 * 1e6);
  }
  results[group] = Object.entries(rounds).map(([name, nsPerRound]) => {
    const nsPerOp = [...nsPerRound].sort((a, b) => a - b)[ROUNDS >> 1];
    return { name, nsPerOp, opsPerSec: 1e9 / nsPerOp, nsPerRound };
  });
}
if (sink === undefined) throw new Error('no task ran');
process.stdout.write(JSON.stringify(results));
