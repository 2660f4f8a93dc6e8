// openApiResponses with application problems (defineProblem), the body option and description: false: the document
// validates as OpenAPI 3.1, every example passes its own schema, and real Express 5 answers pass the documented schema.
import { Validator } from '@seriousme/openapi-schema-validator';
import { toJsonSchema } from '@valibot/to-json-schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { type } from 'arktype';
import express from 'express';
import request from 'supertest';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createErrorHandler, errorHandler } from '../src/adapters/express/index.js';
import type { ErrorHandlerOptions } from '../src/middleware/options.js';
import {
  defineProblem,
  errorSchema,
  Forbidden,
  openApiResponses,
  problemSchema,
  type ErrorBodyMapper,
  type JsonSchema,
  type OpenApiOptions,
  type OpenApiResponse,
  type ProblemDefinition,
} from '../src/index.js';

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';
const MEDIA = [JSON_TYPE, PROBLEM_TYPE] as const;

const CREDIT_DESCRIPTION = 'Your balance is lower than the cost of this request. Top up your account, then try again.';
const LOCKED_DESCRIPTION = 'Too many failed sign-ins. The account unlocks by itself after the lock period.';
const MAINTENANCE_DESCRIPTION = 'The service is being upgraded. It will be back shortly.';
const NO_BODY_SCHEMA = { description: 'A custom body (the body option); no schema was given for it.' };

// zod 4: its Standard JSON Schema converter documents the members, and its `examples` make the example.
const OutOfCredit = defineProblem({
  type: 'https://api.example.com/problems/out-of-credit',
  status: 403,
  title: 'You do not have enough credit',
  description: CREDIT_DESCRIPTION,
  code: 'OUT_OF_CREDIT',
  members: z.object({
    balance: z.number().meta({ examples: [30] }),
    accounts: z.array(z.string()).meta({ examples: [['/account/12345', '/account/67890']] }),
  }),
});

// valibot 1 has no converter of its own: @valibot/to-json-schema's output is passed in the definition.
const lockedMembers = v.object({ unlocksAt: v.pipe(v.string(), v.isoTimestamp()), attempts: v.optional(v.number()) });
const AccountLocked = defineProblem({
  type: 'https://api.example.com/problems/account-locked',
  status: 403,
  title: 'Your account is locked',
  description: LOCKED_DESCRIPTION,
  code: 'ACCOUNT_LOCKED',
  members: lockedMembers,
  // The cast: valibot's JsonSchema is an interface without an index signature, which errata's JsonSchema type
  // refuses; ProblemDefinition.membersJsonSchema should accept any object (reported to the lead).
  membersJsonSchema: toJsonSchema(lockedMembers) as JsonSchema,
});

// arktype 2: a 5xx, whose members production hides, and retryable, so Retry-After is documented.
const Maintenance = defineProblem({
  type: 'https://api.example.com/problems/maintenance',
  status: 503,
  title: 'Down for maintenance',
  description: MAINTENANCE_DESCRIPTION,
  members: type({ window: 'string' }),
});

const EditConflict = defineProblem({
  type: 'urn:example:problems:edit-conflict',
  status: 409,
  title: 'Someone else edited this',
  description: 'Reload the resource, apply your change again, then save.',
});

const PROBLEMS = [OutOfCredit, AccountLocked, Maintenance, EditConflict] as const;
const ITEMS = [400, 404, ...PROBLEMS, 503] as const;

const credit = { balance: 30, accounts: ['/account/12345', '/account/67890'] };
const locked = { unlocksAt: '2026-12-02T05:00:00Z', attempts: 5 };

const ajv = formats.default(new Ajv2020({ strict: true, allErrors: true }));

