import { type } from 'arktype';
import request from 'supertest';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { z } from 'zod';
import { UnprocessableEntity, toHttpError } from '../src/index.js';
import { MAX_FIELD_ERRORS, fromStandardSchemaError, parseWith } from '../src/integrations/standard-schema.js';
import { checkApps, type Check } from './integrations/apps.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const DESCRIPTION_422 = 'The request format is correct, but cannot be responded to due to semantic errors.';
const DESCRIPTION_500 = 'The server has encountered a situation it does not know how to handle.';

function body422(details: unknown[]) {
  return { status: 422, error: 'Unprocessable Entity', message: 'Validation failed', description: DESCRIPTION_422, retryable: false, details };
}
const body500 = { status: 500, error: 'Internal Server Error', message: 'Internal Server Error', description: DESCRIPTION_500, retryable: false };

// @standard-schema/utils' SchemaError, by shape: what a codebase throws after `~standard.validate` failed.
class SchemaError extends Error {
  readonly issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }>;
  constructor(issues: SchemaError['issues']) {
    super(issues[0]?.message);
    this.name = 'SchemaError';
    this.issues = issues;
  }
}

// One schema, three libraries, the same messages. Keys are in alphabetical order because arktype checks them in
// that order, so every library reports the issues in the same order.
const zodOrder = z.object({
  items: z.array(z.object({ qty: z.number({ error: 'Quantity must be a number' }) })),
  name: z.string({ error: 'Name must be text' }),
  tags: z.array(z.number({ error: 'Tags must be numbers' })),
  user: z.object({ email: z.email({ error: 'Must be an email' }) }),
});
const valibotOrder = v.object({
  items: v.array(v.object({ qty: v.number('Quantity must be a number') })),
  name: v.string('Name must be text'),
  tags: v.array(v.number('Tags must be numbers')),
  user: v.object({ email: v.pipe(v.string(), v.email('Must be an email')) }),
});
const arkOrder = type({
  items: type({ qty: type('number').configure({ message: 'Quantity must be a number' }) }).array(),
  name: type('string').configure({ message: 'Name must be text' }),
  tags: type('number').configure({ message: 'Tags must be numbers' }).array(),
  user: { email: type('string.email').configure({ message: 'Must be an email' }) },
});

const invalid = { items: [{ qty: 1 }, { qty: 'two' }], name: 42, tags: [1, 'x'], user: { email: 'nope' } };
const valid = { items: [{ qty: 1 }], name: 'Ada', tags: [1, 2], user: { email: 'ada@example.com' } };
const details = [
  { field: 'items.1.qty', message: 'Quantity must be a number' },
  { field: 'name', message: 'Name must be text' },
  { field: 'tags.1', message: 'Tags must be numbers' },
  { field: 'user.email', message: 'Must be an email' },
];

const libraries: ReadonlyArray<{ name: string; check: Check }> = [
  {
    name: 'zod 4 (~standard.validate, thrown as a SchemaError)',
    check: async (input) => {
      const result = await zodOrder['~standard'].validate(input);
      if (result.issues) throw new SchemaError(result.issues);
      return result.value;
    },
  },
  { name: 'valibot 1 (v.parse throws ValiError)', check: (input) => v.parse(valibotOrder, input) },
  { name: 'arktype 2 (.assert throws TraversalError)', check: (input) => arkOrder.assert(input) },
  { name: 'parseWith(arktype schema)', check: (input) => parseWith(arkOrder, input) },
];

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const apps = checkApps.filter((app) => app.name === 'Express 5' || app.name === 'Koa 3');

