// One table of cases (cases.ts), run with real apps and supertest against every framework of frameworks.ts, and
// against Hono and the Fetch entry served by Bun and Deno in their own processes (runtimes/remote.ts).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cases, expectationFor, NOW, pathOf, routesOf, type ContractCase, type Expectation } from './cases.js';
import {
  ACCEPT,
  CONTENT_TYPE,
  expectedHtml,
  expectedJson,
  expectedProblem,
  expectedText,
  parseHtml,
  STACK,
  type Format,
  type Situation,
} from './expected.js';
import { frameworks, type Framework, type RemoteFramework, type RemoteServer } from './frameworks.js';
import { remoteFrameworks, unusable } from './runtimes/remote.js';
import { listen, rawRequest } from './server.js';

const FORMATS: readonly Format[] = ['json', 'problem', 'html', 'text'];
const REQUEST_ID = 'contract-req-7';
const MODES = [
  { name: 'development', production: false, requestId: REQUEST_ID, problemTypeBase: undefined },
  { name: 'production', production: true, requestId: undefined, problemTypeBase: 'https://errata.test/errors/' },
] as const;

const routes = routesOf(cases);

// A runtime whose binary does not run here is skipped, and says why: the default reporter shows no skipped titles.
const why = new Map(remoteFrameworks.map((framework) => [framework.name, unusable(framework.runtime)]));
for (const [name, reason] of why) if (reason !== undefined) console.warn(`Skipping the contract on ${name}: ${reason}`);
const everyFramework: ReadonlyArray<Framework | RemoteFramework> = [...frameworks, ...remoteFrameworks];

// A Date retry hint counts seconds from now: a fixed clock makes that count exact.
beforeAll(() => void vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
afterAll(() => void vi.useRealTimers());

/** The headers every error response carries, those its error implies, and no others of these names. */
function expectedHeaders(e: Expectation, format: Format, requestId: string | undefined, length: number): Record<string, string | undefined> {
  const implied = Object.fromEntries(Object.entries(e.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    'content-type': CONTENT_TYPE[format],
    'content-length': String(length),
    'cache-control': 'no-store',
    vary: 'Accept',
    'x-content-type-options': 'nosniff',
    'content-security-policy': format === 'html' ? "default-src 'none'; style-src 'unsafe-inline'" : undefined,
    'x-request-id': requestId,
    'retry-after': undefined,
    allow: undefined,
    ...implied,
  };
}

function pick(headers: Record<string, unknown>, names: Iterable<string>): Record<string, unknown> {
  return Object.fromEntries([...names].map((name) => [name, headers[name]]));
}

function send(server: RemoteServer, contractCase: ContractCase, path: string, accept: string, requestId: string | undefined) {
  const agent = request(server.url);
  let test = contractCase.body === undefined ? agent.get(path) : agent.post(path).type('json').send(contractCase.body);
  test = test.set('Accept', accept);
  if (requestId !== undefined) test = test.set('X-Request-Id', requestId);
  // Every body is read as text, whatever its type, so that it is compared exactly.
  return test.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });
}

describe.each(everyFramework)('$name', (framework) => {
  describe.skipIf(why.get(framework.name) !== undefined).each(MODES)('$name mode', (mode) => {
    let server: RemoteServer;
    beforeAll(async () => {
      const options = { production: mode.production, problemTypeBase: mode.problemTypeBase };
      server = 'remote' in framework ? await framework.remote(options) : await listen(framework.app(routes, options));
    }, 60_000);
    afterAll(() => server.close());

    describe.each(cases.map((contractCase, index) => ({ ...contractCase, index })))('$name', (contractCase) => {
      const e = expectationFor(contractCase, framework.name);
      const path = pathOf(contractCase.index);
      const method = contractCase.body === undefined ? 'GET' : 'POST';
      const situation: Situation = { method, path, production: mode.production, requestId: mode.requestId, problemTypeBase: mode.problemTypeBase };
      const showsStack = e.stack && !mode.production;

      it.each(FORMATS)('answers %s', async (format) => {
        const res = await send(server, contractCase, path, ACCEPT[format], mode.requestId);
        const text = res.body as string;
        expect(res.status).toBe(e.status);
        const headers = expectedHeaders(e, format, mode.requestId, Buffer.byteLength(text));
        expect(pick(res.headers, Object.keys(headers))).toEqual(headers);

        if (format === 'json' || format === 'problem') {
          const { stack, ...body } = JSON.parse(text) as Record<string, unknown>;
          expect(body).toEqual(format === 'json' ? expectedJson(e, situation) : expectedProblem(e, situation));
          if (showsStack) expect(stack).toMatch(STACK);
          else expect(stack).toBeUndefined();
        } else if (format === 'html') {
          const { parts, stack } = parseHtml(text);
          expect(parts).toEqual(expectedHtml(e, situation));
          if (showsStack) expect(stack).toMatch(STACK);
          else expect(stack).toBeUndefined();
        } else {
          const withoutStack = expectedText(e, situation);
          if (showsStack) {
            expect(text.startsWith(`${withoutStack}\n`)).toBe(true);
            expect(text.slice(withoutStack.length + 1)).toMatch(STACK);
          } else expect(text).toBe(withoutStack);
        }
      });

      // HEAD only exists for the GET routes; the body-parsing cases are POST.
      if (method === 'GET') it('answers HEAD with the same status and headers and no body', async () => {
        const lines = [`HEAD ${path} HTTP/1.1`, `Accept: ${ACCEPT.json}`];
        if (mode.requestId !== undefined) lines.push(`X-Request-Id: ${mode.requestId}`);
        const res = await rawRequest(server.url, lines);
        expect(res.status).toBe(e.status);
        expect(res.after).toBe('');
        // Content-Length is what GET would send; without a stack (production), that length is known exactly.
        const expectedLength = Buffer.byteLength(JSON.stringify(expectedJson(e, { ...situation, method: 'HEAD' })));
        const length = showsStack ? Number(res.headers['content-length']) : expectedLength;
        if (showsStack) expect(length).toBeGreaterThan(expectedLength);
        const headers = expectedHeaders(e, 'json', mode.requestId, length);
        expect(pick(res.headers, Object.keys(headers))).toEqual(headers);
      });
    });
  });
});
