import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createError,
  createErrorRenderer,
  errorClasses,
  errorSchema,
  problemSchema,
  type ErrorFormat,
  type HttpErrorOptions,
  type JsonSchema,
} from '../src/index.js';
import { createErrorHandler } from '../src/adapters/express/index.js';

const ajv = formats.default(new Ajv2020({ strict: true, allErrors: true }));
const validateError = ajv.compile(errorSchema);
const validateProblem = ajv.compile(problemSchema);
const VALIDATORS: Readonly<Record<'json' | 'problem', ValidateFunction>> = { json: validateError, problem: validateProblem };
const SCHEMAS: Readonly<Record<'json' | 'problem', JsonSchema>> = { json: errorSchema, problem: problemSchema };

const STATUSES = Object.keys(errorClasses).map(Number);
const FIELD_ERRORS = [
  { field: 'email', message: 'Invalid email', code: 'invalid_string' },
  { field: 'address.zip', message: 'Required' },
];

/** The error shapes the contract covers; `expose: true` lets a 5xx show its fields in production too. */
const SHAPES: Readonly<Record<string, HttpErrorOptions>> = {
  plain: {},
  message: { message: 'User 42 does not exist' },
  code: { code: 'USER_NOT_FOUND' },
  'field errors': { details: FIELD_ERRORS },
  'other details': { details: { limit: 10, nested: [1, 'two', null, { deep: true }] } },
  'retryAfter in seconds': { retryAfter: 30 },
  'retryAfter as a date': { retryAfter: new Date(Date.now() + 90_000) },
  'description of its own': { description: 'The user was deleted.' },
  everything: { message: 'Slow down', code: 'RATE', details: FIELD_ERRORS, retryAfter: 5, expose: true, description: 'Own description.' },
};

function propertiesOf(schema: JsonSchema): string[] {
  return Object.keys(schema.properties as Record<string, unknown>);
}

/** Whether `keys` appear in `order`, in that order (each at most once). */
function inOrder(keys: readonly string[], order: readonly string[]): boolean {
  let position = -1;
  for (const key of keys) {
    const next = order.indexOf(key);
    if (next <= position) return false;
    position = next;
  }
  return true;
}

function expectValid(format: 'json' | 'problem', body: unknown): void {
  const validate = VALIDATORS[format];
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
  // No member outside the schema's list, in the schema's order: a new or moved field in the renderer fails here.
  const keys = Object.keys(body as object);
  expect(inOrder(keys, propertiesOf(SCHEMAS[format])), `${keys.join(',')} against ${propertiesOf(SCHEMAS[format]).join(',')}`).toBe(true);
}

describe('errorSchema and problemSchema validate every body the renderer produces', () => {
  it('covers the 40 documented 4xx/5xx codes', () => {
    expect(STATUSES).toHaveLength(40);
  });

  for (const production of [true, false]) {
    for (const typeBase of [undefined, 'https://example.com/errors/']) {
      const render = createErrorRenderer({ production, problemTypeBase: typeBase });
      for (const format of ['json', 'problem'] as const) {
        it(`${format}, ${production ? 'production' : 'development'}, type base ${typeBase ?? 'none'}: every status × every shape`, () => {
          let checked = 0;
          for (const status of STATUSES) {
            for (const [shape, options] of Object.entries(SHAPES)) {
              const facts = { accept: `application/${format === 'json' ? 'json' : 'problem+json'}`, path: '/users/42', requestId: `req-${status}` };
              const response = render(createError(status, options), shape === 'plain' ? { accept: facts.accept } : facts);
              expect(response.headers['Content-Type']).toBe(`${facts.accept}; charset=utf-8`);
              expectValid(format, JSON.parse(response.body));
              checked += 1;
            }
          }
          expect(checked).toBe(40 * Object.keys(SHAPES).length);
        });
      }
    }
  }

  it('validates the body of a non-errata error (a thrown string becomes a 500)', () => {
    for (const format of ['json', 'problem'] as const) {
      const response = createErrorRenderer({ production: false })('boom', { accept: `application/${format === 'json' ? 'json' : 'problem+json'}` });
      expect(response.status).toBe(500);
      expectValid(format, JSON.parse(response.body));
    }
  });

  it('validates the body whose details could not be serialised (a cycle)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const response = createErrorRenderer({ production: true })(createError(400, { details: cyclic }), { accept: 'application/json' });
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body.details).toBe('[details could not be serialised]');
    expectValid('json', body);
  });
});