describe.each(apps)('$name: a Standard Schema validation error answers 422 with field errors', (app) => {
  it.each(libraries)('$name: JSON body with the same details', async ({ check }) => {
    const response = await request(app.build(check)).post('/check').send(invalid).expect(422);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    expect(JSON.parse(response.text)).toEqual(body422(details));
  });

  it.each(libraries)('$name: problem+json body with the same details', async ({ check }) => {
    const response = await request(app.build(check, { production: true, problemTypeBase: 'https://example.com/errors/' }))
      .post('/check')
      .set('Accept', 'application/problem+json')
      .send(invalid)
      .expect(422);
    expect(response.headers['content-type']).toBe(PROBLEM_TYPE);
    expect(JSON.parse(response.text)).toEqual({
      type: 'https://example.com/errors/unprocessable-entity',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Validation failed',
      instance: '/check',
      description: DESCRIPTION_422,
      retryable: false,
      details,
    });
  });

  it.each(libraries)('$name: valid input passes untouched', async ({ check }) => {
    await request(app.build(check)).post('/check').send(valid).expect(200, { ok: true });
  });

  it('production hiding leaves 4xx details alone: the same body with the default (NODE_ENV=test) and production: true', async () => {
    for (const options of [{}, { production: true }]) {
      const response = await request(app.build(libraries[1]!.check, options)).post('/check').send(invalid).expect(422);
      expect(JSON.parse(response.text)).toEqual(body422(details));
    }
  });

  it('an error whose issues are of another shape is no validation error: a 500 that hides it', async () => {
    const check: Check = () => {
      throw Object.assign(new Error('upstream rejected the batch'), { issues: [{ code: 'E_QUOTA', detail: 'over quota' }] });
    };
    const response = await request(app.build(check)).post('/check').send(valid).expect(500);
    expect(JSON.parse(response.text)).toEqual(body500);
  });

  it('an issues array with a throwing getter is a 500, not a crash', async () => {
    const check: Check = () => {
      const issue = {
        get message(): string {
          throw new Error('boom');
        },
      };
      throw Object.assign(new Error('hostile'), { issues: [issue] });
    };
    const response = await request(app.build(check)).post('/check').send(valid).expect(500);
    expect(JSON.parse(response.text)).toEqual(body500);
  });

  it(`a hundred thousand issues answer with the first ${MAX_FIELD_ERRORS} field errors`, async () => {
    const issues = Array.from({ length: 100_000 }, (_, index) => ({ message: 'Must be a number', path: ['rows', index] }));
    const response = await request(app.build(() => Promise.reject(new SchemaError(issues)))).post('/check').send(valid).expect(422);
    const body = JSON.parse(response.text) as { details: unknown[] };
    expect(body.details).toHaveLength(MAX_FIELD_ERRORS);
    expect(body.details[MAX_FIELD_ERRORS - 1]).toEqual({ field: `rows.${MAX_FIELD_ERRORS - 1}`, message: 'Must be a number' });
  });
});

describe('the Standard Schema mapper', () => {
  it('unwraps { key } segments, stringifies symbols and numbers, and joins them with "."', () => {
    const secret = Symbol('secret');
    const error = new SchemaError([
      { message: 'Bad', path: ['orders', { key: 0 }, 'lines', 3, { key: secret }] },
      { message: 'Whole input', path: [] },
      { message: 'No path' },
    ]);
    expect(fromStandardSchemaError(error)?.details).toEqual([
      { field: 'orders.0.lines.3.Symbol(secret)', message: 'Bad' },
      { field: '', message: 'Whole input' },
      { field: '', message: 'No path' },
    ]);
  });

  it('leaves out a segment whose key is no property key (valibot Set items have key: null)', () => {
    const thrown = thrownBy(() => v.parse(v.object({ ids: v.set(v.number('Ids must be numbers')) }), { ids: new Set(['a']) }));
    expect(toHttpError(thrown).details).toEqual([{ field: 'ids', message: 'Ids must be numbers' }]);
  });

  it('keeps the original as cause and its stack', () => {
    const thrown = thrownBy(() => arkOrder.assert(invalid));
    const error = toHttpError(thrown);
    expect(error).toBeInstanceOf(UnprocessableEntity);
    expect(error.cause).toBe(thrown);
    expect(error.stack).toBe((thrown as Error).stack);
  });

  it('a ZodError still goes to the zod mapper, which keeps its code', () => {
    const thrown = thrownBy(() => zodOrder.parse({ ...valid, name: 42 }));
    expect(toHttpError(thrown).details).toEqual([{ field: 'name', message: 'Name must be text', code: 'invalid_type' }]);
  });

  it('an empty message gets the generic one', () => {
    expect(fromStandardSchemaError(new SchemaError([{ message: '', path: ['a'] }]))?.details).toEqual([{ field: 'a', message: 'Invalid value' }]);
  });

  it('recognises an Error from another realm', () => {
    const foreign = runInNewContext("Object.assign(new Error('x'), { issues: [{ message: 'Required', path: ['id'] }] })") as object;
    expect(foreign instanceof Error).toBe(false);
    expect(fromStandardSchemaError(foreign)?.details).toEqual([{ field: 'id', message: 'Required' }]);
  });

  it.each([
    ['a plain object with issues (not an Error)', { issues: [{ message: 'x' }] }],
    ['an empty issues array', Object.assign(new Error('x'), { issues: [] })],
    ['issues that are not an array', Object.assign(new Error('x'), { issues: { message: 'x' } })],
    ['an issue without a string message', Object.assign(new Error('x'), { issues: [{ message: 'ok' }, { message: 3 }] })],
    ['an issue that is a string', Object.assign(new Error('x'), { issues: ['Name is required'] })],
    ['a path that is a string', Object.assign(new Error('x'), { issues: [{ message: 'x', path: 'user.email' }] })],
    ['a path segment of another shape', Object.assign(new Error('x'), { issues: [{ message: 'x', path: [{ name: 'user' }] }] })],
    ['a path segment that is null', Object.assign(new Error('x'), { issues: [{ message: 'x', path: [null] }] })],
    ['arkErrors without issues', Object.assign(new Error('x'), { arkErrors: [{ message: 'x' }] })],
  ])('is not fooled by %s', (_name, value) => {
    expect(fromStandardSchemaError(value)).toBeUndefined();
    expect(toHttpError(value).status).toBe(500);
  });

  it('never throws on hostile values: throwing getters, revoked proxies, proxies claiming a huge length', () => {
    const throwingIssues = Object.defineProperty(new Error('x'), 'issues', {
      get() {
        throw new Error('boom');
      },
    });
    const { proxy: revoked, revoke } = Proxy.revocable(new Error('x'), {});
    revoke();
    const throwingPath = new SchemaError([
      {
        message: 'x',
        get path(): never {
          throw new Error('boom');
        },
      },
    ]);
    for (const value of [throwingIssues, revoked, throwingPath]) {
      expect(() => fromStandardSchemaError(value)).not.toThrow();
      expect(fromStandardSchemaError(value)).toBeUndefined();
      expect(toHttpError(value).status).toBe(500);
    }

    // Only the first items are read: a proxy that claims 2^32 - 1 items (and would throw past them) is mapped quickly.
    let reads = 0;
    const endless = new Proxy([] as unknown[], {
      get(target, property) {
        if (property === 'length') return 2 ** 32 - 1;
        if (typeof property === 'string' && /^\d+$/.test(property)) {
          reads += 1;
          if (Number(property) >= MAX_FIELD_ERRORS) throw new Error('read past the cap');
          return { message: 'Deep', path: new Proxy([] as unknown[], { get: (_t, key) => (key === 'length' ? 2 ** 32 - 1 : key === 'then' ? undefined : 'a') }) };
        }
        return Reflect.get(target, property) as unknown;
      },
    });
    const thrown = new SchemaError(endless as SchemaError['issues']);
    reads = 0;
    const started = performance.now();
    const mapped = fromStandardSchemaError(thrown);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(reads).toBe(MAX_FIELD_ERRORS);
    expect(mapped?.details).toHaveLength(MAX_FIELD_ERRORS);
    // A path longer than the cap is cut to its first 100 segments: the field names an ancestor of the value.
    expect((mapped?.details as unknown[] | undefined)?.[0]).toEqual({ field: Array.from({ length: 100 }, () => 'a').join('.'), message: 'Deep' });
  });
});

