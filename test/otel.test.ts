import { context, propagation, SpanStatusCode, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { traceIdOf } from '../src/integrations/traceparent.js';
import { NotFound, TooManyRequests } from '../src/index.js';
import { checkApps, type MiddlewareHook } from './integrations/apps.js';
import { distDir, ensureDist } from './support/dist.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
const tracer = () => trace.getTracer('errata-test');

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

// What HTTP instrumentation does: continue the caller's trace and keep a server span active for the request.
function tracing(headers: () => Record<string, string | string[] | undefined>): MiddlewareHook {
  return (run) => {
    const parent = propagation.extract(ROOT_CONTEXT, headers());
    return tracer().startActiveSpan('request', {}, parent, async (span) => {
      try {
        await run();
      } finally {
        span.end();
      }
    });
  };
}

// Express ends the span on 'finish', which may come a moment after the client has its answer.
async function finishedSpan(): Promise<ReadableSpan> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [span] = exporter.getFinishedSpans();
    if (span) return span;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no span was finished within 100 attempts');
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe.each(checkApps)('$name with an active span', (app) => {
  let incoming: Record<string, string | string[] | undefined> = {};
  const build = (thrown: () => unknown, options = {}) =>
    app.build(
      () => {
        throw thrown();
      },
      { production: true, ...options },
      tracing(() => incoming),
    );
  beforeEach(() => {
    incoming = {};
  });

  it('a 5xx records the original error with its stack, sets status ERROR and error.type', async () => {
    const response = await request(build(() => new Error('db password rejected'))).post('/check').send({}).expect(500);
    expect(response.body.message).toBe('Internal Server Error');
    const span = await finishedSpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Internal Server Error' });
    expect(span.attributes['error.type']).toBe('InternalServerError');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    const attributes = span.events[0]!.attributes!;
    expect(attributes['exception.type']).toBe('Error');
    expect(attributes['exception.message']).toBe('db password rejected');
    expect(attributes['exception.stacktrace']).toMatch(/^Error: db password rejected\n\s+at .*otel\.test\.ts/);
  });

  it('a 4xx records the exception and error.type but leaves the status unset', async () => {
    await request(build(() => new NotFound('No such order'))).post('/check').send({}).expect(404);
    const span = await finishedSpan();
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.attributes['error.type']).toBe('NotFound');
    expect(span.events[0]!.attributes!['exception.message']).toBe('No such order');
  });

  it('error.type is the errata class of a converted foreign error', async () => {
    await request(build(() => Object.assign(new Error('slow down'), { status: 429 }))).post('/check').send({}).expect(429);
    const span = await finishedSpan();
    expect(span.attributes['error.type']).toBe(TooManyRequests.name);
    expect(span.events[0]!.attributes!['exception.type']).toBe('Error');
  });

  it('tracing: false records nothing', async () => {
    await request(build(() => new Error('x'), { tracing: false })).post('/check').send({}).expect(500);
    const span = await finishedSpan();
    expect(span.events).toEqual([]);
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.attributes['error.type']).toBeUndefined();
  });

  it('the trace id of traceparent is the request id, and it finds the server span', async () => {
    incoming = { traceparent: TRACEPARENT };
    const response = await request(build(() => new Error('x'))).post('/check').set('traceparent', TRACEPARENT).send({}).expect(500);
    expect(response.headers['x-request-id']).toBe(TRACE_ID);
    expect(response.body.requestId).toBe(TRACE_ID);
    const span = await finishedSpan();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
  });

  it('an X-Request-Id header wins over traceparent', async () => {
    incoming = { traceparent: TRACEPARENT };
    const response = await request(build(() => new NotFound()))
      .post('/check')
      .set('traceparent', TRACEPARENT)
      .set('X-Request-Id', 'req-42')
      .send({})
      .expect(404);
    expect(response.headers['x-request-id']).toBe('req-42');
    expect(response.body.requestId).toBe('req-42');
  });

  it('an invalid traceparent gives no request id', async () => {
    const response = await request(build(() => new NotFound())).post('/check').set('traceparent', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`).send({}).expect(404);
    expect(response.headers['x-request-id']).toBeUndefined();
    expect(response.body.requestId).toBeUndefined();
  });
});

describe('without an active span', () => {
  it('the handler answers as usual', async () => {
    const app = checkApps[1]!.build(() => {
      throw new Error('x');
    });
    await request(app).post('/check').send({}).expect(500);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

// The builds load @opentelemetry/api their own way (createRequire in the ESM and the CJS file); both must see the
// SDK. Plain Node, not vitest: vitest's loader defines `require` where Node's ESM has none.
describe.each(['express.js', 'express.cjs'])('the built dist/%s in plain Node', (file) => {
  it('records the error on the active span', () => {
    ensureDist();
    const output = execFileSync(process.execPath, [fileURLToPath(new URL('./fixtures/otel-dist.mjs', import.meta.url)), join(distDir, file)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 30_000,
    });
    expect(JSON.parse(output)).toEqual({ status: 500, errorType: 'InternalServerError', events: ['from the build'] });
  });
});

describe('traceIdOf(traceparent)', () => {
  it.each([
    [TRACEPARENT, TRACE_ID],
    [`00-${TRACE_ID}-00f067aa0ba902b7-00`, TRACE_ID],
    [`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID}-${'0'.repeat(16)}-01`, undefined],
    [`01-${TRACE_ID}-00f067aa0ba902b7-01`, undefined],
    [`ff-${TRACE_ID}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID}-00f067aa0ba902b7-01-extra`, undefined],
    [`00-${TRACE_ID.slice(1)}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID}-00f067aa0ba902b7-1`, undefined],
    [`${TRACEPARENT}, ${TRACEPARENT}`, undefined],
    [[TRACEPARENT, TRACEPARENT], undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s', (header, expected) => {
    expect(traceIdOf(header)).toBe(expected);
  });
});
