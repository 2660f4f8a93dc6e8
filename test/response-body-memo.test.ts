import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createError, createErrorRenderer, defineCatalog, type ErrorResponse, type ResponseOptions } from '../src/index.js';

// The renderer keeps the bodies of standard errors (documented text only). Whatever came before, a renderer
// must answer exactly as a fresh one with the same options does.
const catalogs = {
  en: defineCatalog({ 404: { description: 'Nothing lives here.' } }),
  de: defineCatalog({ 404: { message: 'Nicht gefunden', description: 'Hier wohnt nichts.' } }),
};

/** Mostly absent, so that standard errors (the ones whose bodies are kept) follow each other often. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });
}

const errorSpec = fc.record({
  status: fc.constantFrom(404, 429, 500),
  message: sometimes(fc.constantFrom('Not Found', 'No such user', 'Bad thing')),
  description: sometimes(fc.constantFrom('Custom description', 'Nothing lives here.')),
  code: sometimes(fc.constant('E_CODE')),
  details: sometimes(fc.constant([{ field: 'name', message: 'required' }])),
  retryAfter: sometimes(fc.constantFrom(0, 30)),
  expose: sometimes(fc.boolean()),
});
type ErrorSpec = typeof errorSpec extends fc.Arbitrary<infer T> ? T : never;

const requestSpec = fc.record({
  accept: fc.constantFrom(undefined, 'text/html', 'text/plain', 'application/problem+json'),
  acceptLanguage: fc.constantFrom(undefined, 'de', 'en'),
  method: fc.constantFrom('GET', 'HEAD'),
  // problem+json fills the path into a kept body: paths that JSON must escape, and none at all.
  path: fc.constantFrom('/a', '/b', undefined, '', '/"quoted"\\back', '/ünï/😀', '/line\u2028sep'),
  requestId: fc.constantFrom(undefined, 'req-1'),
});

function build(spec: ErrorSpec) {
  const { status, message, ...options } = spec;
  return message === undefined ? createError(status, options) : createError(status, message, options);
}

const optionSets: Record<string, ResponseOptions> = {
  production: { production: true },
  development: { production: false },
  catalogs: { production: true, catalogs },
  retryDefaults: { production: true, retryAfter: { 429: 60 } },
};

describe('a renderer answers as a fresh one does, whatever it answered before', () => {
  for (const [name, options] of Object.entries(optionSets)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(errorSpec, requestSpec), { minLength: 2, maxLength: 20 }), (sequence) => {
          const render = createErrorRenderer(options);
          for (const [index, [spec, request]] of sequence.entries()) {
            const error = build(spec);
            // Each error thrown from its own place, as in a server: development bodies carry the stack.
            error.stack = `${String(error.stack)}\n    at step${index} (routes.js:${index}:1)`;
            const answered: ErrorResponse = render(error, request);
            const fresh: ErrorResponse = createErrorRenderer(options)(error, request);
            expect(answered).toEqual(fresh);
            // Checks that do not go through a renderer at all (a fresh one keeps bodies too).
            if (request.method === 'GET') {
              expect(answered.headers['Content-Length']).toBe(String(Buffer.byteLength(answered.body)));
              if (answered.headers['Content-Type']!.startsWith('application/problem+json')) {
                const problem = JSON.parse(answered.body) as { instance?: string };
                expect(problem.instance).toBe(request.path === '' ? undefined : request.path);
              }
            }
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('a standard 404 after one with its own message and description gets the documented text back', () => {
    const render = createErrorRenderer({ production: true });
    const own = JSON.parse(render(createError(404, 'No such user', { description: 'Gone.' })).body);
    const standard = JSON.parse(render(createError(404)).body);
    expect(own).toMatchObject({ message: 'No such user', description: 'Gone.' });
    expect(standard.message).toBe('Not Found');
    expect(standard.description).not.toBe('Gone.');
  });

  it('a catalogue text holding the placeholder for the problem instance is still answered exactly', () => {
    // A whole JSON string equal to the placeholder's: the kept body would have it three times (detail, description, instance).
    const options = { production: true, catalog: defineCatalog({ 404: { description: '\u0000errata:instance\u0000' } }) };
    const render = createErrorRenderer(options);
    for (const path of ['/a', '/b']) {
      const { body } = render(createError(404), { accept: 'application/problem+json', path });
      expect(JSON.parse(body)).toMatchObject({ instance: path, detail: '\u0000errata:instance\u0000', description: '\u0000errata:instance\u0000' });
    }
  });

  it('a request id changing every request (a framework counter) is filled into the kept body byte for byte', () => {
    const render = createErrorRenderer({ production: true });
    for (const accept of ['application/json', 'application/problem+json']) {
      for (const requestId of ['req-1', 'req-2', 'req-a', 'a.b~c:d/e+f=g@h_i']) {
        const { body, headers } = render(createError(404), { accept, path: '/items/42', requestId });
        const plain = render(createError(404), { accept, path: '/items/42' }).body;
        // The request id is the last member of a standard body: the same body with one member more.
        expect(body).toBe(`${plain.slice(0, -1)},"requestId":${JSON.stringify(requestId)}}`);
        expect(headers['Content-Length']).toBe(String(Buffer.byteLength(body)));
      }
    }
  });

  it('a catalogue text holding the placeholder for the request id is still answered exactly', () => {
    const options = { production: true, catalog: defineCatalog({ 404: { description: '\u0000errata:request-id\u0000' } }) };
    const render = createErrorRenderer(options);
    for (const requestId of ['req-1', 'req-2']) {
      const { body } = render(createError(404), { path: '/a', requestId });
      expect(JSON.parse(body)).toMatchObject({ requestId, description: '\u0000errata:request-id\u0000' });
    }
  });

  it('HTML and plain text bodies carry each request id, not the first one kept', () => {
    const render = createErrorRenderer({ production: true });
    for (const accept of ['text/html', 'text/plain']) {
      expect(render(createError(404), { accept, requestId: 'req-1' }).body).toContain('req-1');
      const second = render(createError(404), { accept, requestId: 'req-2' }).body;
      expect(second).toContain('req-2');
      expect(second).not.toContain('req-1');
    }
  });
});