describe('parseWith(schema, value)', () => {
  it('resolves to the typed output of any Standard Schema library', async () => {
    const fromZod = await parseWith(zodOrder, valid);
    const fromValibot = await parseWith(valibotOrder, valid);
    const fromArk = await parseWith(arkOrder, valid);
    expectTypeOf(fromZod).toEqualTypeOf<z.infer<typeof zodOrder>>();
    expectTypeOf(fromValibot).toEqualTypeOf<v.InferOutput<typeof valibotOrder>>();
    expectTypeOf(fromArk).toEqualTypeOf<typeof arkOrder.infer>();
    expect([fromZod, fromValibot, fromArk]).toEqual([valid, valid, valid]);
  });

  it('returns the output after transforms, not the input', async () => {
    const Trimmed = v.pipe(v.string(), v.trim(), v.transform((text) => text.length));
    const length = await parseWith(Trimmed, '  four  ');
    expectTypeOf(length).toEqualTypeOf<number>();
    expect(length).toBe(4);
  });

  it.each([
    ['zod 4', zodOrder],
    ['valibot 1', valibotOrder],
    ['arktype 2', arkOrder],
  ] as const)('%s: rejects with a 422 whose details match a thrown error', async (_name, schema) => {
    const rejected = await parseWith(schema as Parameters<typeof parseWith>[0], invalid).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(UnprocessableEntity);
    expect((rejected as UnprocessableEntity).details).toEqual(details);
    expect((rejected as UnprocessableEntity).cause).toMatchObject({ name: 'SchemaError', issues: expect.any(Array) as unknown });
  });

  it('awaits an async schema', async () => {
    const Unique = v.pipeAsync(v.string(), v.checkAsync(async (name) => name !== 'taken', 'Name is taken'));
    await expect(parseWith(Unique, 'free')).resolves.toBe('free');
    const rejected = await parseWith(Unique, 'taken').catch((error: unknown) => error);
    expect((rejected as UnprocessableEntity).details).toEqual([{ field: '', message: 'Name is taken' }]);
  });

  it('is a 422 with no details when the schema reports issues errata cannot read', async () => {
    const broken = { '~standard': { version: 1 as const, vendor: 'broken', validate: () => ({ issues: [{ text: 'no message' }] as never }) } };
    const rejected = await parseWith(broken, 1).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(UnprocessableEntity);
    expect((rejected as UnprocessableEntity).details).toEqual([]);
  });
});
