import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  catalog,
  createError,
  createErrorRenderer,
  defineCatalog,
  errorClasses,
  errorSchema,
  openApiResponses,
  problemSchema,
  type OpenApiResponse,
} from '../src/index.js';
import { createApp } from '../examples/openapi.js';

const STATUSES = Object.keys(errorClasses).map(Number);
const ajv = formats.default(new Ajv2020({ strict: true, allErrors: true }));
const validateError = ajv.compile(errorSchema);
const validateProblem = ajv.compile(problemSchema);

// The headers each status can carry; every other status carries none.
const EXPECTED_HEADERS: Readonly<Record<number, readonly string[]>> = {
  401: ['WWW-Authenticate'],
  405: ['Allow'],
  407: ['Proxy-Authenticate'],
  408: ['Retry-After'],
  413: ['Retry-After'],
  416: ['Content-Range'],
  425: ['Retry-After'],
  426: ['Upgrade'],
  429: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
  502: ['Retry-After'],
  503: ['Retry-After'],
  504: ['Retry-After'],
};
// The headers the renderer sends on every error, whatever its status: not part of a status's contract.
const EVERY_RESPONSE = ['Cache-Control', 'Vary', 'X-Content-Type-Options', 'Content-Type', 'Content-Length'];

function documentWith(responses: Record<string, OpenApiResponse>) {
  return { openapi: '3.1.0', info: { title: 'errata', version: '1.0.0' }, paths: {}, components: { responses } };
}

async function validateDocument(document: unknown): Promise<{ valid: boolean; version: string; errors: unknown }> {
  const validator = new Validator();
  const result = await validator.validate(document as Parameters<Validator['validate']>[0]);
  return { valid: result.valid, version: String(validator.version), errors: result.errors };
}

