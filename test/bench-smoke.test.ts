// The benchmarks with tiny sizes, so that they cannot rot: every case script answers correctly (each checks
// status, headers and body itself and exits non-zero otherwise), and every other part runs to the end.
// No valgrind and no autocannon rounds here: `npm run bench` does the measuring.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bench = (path: string) => `${root}bench/${path}`;

// Plain JS modules: imported through a variable so that TypeScript does not look for their types.
async function load<T>(path: string): Promise<T> {
  const specifier = bench(path);
  return (await import(specifier)) as T;
}

type Cases = { CASE_IDS: Record<string, string[]>; environmentOf: (id: string) => string; loadCase: (id: string) => Promise<unknown> };
let cases: Cases;

beforeAll(async () => {
  // Only when missing: a rebuild would swap the code under a benchmark run someone started.
  const { ensureBuilt } = await load<{ ensureBuilt: (options: { ifMissing: boolean }) => Promise<boolean> }>('lib/build.mjs');
  await ensureBuilt({ ifMissing: true });
  cases = await load<Cases>('cases/index.mjs');
}, 60_000);

function node(args: string[], env: Record<string, string>) {
  return run(process.execPath, args, { env: { ...process.env, ...env }, timeout: 30_000, maxBuffer: 1 << 20 });
}

describe('benchmark case scripts', () => {
  it('every case answers correctly when injected (2 warm-up + 2 measured requests each)', async () => {
    const ids = Object.values(cases.CASE_IDS).flat();
    expect(ids.length).toBe(28);
    // Each adapter's four: the framework's floor, its bare error path, its own error handling, and errata.
    expect(cases.CASE_IDS.fastify).toEqual(['fastify-floor', 'fastify-bare-error', 'fastify-default', 'errata-fastify']);
    expect(cases.CASE_IDS.hono).toEqual(['hono-floor', 'hono-bare-error', 'hono-http-exception', 'errata-hono']);
    // One process per environment: 4xx stack capture is decided from NODE_ENV when errata loads.
    const development = ids.filter((id) => cases.environmentOf(id) === 'development');
    const production = ids.filter((id) => cases.environmentOf(id) === 'production');
    expect(development).toEqual(['errata-express-dev']);
    const [prod, dev] = await Promise.all([
      node([bench('instructions/case.mjs'), production.join(','), '2', '2'], { NODE_ENV: 'production' }),
      node([bench('instructions/case.mjs'), development.join(','), '2', '2'], { NODE_ENV: 'development' }),
    ]);
    expect(prod.stdout).toBe(production.map((id) => `${id} ok 2+2\n`).join(''));
    expect(dev.stdout).toBe('errata-express-dev ok 2+2\n');
  }, 50_000);

  it('a case that answers wrongly fails loudly', async () => {
    // errata-express-dev expects a stack in the body, which production mode must not send.
    await expect(node([bench('instructions/case.mjs'), 'errata-express-dev', '0', '0'], { NODE_ENV: 'production' })).rejects.toThrow(
      /case errata-express-dev answers wrongly:\n {2}body stack undefined, expected a stack/,
    );
  });

  it('an unknown case is refused', async () => {
    await expect(node([bench('instructions/case.mjs'), 'no-such-case', '0', '0'], {})).rejects.toThrow(/unknown case no-such-case/);
  });
});

describe('callgrind output', () => {
  it('reads the total instructions from the summary or totals line', async () => {
    const { totalInstructions } = await load<{ totalInstructions: (text: string) => number }>('instructions/callgrind.mjs');
    expect(totalInstructions('events: Ir\nsummary: 1514790532\n')).toBe(1514790532);
    expect(totalInstructions('events: Ir\ntotals: 42\n')).toBe(42);
    expect(() => totalInstructions('events: Ir\n')).toThrow(/no summary: or totals: line/);
  });
});

