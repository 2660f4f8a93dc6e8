// What only the Fastify plugin does; the shared behaviour is in test/contract/ (run on Fastify too).
import createFastifyError from '@fastify/error';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import createHttpError from 'http-errors';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import errataDefault, { errataPlugin } from '../../src/adapters/fastify/index.js';
import { InternalServerError, NotFound, type Catalog, PayloadTooLarge, UnprocessableEntity, UnsupportedMediaType, type HttpError } from '../../src/index.js';
import { rawRequest, readResponse } from '../contract/server.js';

const D404 = new NotFound().description;
const D413 = new PayloadTooLarge().description;
const D415 = new UnsupportedMediaType().description;
const D422 = new UnprocessableEntity().description;
const D500 = new InternalServerError().description;

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A Fastify app on a real socket: `setup` adds routes (and the plugin, unless `plugin` is false). */
async function serve(setup: (app: FastifyInstance) => void | Promise<void>, options: Parameters<typeof errataPlugin>[1] | false = { production: true }, fastifyOptions = {}) {
  // No request id of Fastify's own ('req-1', which errata echoes), so that bodies compare exactly; one test sets it.
  const app = Fastify({ genReqId: () => '', ...fastifyOptions });
  apps.push(app);
  if (options !== false) await app.register(errataPlugin, options);
  await setup(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const userSchema = {
  body: {
    type: 'object',
    required: ['email'],
    properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 0 } },
  },
} as const;

