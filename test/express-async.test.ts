// asyncHandler: Express 4 ignores the promise a route returns, so a rejection there crashes the process.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import express from 'express';
import express4 from 'express4';
import type { Express, NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asyncHandler, createErrorHandler } from '../src/adapters/express/index.js';
import { NotFound, catalog } from '../src/index.js';
import { root } from './support/dist.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const D404 = catalog[404].description;
const D500 = catalog[500].description;
const INTERNAL = { status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: D500, retryable: false };

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const versions: ReadonlyArray<readonly [string, () => Express]> = [
  ['Express 4', () => express4() as unknown as Express],
  ['Express 5', () => express()],
];

let unhandled: ReturnType<typeof vi.fn<(reason: unknown) => void>>;

beforeEach(() => {
  unhandled = vi.fn<(reason: unknown) => void>();
  process.on('unhandledRejection', unhandled);
});

afterEach(async () => {
  // A rejection is reported as unhandled after the microtask queue drains: give it a turn before looking.
  await tick();
  process.off('unhandledRejection', unhandled);
  expect(unhandled).not.toHaveBeenCalled();
});

describe.each(versions)('asyncHandler on %s', (_version, makeApp) => {
  it("answers a rejecting async route with errata's response (the README's example, wrapped)", async () => {
    const app = makeApp();
    app.get(
      '/users/:id',
      asyncHandler(async (req) => {
        await tick();
        throw new NotFound(`User ${String(req.params.id)} does not exist`, { code: 'USER_NOT_FOUND' });
      }),
    );
    app.use(createErrorHandler({ production: true }));
    const res = await request(app).get('/users/42');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', code: 'USER_NOT_FOUND', description: D404, retryable: false });
  });

  it('reports each rejection to the error handler exactly once (Express 5 does not see the promise again)', async () => {
    const app = makeApp();
    const onError = vi.fn();
    const boom = new Error('database down');
    app.get(
      '/x',
      asyncHandler(async () => {
        await tick();
        throw boom;
      }),
    );
    app.use(createErrorHandler({ production: true, onError, logger: false }));
    const res = await request(app).get('/x');
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    await tick();
    expect(onError).toHaveBeenCalledTimes(1);
    // The handler gets errata's 500 with the original as its cause.
    expect((onError.mock.calls[0]?.[0] as Error).cause).toBe(boom);
  });

  it('passes a rejection with no value on as an error (a 500), not as "no error" that would fall through to a 404', async () => {
    const app = makeApp();
    const onError = vi.fn();
    app.get(
      '/x',
      asyncHandler(() => Promise.reject(undefined)),
    );
    app.use((_req: Request, res: Response) => void res.status(200).send('fell through'));
    app.use(createErrorHandler({ production: true, onError, logger: false }));
    const res = await request(app).get('/x');
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    const cause = (onError.mock.calls[0]?.[0] as Error).cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe('Rejected promise');
  });

  it('leaves a synchronous throw to Express, which answers it the same way', async () => {
    const app = makeApp();
    app.get(
      '/x',
      asyncHandler(() => {
        throw new NotFound('Gone already');
      }),
    );
    app.use(createErrorHandler({ production: true }));
    const res = await request(app).get('/x');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Gone already', description: D404, retryable: false });
  });

  it('runs as a route handler, not as error middleware: a resolved route answers, next() goes on to the next route', async () => {
    const app = makeApp();
    app.get(
      '/users/:id',
      asyncHandler(async (req, res, next) => {
        await tick();
        if (req.params.id === 'me') return next();
        res.status(200).json({ id: req.params.id });
      }),
    );
    app.get('/users/me', (_req: Request, res: Response) => void res.status(200).json({ id: 'self' }));
    app.use(createErrorHandler({ production: true }));
    const found = await request(app).get('/users/7');
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: '7' });
    const me = await request(app).get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: 'self' });
  });

  it('works as router-level middleware before the routes', async () => {
    const app = makeApp();
    app.use(
      asyncHandler(async (req, _res, next) => {
        await tick();
        if (req.headers.authorization === undefined) throw new NotFound('No such thing here');
        next();
      }),
    );
    app.get('/x', (_req: Request, res: Response) => void res.status(200).send('ok'));
    app.use(createErrorHandler({ production: true }));
    const denied = await request(app).get('/x');
    expect(denied.status).toBe(404);
    expect(denied.body.message).toBe('No such thing here');
    const allowed = await request(app).get('/x').set('Authorization', 'Bearer t');
    expect(allowed.status).toBe(200);
    expect(allowed.text).toBe('ok');
  });
});

describe('asyncHandler itself', () => {
  it('has three parameters, so Express never takes it for error middleware, and returns nothing for Express 5 to await', () => {
    const wrapped = asyncHandler(async () => undefined);
    expect(wrapped.length).toBe(3);
    const next = vi.fn();
    expect(wrapped({} as Request, {} as Response, next as NextFunction)).toBeUndefined();
  });

  it('refuses error middleware (four parameters) and non-functions with a TypeError', () => {
    const errorMiddleware = (_err: unknown, _req: Request, _res: Response, _next: NextFunction): void => undefined;
    expect(() => asyncHandler(errorMiddleware as never)).toThrow(
      new TypeError('asyncHandler: wraps route handlers (req, res, next); error middleware has four parameters and cannot be wrapped'),
    );
    expect(() => asyncHandler(undefined as never)).toThrow(new TypeError('asyncHandler: expected a route handler function, not undefined'));
  });
});

describe('why asyncHandler exists', () => {
  it('without it, a rejecting async route crashes an Express 4 process (an unhandled rejection) and the request gets no answer', async () => {
    const script = `
      import express from 'express4';
      const app = express();
      app.get('/users/:id', async (req) => { await null; throw new Error('User ' + req.params.id + ' does not exist'); });
      const server = app.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve) => child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim()))));
    const outcome = await new Promise<string>((resolve) => {
      get(`http://127.0.0.1:${port}/users/42`, (res) => resolve(`answered ${String(res.statusCode)}`)).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    expect(outcome).toBe('ECONNRESET');
    expect(await exited).toBe(1);
    expect(stderr).toContain('Error: User 42 does not exist');
  });
});