function check(schema: JsonSchema, value: unknown): string | undefined {
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

function documentWith(responses: Record<string, OpenApiResponse>) {
  return { openapi: '3.1.0', info: { title: 'errata problems', version: '1.0.0' }, paths: {}, components: { responses } };
}

async function validateDocument(responses: Record<string, OpenApiResponse>): Promise<{ valid: boolean; errors: unknown }> {
  const result = await new Validator().validate(documentWith(responses) as Parameters<Validator['validate']>[0]);
  return { valid: result.valid, errors: result.errors };
}

/** An Express 5 app whose routes throw each problem, and errata's handler with the given options. */
function appWith(handler: ReturnType<typeof createErrorHandler>) {
  const app = express();
  app.get('/credit', () => {
    throw new OutOfCredit(credit);
  });
  app.get('/locked', () => {
    throw new AccountLocked(locked);
  });
  app.get('/maintenance', () => {
    throw new Maintenance({ window: '05:00–06:00 UTC' });
  });
  app.get('/conflict', () => {
    throw new EditConflict();
  });
  app.use(handler);
  return app;
}

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['OutOfCredit', '/credit'],
  ['AccountLocked', '/locked'],
  ['Maintenance', '/maintenance'],
  ['EditConflict', '/conflict'],
];

async function answer(app: express.Express, path: string, accept: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(app).get(path).set('Accept', accept);
  expect(response.headers['content-type']).toBe(`${accept}; charset=utf-8`);
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}

function expectExamplesValid(responses: Record<string, OpenApiResponse>): void {
  for (const [name, response] of Object.entries(responses)) {
    for (const media of MEDIA) {
      const { schema, example } = response.content[media];
      expect(check(schema, example), `${name} ${media}`).toBeUndefined();
    }
  }
}

