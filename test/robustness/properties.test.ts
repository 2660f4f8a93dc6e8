import fc from 'fast-check';
import type { Agent, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, header, keepAliveAgent, listen, send, type RawResponse } from './support/client.js';
import { watchProcess } from './support/process-spies.js';
import { throwingServer, type FrameworkName, type ThrowSlot, type ThrowStyle } from './support/throwing-apps.js';
import { acceptArb, methodArb, thrownCaseArb, type ExpectedMediaType, type ThrownCase } from './support/thrown-values.js';

// The issue's bar: at least 500 runs of every property. Each run sends the same thrown value, Accept and method
// to a production and a development server, checks every property on both answers, then sends a control request.
const RUNS = 500;
const PROPERTY_TIMEOUT = 60_000;
// What errata's adapters write when not even a plain error response can be built (src/middleware/last-resort.ts).
const LAST_RESORT_BODY = '500 Internal Server Error\n';

// Headers errata writes itself, and those Node's HTTP server adds to every response.
const ERRATA_HEADERS = ['cache-control', 'vary', 'x-content-type-options', 'content-security-policy', 'content-type', 'content-length', 'retry-after', 'x-request-id'];
const NODE_HEADERS = ['date', 'connection', 'keep-alive', 'transfer-encoding'];
// A stack frame, raw (HTML, text) or inside a JSON string.
const STACK_FRAME = /(\n|\\n)\s+at /;

type Mode = 'production' | 'development';

interface Input {
  thrown: ThrownCase;
  accept: { accept: string | undefined; expected: ExpectedMediaType };
  method: string;
  style: ThrowStyle;
}

const inputArb: fc.Arbitrary<Input> = fc.record({
  thrown: thrownCaseArb,
  accept: acceptArb,
  method: methodArb,
  style: fc.constantFrom<ThrowStyle>('sync', 'async'),
});

/** The header names the thrown value asked for: the keys of its `headers`, read without trusting it. */
function askedHeaders(value: unknown): Set<string> {
  try {
    if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
      const headers = (value as { headers?: unknown }).headers;
      if (typeof headers === 'object' && headers !== null) return new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    }
  } catch {
    // A value that cannot even be read asked for nothing.
  }
  return new Set();
}

function context(input: Input, mode: Mode): string {
  return `${input.thrown.kind}, ${input.method}, Accept ${JSON.stringify(input.accept.accept)}, ${mode}, ${input.style} throw`;
}

/** The status is 4xx/5xx and the body parses as the negotiated type, or is empty for HEAD. */
function expectNegotiatedBody(response: RawResponse, input: Input, where: string): void {
  expect(response.status, where).toBeGreaterThanOrEqual(400);
  expect(response.status, where).toBeLessThanOrEqual(599);
  const type = header(response, 'content-type')?.split(';')[0];
  const lastResort = response.status === 500 && type === 'text/plain' && (input.method === 'HEAD' || response.body === LAST_RESORT_BODY);
  if (input.accept.expected !== undefined && !lastResort) expect(type, where).toBe(input.accept.expected);
  if (input.method === 'HEAD') {
    expect(response.body, where).toBe('');
    return;
  }
  switch (type) {
    case 'application/json':
    case 'application/problem+json':
      expect((JSON.parse(response.body) as { status: unknown }).status, where).toBe(response.status);
      break;
    case 'text/html':
      expect(response.body.startsWith('<!DOCTYPE html>'), where).toBe(true);
      break;
    case 'text/plain':
      expect(response.body.startsWith(`${response.status} `), where).toBe(true);
      break;
    default:
      expect.fail(`${where}: unexpected Content-Type ${String(type)}`);
  }
}

/** No header value has CR or LF, and every header is errata's, Node's, or one the thrown value asked for. */
function expectOnlyAskedHeaders(response: RawResponse, input: Input, where: string): void {
  const allowed = new Set([...ERRATA_HEADERS, ...NODE_HEADERS, ...askedHeaders(input.thrown.value)]);
  for (const [name, value] of response.headers) {
    expect(value, `${where}: ${name}`).not.toMatch(/[\r\n]/);
    expect(allowed, `${where}: unexpected header ${name}: ${value}`).toContain(name.toLowerCase());
  }
}

/** In production: no stack frame anywhere, and nothing of a 5xx's message or details unless it asked to be exposed. */
function expectNoProductionLeak(response: RawResponse, input: Input, where: string): void {
  const everything = `${response.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${response.body}`;
  expect(everything, where).not.toMatch(STACK_FRAME);
  const { marker, exposedOnPurpose } = input.thrown;
  if (response.status >= 500 && marker !== undefined && !exposedOnPurpose) expect(everything, where).not.toContain(marker);
}

const seen = watchProcess();

describe.each<FrameworkName>(['Express 5', 'Koa 3'])('%s, anything thrown, any Accept, any method', (framework) => {
  const slot: ThrowSlot = { value: undefined, style: 'sync' };
  const servers: Record<Mode, Server> = {
    production: throwingServer(framework, true, slot),
    development: throwingServer(framework, false, slot),
  };
  const ports: Record<Mode, number> = { production: 0, development: 0 };
  const agents: Record<Mode, Agent> = { production: keepAliveAgent(), development: keepAliveAgent() };

  beforeAll(async () => {
    ports.production = await listen(servers.production);
    ports.development = await listen(servers.development);
  });

  afterAll(async () => {
    agents.production.destroy();
    agents.development.destroy();
    await close(servers.production);
    await close(servers.development);
  });

  async function exchange(input: Input, mode: Mode): Promise<RawResponse> {
    slot.value = input.thrown.value;
    slot.style = input.style;
    const headers = input.accept.accept === undefined ? {} : { accept: input.accept.accept };
    return send(ports[mode], agents[mode], input.method, '/throw', headers);
  }

  it(
    `status 4xx/5xx, a body in the negotiated type (empty for HEAD), no CR/LF and no unasked header, no stack or 5xx text in production, and the next request answered (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(inputArb, async (input) => {
          for (const mode of ['production', 'development'] as const) {
            const response = await exchange(input, mode);
            const where = context(input, mode);
            expectNegotiatedBody(response, input, where);
            expectOnlyAskedHeaders(response, input, where);
            if (mode === 'production') expectNoProductionLeak(response, input, where);
            // The control request rides the same keep-alive connection: a broken answer would break it too.
            const next = await send(ports[mode], agents[mode], 'GET', '/ok');
            expect([next.status, next.body], `${where}: the next request`).toEqual([200, 'ok']);
          }
        }),
        { numRuns: RUNS },
      );
      expect(seen).toEqual({ uncaughtExceptions: [], unhandledRejections: [], warnings: [] });
    },
    PROPERTY_TIMEOUT,
  );
});
