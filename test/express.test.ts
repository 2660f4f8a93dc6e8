// What only the Express adapter does; the shared behaviour is in test/contract/ (run on Express 4 and 5 too).
import express from 'express';
import express4 from 'express4';
import type { ErrorRequestHandler, Request } from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createErrorHandler, errorHandler, notFound } from '../src/adapters/express/index.js';
import { NotFound, type HttpError } from '../src/index.js';
import { listen, readResponse, type TestServer } from './contract/server.js';

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';

describe('errata/express', () => {
  it('errorHandler and createErrorHandler() have four parameters, as Express requires of error middleware', () => {
    expect(errorHandler.length).toBe(4);
    expect(createErrorHandler().length).toBe(4);
    expect(createErrorHandler({ production: true, onError: () => undefined }).length).toBe(4);
  });

  it('Express 5: a rejected promise from an async route reaches the handler', async () => {
    const app = express();
    app.get('/users/:id', async (req) => {
      await Promise.resolve();
      throw new NotFound(`User ${req.params.id} does not exist`);
    });
    app.use(createErrorHandler({ production: true }));
    const res = await request(app).get('/users/42');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', description: D404, retryable: false });
  });

  it('notFound names the method and path, never the query string', async () => {
    const app = express();
    app.use(notFound);
    app.use(createErrorHandler({ production: true }));
    const res = await request(app).post('/nope/deeper?token=secret');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Cannot POST /nope/deeper');
    expect(res.text).not.toContain('secret');
  });

  it('passes Express req to onError and requestId', async () => {
    const seen: Request[] = [];
    const app = express();
    app.get('/x', (req) => {
      seen.push(req);
      throw new NotFound();
    });
    const onError = vi.fn();
    app.use(createErrorHandler({ onError, requestId: (req) => (seen.push(req), 'custom-1') }));
    const res = await request(app).get('/x');
    expect(res.headers['x-request-id']).toBe('custom-1');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ request: seen[0], requestId: 'custom-1' });
  });

  it.each([
    ['a number', 7, '7'],
    ['a string', 'req-from-logger', 'req-from-logger'],
  ])('falls back to req.id (%s) when X-Request-Id is absent or unsafe', async (_what, id, echoed) => {
    const app = express();
    app.use((req, _res, next) => {
      (req as Request & { id: unknown }).id = id;
      next();
    });
    app.use(notFound);
    app.use(errorHandler);
    const absent = await request(app).get('/nope');
    expect(absent.headers['x-request-id']).toBe(echoed);
    expect(absent.body.requestId).toBe(echoed);
    const unsafe = await request(app).get('/nope').set('X-Request-Id', 'not safe!');
    expect(unsafe.headers['x-request-id']).toBe(echoed);
    const header = await request(app).get('/nope').set('X-Request-Id', 'from-header');
    expect(header.headers['x-request-id']).toBe('from-header');
  });

  describe.each([
    ['Express 4', express4],
    ['Express 5', express],
  ])('%s: after the headers were sent', (_name, framework) => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    function streamingApp(onError: (error: HttpError) => void, after?: ErrorRequestHandler) {
      const app = framework();
      app.get('/stream', (_req, res, next) => {
        res.setHeader('Content-Type', 'text/plain');
        res.write('first half of the body, ');
        // The failure comes later, as from a stream or a template mid-render.
        setTimeout(() => next(new Error('disk read failed')), 5);
      });
      app.get('/ok', (_req, res) => void res.send('fine'));
      app.use(createErrorHandler({ onError }));
      if (after) app.use(after);
      return app;
    }

    it('closes the unfinished response itself, passes nothing on (no second report, no second close), and calls onError once', async () => {
      const onError = vi.fn();
      const passed: unknown[] = [];
      const after: ErrorRequestHandler = (error, _req, res, _next) => {
        passed.push(error);
        res.end();
      };
      server = await listen(streamingApp(onError, after));
      const res = await readResponse(server.url, '/stream');
      expect(res.body).toBe('first half of the body, ');
      expect(res.complete).toBe(false);
      expect(passed).toEqual([]);
      expect(onError).toHaveBeenCalledTimes(1);
      expect((onError.mock.calls[0]?.[0] as HttpError).status).toBe(500);
    });

    it('the client sees a cut-off response (errata closes the connection) and the server answers the next request', async () => {
      const onError = vi.fn();
      server = await listen(streamingApp(onError));
      const res = await readResponse(server.url, '/stream');
      expect(res.status).toBe(200);
      expect(res.body).toBe('first half of the body, ');
      expect(res.complete).toBe(false);
      expect(onError).toHaveBeenCalledTimes(1);
      const next = await readResponse(server.url, '/ok');
      expect(next).toEqual({ status: 200, body: 'fine', complete: true });
    });
  });
});