describe('openApiResponses with problems', () => {
  const responses = openApiResponses(ITEMS);

  it('lists statuses and problems in the order given, each problem keyed by its class name, two 403 problems both', () => {
    expect(Object.keys(responses)).toEqual(['BadRequest', 'NotFound', 'OutOfCredit', 'AccountLocked', 'Maintenance', 'EditConflict', 'ServiceUnavailable']);
    expect(responses.OutOfCredit!.description).toBe(CREDIT_DESCRIPTION);
    expect(responses.AccountLocked!.description).toBe(LOCKED_DESCRIPTION);
    expect(responses.Maintenance!.description).toBe(MAINTENANCE_DESCRIPTION);
    expect(Object.keys(responses.OutOfCredit!.content)).toEqual([JSON_TYPE, PROBLEM_TYPE]);
    // The list's type takes both: a status and a problem class of any status and members.
    const list: Array<number | typeof OutOfCredit | typeof Maintenance> = [400, OutOfCredit, Maintenance];
    expect(Object.keys(openApiResponses(list))).toEqual(['BadRequest', 'OutOfCredit', 'Maintenance']);
  });

  it('the document validates against the OpenAPI 3.1 schema', async () => {
    expect(await validateDocument(responses)).toEqual({ valid: true, errors: undefined });
  });

  it('a problem entry without its description fails the same validation (the check can fail)', async () => {
    const broken = { ...responses, OutOfCredit: { content: responses.OutOfCredit!.content } as OpenApiResponse };
    expect((await validateDocument(broken)).valid).toBe(false);
  });

  it('the problem+json schema fixes type, title, status and code, and lists the zod members as the body\'s own', () => {
    const schema = responses.OutOfCredit!.content[PROBLEM_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(schema.title).toBe('OutOfCredit');
    expect(schema.$schema).toBeUndefined();
    expect(schema.required).toEqual(['type', 'title', 'status', 'retryable', 'balance', 'accounts']);
    expect(schema.properties!.type).toMatchObject({ type: 'string', const: 'https://api.example.com/problems/out-of-credit' });
    expect(schema.properties!.title).toMatchObject({ type: 'string', const: 'You do not have enough credit' });
    expect(schema.properties!.status).toMatchObject({ type: 'integer', const: 403 });
    expect(schema.properties!.code).toMatchObject({ type: 'string', const: 'OUT_OF_CREDIT' });
    expect(schema.properties!.balance).toEqual({ type: 'number', examples: [30] });
    expect(schema.properties!.accounts).toEqual({ type: 'array', items: { type: 'string' }, examples: [credit.accounts] });
    expect(schema.properties!.details).toBeUndefined();
    expect(Object.keys(schema.properties!)).toEqual([...Object.keys(problemSchema.properties).filter((key) => key !== 'details'), 'balance', 'accounts']);
  });

  it('the JSON schema is errorSchema with status and code fixed and the members as details', () => {
    const schema = responses.OutOfCredit!.content[JSON_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(errorSchema.required);
    expect(schema.properties!.status).toMatchObject({ const: 403 });
    expect(schema.properties!.code).toMatchObject({ const: 'OUT_OF_CREDIT' });
    expect(schema.properties!.details).toEqual({
      type: 'object',
      properties: { balance: { type: 'number', examples: [30] }, accounts: { type: 'array', items: { type: 'string' }, examples: [credit.accounts] } },
      required: ['balance', 'accounts'],
      description: 'The OutOfCredit members.',
    });
  });

  it('valibot members come from membersJsonSchema (its draft-07 $schema dropped), arktype\'s from its own converter', () => {
    const lockedSchema = responses.AccountLocked!.content[PROBLEM_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(lockedSchema.properties!.unlocksAt).toEqual({ type: 'string', format: 'date-time' });
    expect(lockedSchema.properties!.attempts).toEqual({ type: 'number' });
    expect(lockedSchema.required).toEqual(['type', 'title', 'status', 'retryable', 'unlocksAt']);
    expect((responses.AccountLocked!.content[JSON_TYPE].schema as Record<string, Record<string, unknown>>).properties!.details).toEqual({
      type: 'object',
      properties: { unlocksAt: { type: 'string', format: 'date-time' }, attempts: { type: 'number' } },
      required: ['unlocksAt'],
      description: 'The AccountLocked members.',
    });

    const maintenance = responses.Maintenance!.content[PROBLEM_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(maintenance.properties!.window).toEqual({ type: 'string' });
    // A 5xx's members are hidden in production, so the body never has to carry them.
    expect(maintenance.required).toEqual(['type', 'title', 'status', 'retryable']);
    expect(maintenance.description).toBe(
      'The application/problem+json body of the Maintenance problem (https://api.example.com/problems/maintenance). Its members are sent only when the error is exposed: never in production.',
    );
    expect(maintenance.properties!.code).toBeUndefined();
  });

  it('a problem without members documents no details and no code', () => {
    const json = responses.EditConflict!.content[JSON_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(json.properties!.details).toBeUndefined();
    expect(json.properties!.code).toBeUndefined();
    expect(check(json, { ...responses.EditConflict!.content[JSON_TYPE].example, details: {} })).toBe('data must NOT have additional properties');
  });

  it('examples are the handler\'s production bodies, with example members from the schema\'s examples', () => {
    expect(responses.OutOfCredit!.content[JSON_TYPE].example).toEqual({
      status: 403,
      error: 'Forbidden',
      message: 'You do not have enough credit',
      description: CREDIT_DESCRIPTION,
      retryable: false,
      code: 'OUT_OF_CREDIT',
      details: credit,
    });
    expect(responses.OutOfCredit!.content[PROBLEM_TYPE].example).toEqual({
      type: 'https://api.example.com/problems/out-of-credit',
      title: 'You do not have enough credit',
      status: 403,
      detail: CREDIT_DESCRIPTION,
      description: CREDIT_DESCRIPTION,
      retryable: false,
      code: 'OUT_OF_CREDIT',
      ...credit,
    });
    // No examples in valibot's schema: a format's canonical value stands in for the required member.
    expect(responses.AccountLocked!.content[PROBLEM_TYPE].example).toMatchObject({ type: 'https://api.example.com/problems/account-locked', unlocksAt: '2026-01-01T00:00:00Z' });
    expect(responses.AccountLocked!.content[PROBLEM_TYPE].example).not.toHaveProperty('attempts');
    expect(responses.Maintenance!.content[PROBLEM_TYPE].example).toEqual({
      type: 'https://api.example.com/problems/maintenance',
      title: 'Down for maintenance',
      status: 503,
      detail: MAINTENANCE_DESCRIPTION,
      description: MAINTENANCE_DESCRIPTION,
      retryable: true,
    });
    expect(responses.EditConflict!.content[JSON_TYPE].example).toEqual({
      status: 409,
      error: 'Conflict',
      message: 'Someone else edited this',
      description: 'Reload the resource, apply your change again, then save.',
      retryable: false,
    });
  });

  it('every example passes its own schema (Ajv 2020, strict, formats)', () => {
    expectExamplesValid(responses);
  });

  it('a body of one problem fails the schema of another, and a member of the wrong type fails its own', () => {
    const creditSchema = responses.OutOfCredit!.content[PROBLEM_TYPE].schema;
    expect(check(creditSchema, responses.AccountLocked!.content[PROBLEM_TYPE].example)).toMatch(/must be equal to constant/);
    expect(check(creditSchema, { ...responses.OutOfCredit!.content[PROBLEM_TYPE].example, balance: 'thirty' })).toBe('data/balance must be number');
    const { balance: _balance, ...withoutBalance } = responses.OutOfCredit!.content[PROBLEM_TYPE].example;
    expect(check(creditSchema, withoutBalance)).toBe("data must have required property 'balance'");
    const jsonSchema = responses.OutOfCredit!.content[JSON_TYPE].schema;
    expect(check(jsonSchema, { ...responses.OutOfCredit!.content[JSON_TYPE].example, details: { balance: 30 } })).toBe("data/details must have required property 'accounts'");
  });

  it('documents the headers the problem\'s status and retryable flag imply', () => {
    expect(responses.OutOfCredit!.headers).toBeUndefined();
    expect(Object.keys(responses.Maintenance!.headers ?? {})).toEqual(['Retry-After']);
    const Busy = defineProblem({ type: 'https://api.example.com/problems/busy', status: 403, title: 'Busy', description: 'Try later.', retryable: true });
    expect(Object.keys(openApiResponses([Busy]).Busy!.headers ?? {})).toEqual(['Retry-After']);
  });
});

describe('real Express 5 answers pass the documented schema', () => {
  const responses = openApiResponses(PROBLEMS);
  const app = appWith(errorHandler);

  it.each(ROUTES.flatMap(([name, path]) => MEDIA.map((media) => [name, path, media] as const)))('%s (%s) as %s', async (name, path, media) => {
    const { status, body } = await answer(app, path, media);
    expect(status).toBe(statusOf(name));
    expect(body.status).toBe(status);
    expect(check(responses[name]!.content[media].schema, body)).toBeUndefined();
  });

  it('the real OutOfCredit bodies are the examples, plus the request path', async () => {
    expect((await answer(app, '/credit', JSON_TYPE)).body).toEqual(responses.OutOfCredit!.content[JSON_TYPE].example);
    expect((await answer(app, '/credit', PROBLEM_TYPE)).body).toEqual({ ...responses.OutOfCredit!.content[PROBLEM_TYPE].example, instance: '/credit' });
  });

  it('the real AccountLocked body fails OutOfCredit\'s schema (the check can fail)', async () => {
    const { body } = await answer(app, '/locked', PROBLEM_TYPE);
    expect(check(responses.OutOfCredit!.content[PROBLEM_TYPE].schema, body)).toMatch(/must be equal to constant/);
  });
});

function statusOf(name: string): number {
  return PROBLEMS.find((Problem) => Problem.problem.name === name)!.status;
}

describe('examples', () => {
  it('the examples option gives a problem\'s example members, checked against its schema', () => {
    const { OutOfCredit: entry } = openApiResponses([OutOfCredit], { examples: { OutOfCredit: { balance: 5, accounts: [] } } });
    expect(entry!.content[PROBLEM_TYPE].example).toMatchObject({ balance: 5, accounts: [] });
    expect(entry!.content[JSON_TYPE].example.details).toEqual({ balance: 5, accounts: [] });
    expect(() => openApiResponses([OutOfCredit], { examples: { OutOfCredit: { balance: 'five', accounts: [] } } })).toThrow(
      new TypeError('openApiResponses: the example members of OutOfCredit from the examples option do not match its schema: balance: Invalid input: expected number, received string'),
    );
  });

  it('an examples key that names no problem in the list throws (a misspelt name would go unnoticed)', () => {
    expect(() => openApiResponses([404, OutOfCredit], { examples: { OutOfCredits: credit, NotFound: {} } })).toThrow(
      new TypeError('openApiResponses: examples names OutOfCredits, NotFound, which is no problem in the list'),
    );
  });

  it('an `example` in the definition is used when the definition carries one', () => {
    const definition = { ...OutOfCredit.problem, name: undefined, example: { balance: 12, accounts: ['/account/1'] } };
    const WithExample = defineProblem(definition as unknown as ProblemDefinition<403, NonNullable<typeof OutOfCredit.problem.members>>);
    expect(openApiResponses([WithExample]).OutOfCredit!.content[JSON_TYPE].example.details).toEqual({ balance: 12, accounts: ['/account/1'] });
  });

  it('without examples, placeholders fill the required members: a string, 0 within bounds, one item per array, a format\'s value that meets zod\'s pattern', () => {
    const Plain = defineProblem({
      type: 'https://api.example.com/problems/plain',
      status: 422,
      title: 'Plain',
      description: 'Plain members.',
      members: z.object({ name: z.string(), count: z.number().int(), size: z.number().min(3), tags: z.array(z.string()), ok: z.boolean(), at: z.iso.datetime(), note: z.string().optional() }),
    });
    const { Plain: entry } = openApiResponses([Plain]);
    expect(entry!.content[JSON_TYPE].example.details).toEqual({ name: 'string', count: 0, size: 3, tags: ['string'], ok: false, at: '2026-01-01T00:00:00Z' });
    expect(check(entry!.content[JSON_TYPE].schema, entry!.content[JSON_TYPE].example)).toBeUndefined();
  });

  it('members no placeholder can satisfy ask for an example, naming the option', () => {
    const Coded = defineProblem({
      type: 'https://api.example.com/problems/coded',
      status: 400,
      title: 'Coded',
      description: 'A coded problem.',
      members: z.object({ ref: z.string().regex(/^R-\d+$/) }),
    });
    expect(() => openApiResponses([Coded])).toThrow(
      new TypeError('openApiResponses: no example members for Coded (its JSON Schema gives none, and no placeholder fits it); give example members as openApiResponses(…, { examples: { Coded: { … } } })'),
    );
    expect(openApiResponses([Coded], { examples: { Coded: { ref: 'R-7' } } }).Coded!.content[PROBLEM_TYPE].example).toMatchObject({ ref: 'R-7' });
  });
});

describe('members without a JSON Schema', () => {
  const Undocumented = defineProblem({
    type: 'https://api.example.com/problems/undocumented',
    status: 402,
    title: 'Undocumented',
    description: 'Members with no JSON Schema.',
    members: v.object({ due: v.number() }),
  });
  const NOTE = 'The members are a Standard Schema that cannot produce JSON Schema, and no membersJsonSchema was given in the definition: any object.';

  it('are documented as any object, saying why, and need an example', async () => {
    expect(() => openApiResponses([Undocumented])).toThrow(/no example members for Undocumented \(it has no JSON Schema to make them from\)/);
    const { Undocumented: entry } = openApiResponses([Undocumented], { examples: { Undocumented: { due: 20 } } });
    const json = entry!.content[JSON_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(json.properties!.details).toEqual({ type: 'object', description: `The Undocumented members. ${NOTE}` });
    expect(entry!.content[PROBLEM_TYPE].schema.description).toBe(
      `The application/problem+json body of the Undocumented problem (https://api.example.com/problems/undocumented). Its members are sent as extension members. ${NOTE}`,
    );
    expect(entry!.content[PROBLEM_TYPE].example).toMatchObject({ due: 20 });
    expectExamplesValid({ Undocumented: entry! });
    expect(await validateDocument({ Undocumented: entry! })).toEqual({ valid: true, errors: undefined });
  });

  it('a converter that cannot write the schema (zod\'s z.date()) throws, pointing at membersJsonSchema', () => {
    const Dated = defineProblem({ type: 'https://api.example.com/problems/dated', status: 400, title: 'Dated', description: 'Dated.', members: z.object({ at: z.date() }) });
    expect(() => openApiResponses([Dated])).toThrow(
      new TypeError("openApiResponses: Dated's members schema cannot be written as JSON Schema (Date cannot be represented in JSON Schema); give membersJsonSchema in its definition"),
    );
    const Given = defineProblem({ ...Dated.problem, name: 'Given', membersJsonSchema: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } }, required: ['at'] } });
    expect(() => openApiResponses([Given])).toThrow(/example members of Given|no example members for Given/);
    const { Given: entry } = openApiResponses([Given], { examples: { Given: { at: new Date('2026-12-02T00:00:00Z') } } });
    expect(entry!.content[PROBLEM_TYPE].example).toMatchObject({ at: '2026-12-02T00:00:00.000Z' });
    expectExamplesValid({ Given: entry! });
  });
});

describe('members whose schema has definitions', () => {
  const Category = z.object({ name: z.string(), get children(): z.ZodArray<typeof Category> {
    return z.array(Category);
  } });
  const Cyclic = defineProblem({
    type: 'https://api.example.com/problems/cyclic-category',
    status: 409,
    title: 'The categories would form a cycle',
    description: 'A category cannot be moved under one of its own descendants.',
    members: z.object({ moved: Category, under: Category }),
  });
  const tree = { name: 'books', children: [{ name: 'novels', children: [] }] };

  it('lift $defs to the root of each body schema, with an $id, so references resolve in the document and for a validator', async () => {
    const { CyclicCategory: entry } = openApiResponses([Cyclic], { examples: { CyclicCategory: { moved: tree, under: tree.children[0] } } });
    const problem = entry!.content[PROBLEM_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(problem.properties!.moved).toEqual({ $ref: '#/$defs/__schema0' });
    expect(Object.keys(problem.$defs!)).toEqual(['__schema0']);
    expect(problem.$id).toBe('urn:errata:openapi:CyclicCategory:problem');
    const json = entry!.content[JSON_TYPE].schema as Record<string, Record<string, unknown>>;
    expect(Object.keys(json.$defs!)).toEqual(['__schema0']);
    expect(json.$id).toBe('urn:errata:openapi:CyclicCategory:json');
    // Schemas without definitions need no $id: most documents stay free of them.
    expect(openApiResponses([OutOfCredit]).OutOfCredit!.content[JSON_TYPE].schema).not.toHaveProperty('$id');
    expect(json.properties!.details).not.toHaveProperty('$defs');
    expectExamplesValid({ CyclicCategory: entry! });
    expect(check(entry!.content[PROBLEM_TYPE].schema, { ...entry!.content[PROBLEM_TYPE].example, moved: { name: 'x', children: [{ name: 7, children: [] }] } })).toBe(
      'data/moved/children/0/name must be string',
    );
    expect(await validateDocument({ CyclicCategory: entry! })).toEqual({ valid: true, errors: undefined });
  });

  it('a reference to anything else in the members\' schema throws: inside a body it would point at the body', () => {
    const Rooted = defineProblem({
      ...Cyclic.problem,
      name: 'Rooted',
      membersJsonSchema: { type: 'object', properties: { parent: { $ref: '#' } }, required: ['parent'] },
    });
    expect(() => openApiResponses([Rooted])).toThrow(
      new TypeError('openApiResponses: Rooted\'s members schema refers to "#", which inside a body schema would not be the members; put what it refers to under $defs'),
    );
  });
});

describe('what else the list may hold', () => {
  it.each([
    ["the string '404'", '404', '"404"'],
    ['a plain object', {}, 'an object'],
    ['null', null, 'null'],
    ["a status class (Forbidden), which has no problem definition", Forbidden, 'the function Forbidden'],
    ['true', true, 'boolean true'],
  ])('throws a TypeError for %s', (_label, item, shown) => {
    expect(() => openApiResponses([item as unknown as number])).toThrow(
      new TypeError(`openApiResponses: expected an error status (400–599) or a class made by defineProblem, not ${shown}`),
    );
  });

  it('still throws a RangeError for a number that is not an error status', () => {
    expect(() => openApiResponses([OutOfCredit, 200])).toThrow(new RangeError('openApiResponses: status 200 is not an error status (400–599)'));
  });

  it('throws when two different entries would share a name, and lists a repeated problem once', () => {
    const Shadow = defineProblem({ type: 'https://api.example.com/problems/not-found', status: 404, title: 'Missing', description: 'Missing.' });
    expect(Shadow.problem.name).toBe('NotFound');
    expect(() => openApiResponses([404, Shadow])).toThrow(
      new TypeError('openApiResponses: two entries are named NotFound (number 404 and the function NotFound); give one problem another name'),
    );
    const Twin = defineProblem({ ...OutOfCredit.problem, type: 'https://other.example.com/problems/out-of-credit', name: undefined });
    expect(() => openApiResponses([OutOfCredit, Twin])).toThrow(/two entries are named OutOfCredit/);
    expect(Object.keys(openApiResponses([OutOfCredit, OutOfCredit, 404, 404]))).toEqual(['OutOfCredit', 'NotFound']);
  });
});

describe('a custom body (the body option)', () => {
  // Fastify's and Nest's shape, as a team that already sends it would keep it.
  const fastifyShape: ErrorBodyMapper = ({ status, error, message, details }) => ({ statusCode: status, error, message, ...(details === undefined ? {} : { details }) });
  const fastifySchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' }, details: {} },
    additionalProperties: false,
  };
  const { $schema: _dialect, ...embeddedFastify } = fastifySchema;

  it('without bodySchema, the custom format says no schema was given; the examples are the custom bodies', async () => {
    const responses = openApiResponses([404, OutOfCredit], { body: { json: fastifyShape } });
    for (const name of ['NotFound', 'OutOfCredit']) expect(responses[name]!.content[JSON_TYPE].schema).toEqual(NO_BODY_SCHEMA);
    expect(responses.NotFound!.content[JSON_TYPE].example).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    expect(responses.OutOfCredit!.content[JSON_TYPE].example).toEqual({ statusCode: 403, error: 'Forbidden', message: 'You do not have enough credit', details: credit });
    // problem+json has no custom body here: errata's own schema and body stay.
    expect(responses.OutOfCredit!.content[PROBLEM_TYPE].schema).toEqual(openApiResponses([OutOfCredit]).OutOfCredit!.content[PROBLEM_TYPE].schema);
    expect(responses.OutOfCredit!.content[PROBLEM_TYPE].example.type).toBe('https://api.example.com/problems/out-of-credit');
    expect(await validateDocument(responses)).toEqual({ valid: true, errors: undefined });
  });

  it('with bodySchema, that schema is documented and the handler\'s real answers pass it', async () => {
    const options = { body: { json: fastifyShape } } satisfies OpenApiOptions & ErrorHandlerOptions<unknown>;
    // The example members are the ones the routes throw with, so each example is the real answer.
    const responses = openApiResponses([404, ...PROBLEMS], { ...options, bodySchema: { json: fastifySchema }, examples: { AccountLocked: locked } });
    expect(responses.OutOfCredit!.content[JSON_TYPE].schema).toEqual(embeddedFastify);
    expect(responses.NotFound!.content[JSON_TYPE].schema).toEqual(embeddedFastify);
    expectExamplesValid(responses);
    expect(await validateDocument(responses)).toEqual({ valid: true, errors: undefined });

    const app = appWith(createErrorHandler(options));
    for (const [name, path] of ROUTES) {
      const { body } = await answer(app, path, JSON_TYPE);
      expect(check(responses[name]!.content[JSON_TYPE].schema, body), name).toBeUndefined();
      expect(body).toEqual(responses[name]!.content[JSON_TYPE].example);
    }
    // errata's own body (with `status`) fails the custom schema: the check can fail.
    expect(check(embeddedFastify, openApiResponses([404]).NotFound!.content[JSON_TYPE].example)).toMatch(/^data must have required property 'statusCode'/);
  });

  it('a custom problem+json body with no schema is documented as such, beside errata\'s own JSON', () => {
    const problem: ErrorBodyMapper = ({ type: problemType, title, status }) => ({ type: problemType, title, status });
    const responses = openApiResponses([OutOfCredit], { body: { problem }, bodySchema: { json: fastifySchema } });
    expect(responses.OutOfCredit!.content[PROBLEM_TYPE]).toEqual({
      schema: NO_BODY_SCHEMA,
      example: { type: 'https://api.example.com/problems/out-of-credit', title: 'You do not have enough credit', status: 403 },
    });
    // bodySchema applies only where a custom body is given.
    expect(responses.OutOfCredit!.content[JSON_TYPE].schema).toEqual(openApiResponses([OutOfCredit]).OutOfCredit!.content[JSON_TYPE].schema);
  });

  it('rejects a bodySchema that is not a schema object', () => {
    expect(() => openApiResponses([404], { bodySchema: { json: 'yes' as unknown as JsonSchema } })).toThrow(
      new TypeError('openApiResponses: bodySchema takes a JSON Schema object for json and problem; "json" is "yes"'),
    );
  });
});

describe('description: false', () => {
  const responses = openApiResponses([404, ...PROBLEMS], { description: false });

  it('removes description from every schema and example, and the handler\'s real answers pass the schemas', async () => {
    for (const [name, response] of Object.entries(responses)) {
      for (const media of MEDIA) {
        expect((response.content[media].schema.properties as JsonSchema).description, `${name} ${media}`).toBeUndefined();
        expect(response.content[media].example, `${name} ${media}`).not.toHaveProperty('description');
      }
    }
    // The response's own description is documentation of the entry, not the body: it stays.
    expect(responses.OutOfCredit!.description).toBe(CREDIT_DESCRIPTION);
    expect(responses.OutOfCredit!.content[PROBLEM_TYPE].example).toEqual({
      type: 'https://api.example.com/problems/out-of-credit',
      title: 'You do not have enough credit',
      status: 403,
      retryable: false,
      code: 'OUT_OF_CREDIT',
      ...credit,
    });
    expectExamplesValid(responses);
    expect(await validateDocument(responses)).toEqual({ valid: true, errors: undefined });

    const app = appWith(createErrorHandler({ description: false }));
    for (const [name, path] of ROUTES) {
      for (const media of MEDIA) {
        const { body } = await answer(app, path, media);
        expect(check(responses[name]!.content[media].schema, body), `${name} ${media}`).toBeUndefined();
      }
    }
  });

  it('a JSON body that still carries a description fails the schema (the check can fail)', async () => {
    const { body } = await answer(appWith(errorHandler), '/credit', JSON_TYPE);
    expect(body.description).toBe(CREDIT_DESCRIPTION);
    expect(check(responses.OutOfCredit!.content[JSON_TYPE].schema, body)).toBe('data must NOT have additional properties');
  });
});
