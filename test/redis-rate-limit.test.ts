import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses } from '../src/catalog/statuses.js';

const redisAvailable = spawnSync('redis-server', ['--version']).status === 0;
// The default reporter prints neither titles of skipped tests nor why: say it at collection time.
if (!redisAvailable) console.warn('test/redis-rate-limit.test.ts: the two-process test is skipped, redis-server is not installed (apt-get install -y redis-server)');
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/redis-rate-limit-server.ts', import.meta.url));
const LIMIT = 5;
const WINDOW_SECONDS = 60;
const START_TIMEOUT = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves with the first stdout match of `pattern`; rejects if the process exits or START_TIMEOUT passes first. */
function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${START_TIMEOUT} ms:\n${output}`)), START_TIMEOUT);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('express-rate-limit with rate-limit-redis, two server processes, one redis-server', () => {
  let redis: ChildProcess | undefined;
  const servers: ChildProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    if (!redisAvailable) return;
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitFor(redis, /Ready to accept connections/, 'redis-server');
    for (let index = 0; index < 2; index++) {
      const server = spawn(process.execPath, ['--import', 'tsx', fixture], {
        cwd: root,
        env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, LIMIT: String(LIMIT), WINDOW_MS: String(WINDOW_SECONDS * 1000) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      servers.push(server);
      const [, serverPort] = await waitFor(server, /listening (\d+)\n/, `server ${index + 1}`);
      urls.push(`http://127.0.0.1:${serverPort}`);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map(stop));
    await stop(redis);
  });

  const title = 'the limit holds across both processes, and every 429 is errata’s with a Retry-After agreeing with RateLimit-*';
  it.skipIf(!redisAvailable)(redisAvailable ? title : `${title} (skipped: redis-server not installed)`, async () => {
    const answers: Array<{ server: number; status: number; headers: Headers; body: unknown }> = [];
    // Alternate between the two instances: 5 allowed in total, then 429 from either.
    for (let index = 0; index < LIMIT + 4; index++) {
      const server = index % 2;
      const response = await fetch(`${urls[server]}/ping`, { headers: { Accept: 'application/json' } });
      answers.push({ server, status: response.status, headers: response.headers, body: await response.json() });
    }

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
    // One counter for both: RateLimit-Remaining goes down by one per request whichever instance answers it.
    expect(answers.slice(0, LIMIT).map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(new Set(answers.slice(0, LIMIT).map((answer) => (answer.body as { pid: number }).pid)).size).toBe(2);

    const limited = answers.slice(LIMIT);
    expect(new Set(limited.map((answer) => answer.server))).toEqual(new Set([0, 1]));
    for (const { headers, body } of limited) {
      const reset = Number(headers.get('ratelimit-reset'));
      expect(Number.isInteger(reset) && reset >= 1 && reset <= WINDOW_SECONDS).toBe(true);
      expect(headers.get('retry-after')).toBe(String(reset));
      expect(headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(headers.get('ratelimit-remaining')).toBe('0');
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(body).toEqual({
        status: 429,
        error: 'Too Many Requests',
        message: 'Too Many Requests',
        description: statuses[429].description,
        retryable: true,
        retryAfter: reset,
      });
    }
    // The window lives in Redis: both instances count down to the same reset (a second apart at most, by rounding).
    const resets = limited.map((answer) => Number(answer.headers.get('ratelimit-reset')));
    expect(Math.max(...resets) - Math.min(...resets)).toBeLessThanOrEqual(1);
  });
});