describe('errata/fastify', () => {
  it('the default export is errataPlugin, made with fastify-plugin so it applies to the whole app', () => {
    expect(errataDefault).toBe(errataPlugin);
    expect((errataPlugin as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')]).toBe(true);
    expect((errataPlugin as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')]).toBe('errata');
  });

  it('answers an errata error thrown by a route, sync or async', async () => {
    const url = await serve((app) => {
      app.get('/sync', () => {
        throw new NotFound('User 42 does not exist', { code: 'USER_NOT_FOUND' });
      });
      app.get('/async', async () => {
        await Promise.resolve();
        throw new NotFound('User 42 does not exist', { code: 'USER_NOT_FOUND' });
      });
    });
    for (const path of ['/sync', '/async']) {
      const res = await request(url).get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'User 42 does not exist', code: 'USER_NOT_FOUND', description: D404, retryable: false });
    }
  });

  it('applies to routes of encapsulated child plugins registered after it', async () => {
    const url = await serve(async (app) => {
      await app.register(async (child) => {
        child.get('/inside', () => {
          throw new NotFound();
        });
      }, { prefix: '/child' });
    });
    const res = await request(url).get('/child/inside');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: D404, retryable: false });
  });

  it('applies to routes added after it, awaited or not; a route added before it keeps Fastify\'s handler (register it first)', async () => {
    const app = Fastify({ genReqId: () => '' });
    apps.push(app);
    app.get('/before', () => {
      throw new NotFound();
    });
    void app.register(errataPlugin, { production: true });
    app.get('/after', () => {
      throw new NotFound();
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const before = await request(url).get('/before');
    expect(before.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    const after = await request(url).get('/after');
    expect(after.body).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: D404, retryable: false });
  });

  it("answers an unmatched route with errata's 404 naming method and path, never the query (Fastify says `Route GET:/nope?token=… not found`)", async () => {
    const url = await serve(() => undefined);
    const res = await request(url).post('/nope/deeper?token=secret');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: 'Cannot POST /nope/deeper', description: D404, retryable: false });
    expect(res.text).not.toContain('secret');
  });

  it('notFound: false leaves the not-found handler to the app', async () => {
    const url = await serve((app) => {
      app.setNotFoundHandler((_request, reply) => void reply.code(404).send('custom'));
    }, { notFound: false });
    const res = await request(url).get('/nope');
    expect(res.status).toBe(404);
    expect(res.text).toBe('custom');
  });

  it('a 500 sends the documented text, not err.message as Fastify\'s default handler does', async () => {
    const route = (app: FastifyInstance) => {
      app.get('/broken', () => {
        throw new Error('database password=hunter2');
      });
    };
    // The control: Fastify's own handler sends the message.
    const plain = await request(await serve(route, false)).get('/broken');
    expect(plain.status).toBe(500);
    expect(plain.text).toContain('hunter2');
    const res = await request(await serve(route, { production: true, logger: false })).get('/broken');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: D500, retryable: false });
  });

  describe('schema validation', () => {
    it('a body failing its schema is a 422 with a field error per failure and code FST_ERR_VALIDATION', async () => {
      const url = await serve((app) => {
        app.post('/users', { schema: userSchema }, () => ({ ok: true }));
      }, { production: true }, { ajv: { customOptions: { allErrors: true } } });
      const res = await request(url).post('/users').send({ age: -1 });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        status: 422,
        error: 'Unprocessable Entity',
        message: 'Validation failed',
        code: 'FST_ERR_VALIDATION',
        description: D422,
        retryable: false,
        details: [
          { field: 'email', message: "must have required property 'email'", code: 'required' },
          { field: 'age', message: 'must be >= 0', code: 'minimum' },
        ],
      });
    });

    it('a querystring failing its schema is a 422 naming the parameter', async () => {
      const url = await serve((app) => {
        app.get('/items', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }, () => ({ ok: true }));
      });
      const res = await request(url).get('/items?limit=many');
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([{ field: 'limit', message: 'must be integer', code: 'type' }]);
    });
  });

  describe("Fastify's own errors keep their meaning", () => {
    it('an unsupported Content-Type is a 415 with its code', async () => {
      const url = await serve((app) => {
        app.post('/users', () => ({ ok: true }));
      });
      const res = await request(url).post('/users').set('Content-Type', 'application/x-unknown').send('data');
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        status: 415,
        error: 'Unsupported Media Type',
        message: 'Unsupported Media Type',
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        description: D415,
        retryable: false,
      });
    });

    it('a body over bodyLimit is a 413 with its code', async () => {
      const url = await serve((app) => {
        app.post('/users', { bodyLimit: 16 }, () => ({ ok: true }));
      });
      const res = await request(url).post('/users').send({ name: 'x'.repeat(64) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        status: 413,
        error: 'Request Entity Too Large',
        message: 'Request body is too large',
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
        description: D413,
        retryable: false,
      });
    });

    it('an @fastify/error error keeps its status, code and (4xx) message; a 5xx one hides its message in production', async () => {
      const Locked = createFastifyError('APP_ACCOUNT_LOCKED', 'Account %s is locked', 423);
      const Upstream = createFastifyError('APP_UPSTREAM', 'upstream at %s failed', 502);
      const url = await serve((app) => {
        app.get('/locked', () => {
          throw new Locked('u-7');
        });
        app.get('/upstream', () => {
          throw new Upstream('10.0.0.7');
        });
      });
      const locked = await request(url).get('/locked');
      expect(locked.status).toBe(423);
      expect(locked.body).toMatchObject({ status: 423, error: 'Locked', message: 'Account u-7 is locked', code: 'APP_ACCOUNT_LOCKED' });
      const upstream = await request(url).get('/upstream');
      expect(upstream.status).toBe(502);
      expect(upstream.body).toMatchObject({ status: 502, error: 'Bad Gateway', message: 'Bad Gateway', code: 'APP_UPSTREAM' });
      expect(upstream.text).not.toContain('10.0.0.7');
    });

    it("http-errors (what @fastify/sensible's httpErrors make) keep their status and message", async () => {
      const url = await serve((app) => {
        app.get('/gone', () => {
          throw createHttpError(410, 'This link expired');
        });
      });
      const res = await request(url).get('/gone');
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ status: 410, error: 'Gone', message: 'This link expired' });
    });

    it("a mapping of the app's own comes before the Fastify mapping", async () => {
      const url = await serve((app) => {
        app.post('/users', { schema: userSchema }, () => ({ ok: true }));
      }, { production: true, map: [[(e) => (e as { code?: unknown }).code === 'FST_ERR_VALIDATION', () => new NotFound('mapped')]] });
      const res = await request(url).post('/users').send({});
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('mapped');
    });
  });

  it('writes through the reply, so onSend hooks see errata\'s body and can change it', async () => {
    const seen: unknown[] = [];
    const url = await serve((app) => {
      app.addHook('onSend', async (_request, reply, payload) => {
        seen.push(payload);
        reply.header('X-Seen-By-Hook', '1');
        return payload;
      });
      app.get('/missing', () => {
        throw new NotFound();
      });
    });
    const res = await request(url).get('/missing');
    expect(res.status).toBe(404);
    expect(res.headers['x-seen-by-hook']).toBe('1');
    expect(seen).toEqual([res.text]);
  });

  it('drops success headers set on the reply or on Node\'s response before the error, keeps CORS, merges Vary', async () => {
    const url = await serve((app) => {
      app.get('/x', (_request, reply) => {
        reply.header('ETag', '"v1"').header('Content-Encoding', 'gzip').header('Access-Control-Allow-Origin', 'https://app.test').header('Vary', 'Origin');
        reply.raw.setHeader('Last-Modified', 'Tue, 01 Jan 2030 00:00:00 GMT');
        throw new NotFound();
      });
    });
    const res = await request(url).get('/x');
    expect(res.status).toBe(404);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBe('https://app.test');
    expect(res.headers.vary).toBe('Origin, Accept');
  });

  it('answers HEAD with the headers GET would have and no body', async () => {
    const url = await serve((app) => {
      app.get('/missing', () => {
        throw new NotFound();
      });
    });
    const get = await request(url).get('/missing');
    const head = await request(url).head('/missing');
    expect(head.status).toBe(404);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.text).toBeUndefined();
    // Fastify's HEAD route measures the body it is given: errata gives GET's, and Node drops it.
    const raw = await rawRequest(url, ['HEAD /missing HTTP/1.1']);
    expect(raw.after).toBe('');
    const unmatched = await rawRequest(url, ['HEAD /nope HTTP/1.1']);
    expect(unmatched.status).toBe(404);
    // `Cannot HEAD /nope` is one byte longer than GET's message.
    expect(unmatched.headers['content-length']).toBe(String(Buffer.byteLength((await request(url).get('/nope')).text) + 1));
    expect(unmatched.after).toBe('');
  });

  it('leaves a hijacked reply alone', async () => {
    const url = await serve((app) => {
      app.get('/hijacked', async (_request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, { 'Content-Type': 'text/plain' });
        reply.raw.end('mine');
        throw new NotFound();
      });
    });
    const res = await readResponse(url, '/hijacked');
    expect(res).toEqual({ status: 200, body: 'mine', complete: true });
  });

  it('cuts a response whose headers are already out, so the client sees it incomplete', async () => {
    const url = await serve((app) => {
      app.get('/partial', async (_request, reply) => {
        reply.raw.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
        reply.raw.write('partial');
        throw new NotFound();
      });
    });
    const res = await readResponse(url, '/partial');
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
  });

  it("echoes Fastify's request id when the client sends none, and an X-Request-Id first", async () => {
    const url = await serve((app) => {
      app.get('/missing', () => {
        throw new NotFound();
      });
    }, { production: true }, { genReqId: () => 'fastify-id-1' });
    const own = await request(url).get('/missing');
    expect(own.headers['x-request-id']).toBe('fastify-id-1');
    expect(own.body.requestId).toBe('fastify-id-1');
    const given = await request(url).get('/missing').set('X-Request-Id', 'client-2');
    expect(given.headers['x-request-id']).toBe('client-2');
  });

  it('passes the Fastify request to onError, with the original error; errorLogLevel picks the level', async () => {
    const onError = vi.fn();
    const levels: string[] = [];
    const logger = { info: () => void levels.push('info'), warn: () => void levels.push('warn'), error: () => void levels.push('error') };
    let seen: FastifyRequest | undefined;
    const thrown = new NotFound();
    const url = await serve((app) => {
      app.get('/x', (req) => {
        seen = req;
        throw thrown;
      });
    }, { onError, logger, errorLogLevel: () => 'info' });
    await request(url).get('/x').expect(404);
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, context] = onError.mock.calls[0] as [HttpError, { request: unknown; original: unknown }];
    expect(error).toBe(thrown);
    expect(context.request).toBe(seen);
    expect(context.original).toBe(thrown);
    expect(levels).toEqual(['info']);
  });

  it('a logLevel function given from JavaScript is used too (the type names it errorLogLevel)', async () => {
    const levels: string[] = [];
    const logger = { info: () => void levels.push('info'), warn: () => void levels.push('warn') };
    const url = await serve((app) => {
      app.get('/x', () => {
        throw new NotFound();
      });
    }, { logger, logLevel: () => 'info' } as Parameters<typeof errataPlugin>[1]);
    await request(url).get('/x').expect(404);
    expect(levels).toEqual(['info']);
  });

  it("logs through Fastify's own logger when given logger: app.log", async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const app = Fastify({ genReqId: () => '', logger: { stream, level: 'warn' } });
    apps.push(app);
    await app.register(errataPlugin, { production: true, logger: app.log });
    app.get('/broken', () => {
      throw new Error('database password=hunter2');
    });
    const res = await request(await app.listen({ port: 0, host: '127.0.0.1' })).get('/broken');
    expect(res.status).toBe(500);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; status?: number; err?: { message: string }; msg: string });
    expect(logged.filter((line) => line.status === 500)).toMatchObject([{ level: 50, msg: 'Internal Server Error', err: { message: 'database password=hunter2' } }]);
  });

  it("answers errata's bare 500 when its own response cannot be built (a catalogue that throws), and Fastify writes nothing after it", async () => {
    const hostile = new Proxy({} as Catalog, {
      get() {
        throw new Error('catalogue unavailable');
      },
    });
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const url = await serve((app) => {
        app.get('/fail', () => {
          throw new NotFound();
        });
        app.get('/ok', () => 'ok');
      }, { catalog: hostile, logger: false });
      const res = await rawRequest(url, ['GET /fail HTTP/1.1']);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.after).toBe('500 Internal Server Error\n');
      expect((await request(url).get('/ok')).text).toBe('ok');
      expect(write.mock.calls.some(([chunk]) => String(chunk).startsWith('errata: error response failed: Error: catalogue unavailable'))).toBe(true);
    } finally {
      write.mockRestore();
    }
  });

  it('the original Fastify error reaches onError as `original`, and the errata error keeps it as cause', async () => {
    const onError = vi.fn();
    const url = await serve((app) => {
      app.post('/users', { bodyLimit: 16 }, () => ({ ok: true }));
    }, { onError });
    await request(url).post('/users').send({ name: 'x'.repeat(64) }).expect(413);
    const [error, context] = onError.mock.calls[0] as [HttpError, { original: { code: string } }];
    expect(context.original.code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    expect(error.cause).toBe(context.original);
  });
});