describe('the schemas reject what is not an errata body', () => {
  const valid = { status: 404, error: 'Not Found', message: 'Not Found', retryable: false };

  it.each([
    ['a success status', { ...valid, status: 200 }],
    ['a status that is not an integer', { ...valid, status: 404.5 }],
    ['no retryable flag', { status: 404, error: 'Not Found', message: 'Not Found' }],
    ['an empty message', { ...valid, message: '' }],
    ['a negative retryAfter', { ...valid, retryAfter: -1 }],
    ['retryAfter as a date string', { ...valid, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }],
    ['a member errata never sends', { ...valid, hint: 'x' }],
  ])('errorSchema rejects %s', (_name, body) => {
    expect(validateError(body)).toBe(false);
  });

  it.each([
    ['no type', { title: 'Not Found', status: 404, retryable: false }],
    ['a type that is not a URI reference', { type: 'not a uri', title: 'Not Found', status: 404, retryable: false }],
    ['an empty detail', { type: 'about:blank', title: 'Not Found', status: 404, detail: '', retryable: false }],
  ])('problemSchema rejects %s', (_name, body) => {
    expect(validateProblem(body)).toBe(false);
  });

  it('problemSchema allows extension members of other problem types (RFC 9457 §3.2)', () => {
    expect(validateProblem({ type: 'about:blank', title: 'Not Found', status: 404, retryable: false, balance: 30 })).toBe(true);
  });
});

describe('the documented field-error shape of details', () => {
  const shape = (errorSchema.properties.details.anyOf[0] as JsonSchema);
  const validateFieldErrors = ajv.compile(shape);

  it('accepts [{ field, message, code? }]', () => {
    expect(validateFieldErrors(FIELD_ERRORS)).toBe(true);
  });

  it.each([
    ['a missing message', [{ field: 'email' }]],
    ['a field that is not a string', [{ field: 1, message: 'x' }]],
    ['a code that is not a string', [{ field: 'a', message: 'x', code: 4 }]],
  ])('rejects %s', (_name, details) => {
    expect(validateFieldErrors(details)).toBe(false);
  });

  it('still lets details be any other JSON value', () => {
    expect(validateError({ status: 400, error: 'Bad Request', message: 'Bad Request', retryable: false, details: { anything: [1] } })).toBe(true);
  });

  it('is frozen, so one caller cannot change the contract for everyone', () => {
    expect(Object.isFrozen(errorSchema.properties.details.anyOf[0])).toBe(true);
    expect(() => {
      (problemSchema.required as unknown as string[]).push('instance');
    }).toThrow(TypeError);
  });
});

describe('real responses of an Express app validate', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.get('/users/:id', (req) => {
      throw createError(404, `User ${req.params.id} does not exist`, { code: 'USER_NOT_FOUND' });
    });
    app.post('/users', () => {
      throw createError(422, { details: FIELD_ERRORS });
    });
    app.get('/busy', () => {
      throw createError(503, { retryAfter: 120 });
    });
    app.get('/crash', () => {
      throw new Error('database password is hunter2');
    });
    app.use(createErrorHandler({ production: true, problemTypeBase: 'https://example.com/errors' }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cases: ReadonlyArray<[method: 'get' | 'post', path: string, status: number]> = [
    ['get', '/users/42', 404],
    ['post', '/users', 422],
    ['get', '/busy', 503],
    ['get', '/crash', 500],
  ];
  const accepts: ReadonlyArray<[ErrorFormat & ('json' | 'problem'), string]> = [
    ['json', 'application/json'],
    ['problem', 'application/problem+json'],
  ];

  for (const [method, path, status] of cases) {
    for (const [format, accept] of accepts) {
      it(`${method.toUpperCase()} ${path} answers ${status} with a ${format} body that validates`, async () => {
        const response = await request(url)[method](path).set('Accept', accept);
        expect(response.status).toBe(status);
        expect(response.headers['content-type']).toBe(`${accept}; charset=utf-8`);
        expectValid(format, JSON.parse(response.text));
      });
    }
  }

  it('a 404 problem body says exactly what the schema documents', async () => {
    const response = await request(url).get('/users/42').set('Accept', 'application/problem+json');
    expect(JSON.parse(response.text)).toEqual({
      type: 'https://example.com/errors/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'User 42 does not exist',
      instance: '/users/42',
      description: 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.',
      retryable: false,
      code: 'USER_NOT_FOUND',
    });
  });
});