describe('instruction table', () => {
  type Row = { id: string; perRequest: number; perRequestRange: number[]; timesFloor: number; timesFloorRange: number[] };
  type Table = {
    summariseCounts: (results: { id: string; layout: number; perRequest: number }[], cases: Record<string, { label: string; framework: string }>) => Row[];
    instructionTable: (report: { rows: Row[] }) => string;
  };

  it('takes medians across layouts, and each ratio against the floor counted in the same layout', async () => {
    const { summariseCounts, instructionTable } = await load<Table>('instructions/table.mjs');
    const cases = {
      'express-floor': { label: 'floor', framework: 'express' },
      'errata-express': { label: 'errata', framework: 'express' },
      'express-boom': { label: 'boom', framework: 'express' },
    };
    const results = [
      { id: 'express-floor', layout: 0, perRequest: 600_000 },
      { id: 'express-floor', layout: 1, perRequest: 500_000 },
      { id: 'express-floor', layout: 2, perRequest: 550_000 },
      { id: 'errata-express', layout: 2, perRequest: 500_000 },
      { id: 'errata-express', layout: 0, perRequest: 480_000 },
      { id: 'errata-express', layout: 1, perRequest: 520_000 },
      { id: 'express-boom', layout: 0, perRequest: 1_100_000 },
    ];
    const [floor, errata, boom] = summariseCounts(results, cases) as [Row, Row, Row];
    expect(floor).toMatchObject({ perRequest: 550_000, perRequestRange: [500_000, 600_000], timesFloor: 1, timesFloorRange: [1, 1] });
    // Per layout: 600/480 = 1.25, 500/520 ≈ 0.96, 550/500 = 1.1; not the 550/500 of the two medians.
    expect(errata.perRequest).toBe(500_000);
    expect(errata.timesFloor).toBeCloseTo(1.1, 10);
    expect(errata.timesFloorRange[0]).toBeCloseTo(500 / 520, 10);
    expect(errata.timesFloorRange[1]).toBeCloseTo(1.25, 10);
    // Counted in one layout only: divided into the floor's median.
    expect(boom.timesFloor).toBeCloseTo(0.5, 10);
    const table = instructionTable({ rows: [floor, errata, boom] });
    expect(table).toContain('| errata | 500 k (480 k–520 k) | 1.10 (0.96–1.25) |');
    expect(table).toContain('| boom | 1,100 k | 0.50 |');
  });
});

describe('targets', () => {
  it('reads each verdict from the figures, and says so when a figure is missing', async () => {
    const { targetRows } = await load<{ targetRows: (results: object) => string[][] }>('targets.mjs');
    const verdict = (rows: string[][], start: string) => rows.find((row) => row[0]!.startsWith(start))?.slice(1);
    const rows = targetRows({
      instructions: [
        { id: 'errata-express', perRequest: 480_000, timesFloor: 1.2 },
        { id: 'express-bare-error', perRequest: 470_000, timesFloor: 1.22 },
        { id: 'errata-koa', perRequest: 120_000, timesFloor: 0.8 },
      ],
      http: [{ id: 'errata-express', reqPerSec: 7000, cpuPerRequest: 100, reqRatio: 0.94, cpuRatio: 1.05 }],
      micro: { 'thrown 12 frames deep, caught': [{ name: 'errata `new NotFound()`', opsPerSec: 500 }, { name: 'http-errors `createError(404)`', opsPerSec: 100 }] },
    });
    expect(verdict(rows, 'Express instructions')).toEqual(['1.20× (bare error path 1.22×)', 'yes']);
    expect(verdict(rows, "Express HTTP: errata ≥ 0.95×")).toEqual(['0.94×', '**no**']);
    expect(verdict(rows, 'Express HTTP: errata CPU')).toEqual(['1.05×', 'yes']);
    expect(verdict(rows, 'Koa instructions')).toEqual(['0.80× (bare error path –×)', '**no**']);
    expect(verdict(rows, 'Koa HTTP')).toEqual(['not measured', '–']);
    expect(verdict(rows, 'Express: errata ahead')).toEqual(['not measured', '–']);
    expect(verdict(rows, '`new NotFound()`')).toEqual(['5.00×', 'yes']);
  });
});

