import { pino } from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { statuses } from '../src/catalog/statuses.js';
import { NotFound } from '../src/index.js';
import { checkApps } from './integrations/apps.js';

// pino writes synchronously to a plain stream, so every line is there once the response is.
function capture() {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ base: undefined, timestamp: false }, stream), lines };
}

describe.each(checkApps)('$name with logger: pino()', (app) => {
  it('a 5xx is one line at level 50 with the original error, stack included, though the response hides it', async () => {
    const { logger, lines } = capture();
    const thrown = new Error('db password rejected');
    const server = app.build(() => {
      throw thrown;
    }, { production: true, logger });
    const response = await request(server).post('/check').set('X-Request-Id', 'req-1').send({}).expect(500);
    expect(response.body.message).toBe('Internal Server Error');
    expect(response.text).not.toContain('db password');
    expect(lines).toEqual([
      {
        level: 50,
        msg: 'Internal Server Error',
        requestId: 'req-1',
        status: 500,
        error: 'InternalServerError',
        err: { type: 'Error', message: 'db password rejected', stack: thrown.stack },
      },
    ]);
    expect(lines[0]!.err.stack).toMatch(/^Error: db password rejected\n\s+at /);
  });

  it('a 4xx is one line at level 40', async () => {
    const { logger, lines } = capture();
    const thrown = new NotFound('No such order');
    const server = app.build(() => {
      throw thrown;
    }, { production: true, logger });
    await request(server).post('/check').set('X-Request-Id', 'req-2').send({}).expect(404);
    expect(lines).toEqual([
      {
        level: 40,
        msg: 'No such order',
        requestId: 'req-2',
        status: 404,
        error: 'NotFound',
        // pino's serializer: the constructor name as type, then the error's own enumerable fields.
        err: {
          type: 'NotFound',
          message: 'No such order',
          stack: thrown.stack,
          status: 404,
          statusCode: 404,
          expose: true,
          headers: {},
          description: statuses[404].description,
          retryable: false,
        },
      },
    ]);
  });

  it('a mapped validation error logs the 422 with the original zod error under err', async () => {
    const { logger, lines } = capture();
    const server = app.build((input) => z.object({ name: z.string() }).parse(input), { production: true, logger });
    await request(server).post('/check').send({}).expect(422);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'Validation failed', status: 422, error: 'UnprocessableEntity', err: { type: 'ZodError' } });
    expect(lines[0]!.err.stack).toMatch(/^ZodError: /);
  });
});