describe('openApiResponses', () => {
  const all = openApiResponses(STATUSES);

  it('gives one entry per status, keyed by class name', () => {
    expect(Object.keys(all)).toEqual(STATUSES.map((status) => errorClasses[status as keyof typeof errorClasses].name));
    expect(Object.keys(all)).toHaveLength(40);
    expect(Object.keys(all).slice(0, 3)).toEqual(['BadRequest', 'Unauthorized', 'PaymentRequired']);
  });

  it('the document with all 40 statuses validates against the OpenAPI 3.1 schema', async () => {
    const result = await validateDocument(documentWith(all));
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  it('a broken document fails the same validation (the check can fail)', async () => {
    const broken = documentWith({ NotFound: { content: all.NotFound!.content } as OpenApiResponse });
    expect((await validateDocument(broken)).valid).toBe(false);
  });

  it.each(STATUSES)('%i: the catalogue description, both media types with their schema, an example from the renderer', (status) => {
    const entry = (catalog as Record<number, { name: string; description: string }>)[status]!;
    const response = all[entry.name]!;
    expect(response.description).toBe(entry.description);
    expect(Object.keys(response.content)).toEqual(['application/json', 'application/problem+json']);

    const { $schema: _json, ...json } = errorSchema;
    const { $schema: _problem, ...problem } = problemSchema;
    expect(response.content['application/json'].schema).toEqual(json);
    expect(response.content['application/problem+json'].schema).toEqual(problem);

    const render = createErrorRenderer({ production: true });
    const jsonExample = response.content['application/json'].example;
    const problemExample = response.content['application/problem+json'].example;
    expect(jsonExample).toEqual(JSON.parse(render(createError(status), { accept: 'application/json' }).body));
    expect(problemExample).toEqual(JSON.parse(render(createError(status), { accept: 'application/problem+json' }).body));
    expect(jsonExample).toMatchObject({ status, error: (catalog as Record<number, { message: string }>)[status]!.message });
    expect(validateError(jsonExample), ajv.errorsText(validateError.errors)).toBe(true);
    expect(validateProblem(problemExample), ajv.errorsText(validateProblem.errors)).toBe(true);
  });

  it.each(STATUSES)('%i: documents exactly the headers the status carries', (status) => {
    const name = errorClasses[status as keyof typeof errorClasses].name;
    const headers = all[name]!.headers;
    expect(headers === undefined ? [] : Object.keys(headers)).toEqual(EXPECTED_HEADERS[status] ?? []);
    for (const header of Object.values(headers ?? {})) {
      expect(header.description).toMatch(/\S/);
      expect(header.schema).toHaveProperty('type');
    }
  });

  it.each(STATUSES)('%i: every status-specific header the renderer can send is documented', (status) => {
    const error = createError(status, { allow: ['GET', 'HEAD'], challenge: 'Bearer', size: 10, upgrade: 'HTTP/2', limit: 10, remaining: 0, reset: 30 } as object);
    const sent = Object.keys(createErrorRenderer({ production: true })(error).headers).filter((name) => !EVERY_RESPONSE.includes(name));
    const documented = Object.keys(all[errorClasses[status as keyof typeof errorClasses].name]!.headers ?? {});
    for (const name of sent) expect(documented).toContain(name);
  });

  it('problemTypeBase gives the examples the type URIs clients will see', () => {
    const { NotFound, TooManyRequests } = openApiResponses([404, 429], { problemTypeBase: 'https://example.com/errors' });
    expect(NotFound!.content['application/problem+json'].example.type).toBe('https://example.com/errors/not-found');
    expect(TooManyRequests!.content['application/problem+json'].example.type).toBe('https://example.com/errors/too-many-requests');
    expect(openApiResponses([404]).NotFound!.content['application/problem+json'].example.type).toBe('about:blank');
  });

  it('a custom catalogue supplies descriptions, example text, and entries for codes errata has no class for', async () => {
    const custom = defineCatalog({
      404: { description: 'No such page.' },
      499: { name: 'ClientClosedRequest', message: 'Client Closed Request', description: 'The client went away.' },
    });
    const responses = openApiResponses([404, 499], { catalog: custom });
    expect(Object.keys(responses)).toEqual(['NotFound', 'ClientClosedRequest']);
    expect(responses.NotFound!.description).toBe('No such page.');
    expect(responses.NotFound!.content['application/json'].example).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'Not Found',
      description: 'No such page.',
      retryable: false,
    });
    expect(responses.ClientClosedRequest!.content['application/problem+json'].example).toEqual({
      type: 'about:blank',
      title: 'Client Closed Request',
      status: 499,
      detail: 'The client went away.',
      description: 'The client went away.',
      retryable: false,
    });
    expect((await validateDocument(documentWith(responses))).valid).toBe(true);
  });

  it.each([200, 302, 600, 404.5, Number.NaN])('throws a RangeError for %s, which is not an error status', (status) => {
    expect(() => openApiResponses([status])).toThrow(new RangeError(`openApiResponses: status ${status} is not an error status (400–599)`));
  });

  it('returns an empty object for no statuses', () => {
    expect(openApiResponses([])).toEqual({});
  });
});

describe('examples/openapi.ts', () => {
  const app = createApp();

  it('serves its OpenAPI document at /openapi.json, and the document validates', async () => {
    const response = await request(app).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const document = JSON.parse(response.text) as ReturnType<typeof documentWith>;
    expect(Object.keys(document.components.responses)).toEqual(['NotFound', 'TooManyRequests', 'InternalServerError']);
    const result = await validateDocument(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('a real 404 of the app validates against the schema its own document serves', async () => {
    const document = JSON.parse((await request(app).get('/openapi.json')).text) as ReturnType<typeof documentWith>;
    const media = document.components.responses.NotFound!.content['application/problem+json'];
    const validate = formats.default(new Ajv2020({ strict: true })).compile(media.schema);

    const response = await request(app).get('/users/2').set('Accept', 'application/problem+json');
    expect(response.status).toBe(404);
    const body = JSON.parse(response.text) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'https://example.com/errors/not-found', title: 'Not Found', status: 404, detail: 'User 2 does not exist', instance: '/users/2' });
    expect(body.type).toBe(media.example.type);
    expect(validate(body)).toBe(true);
  });
});