describe('HTTP servers', () => {
  it('each HTTP case serves its checked answer on 127.0.0.1 and counts its requests', async () => {
    const { startServer } = await load<{
      startServer: (id: string) => Promise<{ url: string; reset: () => Promise<unknown>; stats: () => Promise<{ requests: number; cpuMicros: number }>; stop: () => void }>;
    }>('http/servers.mjs');
    const server = await startServer('errata-koa');
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/items\/42$/);
      await server.reset();
      for (let i = 0; i < 3; i++) {
        const response = await fetch(server.url);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect((await response.json()) as unknown).toMatchObject({ status: 404, error: 'Not Found', message: 'Not Found', retryable: false });
      }
      const stats = await server.stats();
      expect(stats.requests).toBe(3);
      expect(stats.cpuMicros).toBeGreaterThan(0);
    } finally {
      server.stop();
    }
  });
});

describe('micro, growth and memory benchmarks', () => {
  it('the growth timer checks its case and reports wall time per request and the body size', async () => {
    const { stdout } = await node([bench('growth/time-case.mjs'), 'errata-details-1000', '1', '2'], { NODE_ENV: 'production' });
    const result = JSON.parse(stdout) as { nsPerRequest: number; batches: number[]; bodyBytes: number };
    expect(result.batches).toHaveLength(5);
    expect(result.nsPerRequest).toBeGreaterThan(0);
    expect(result.bodyBytes).toBe(67_096);
  });

  it('the micro benchmark runs every task in production mode', async () => {
    const { stdout } = await node([bench('micro/tasks.mjs'), '5'], { NODE_ENV: 'production' });
    const results = JSON.parse(stdout) as Record<string, { name: string; opsPerSec: number; nsPerOp: number; nsPerRound: number[] }[]>;
    expect(Object.keys(results)).toEqual(['thrown 12 frames deep, caught', 'response function (createErrorRenderer)', 'toHttpError']);
    expect(Object.values(results).map((tasks) => tasks.length)).toEqual([4, 3, 3]);
    for (const task of Object.values(results).flat()) {
      expect(task.opsPerSec).toBeGreaterThan(0);
      // Three rounds, and the figure is their median.
      expect(task.nsPerRound).toHaveLength(3);
      expect(task.nsPerOp).toBe([...task.nsPerRound].sort((a, b) => a - b)[1]);
    }
  });

  it('the micro benchmark refuses development mode, where 4xx capture stacks', async () => {
    await expect(node([bench('micro/tasks.mjs'), '5'], { NODE_ENV: 'development' })).rejects.toThrow(/run with NODE_ENV=production/);
  });

  it('the negotiation benchmark measures every case on Express 5 and Koa 3 and prints the table', async () => {
    const { stdout } = await node(
      [bench('negotiation/run.mjs'), '--refs', '.', '--runs', '1', '--warmup', '20', '--warmupSeconds', '1', '--window', '50', '--requests', '5'],
      { NODE_ENV: 'production' },
    );
    expect(stdout).toContain('ordinary 404');
    expect(stdout).toContain('Express 5');
    expect(stdout).toContain('Koa 3');
  }, 120_000);

  it('the memory benchmark answers its errors and compares the heaps', async () => {
    const { stdout } = await node(['--expose-gc', bench('memory/run.mjs'), '--count', '300', '--batch', '100'], { NODE_ENV: 'production' });
    expect(stdout).toMatch(/^300 errors answered in [\d.]+ s: heap [\d.]+ MB before, [\d.]+ MB after a forced GC \([+-]?-?[\d.]+ MB; limit ±5 MB\), peak [\d.]+ MB\n$/);
  });
});
