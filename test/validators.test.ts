import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import express from 'express';
import { body, checkExact, validationResult } from 'express-validator';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as errataExpress from '../src/adapters/express/index.js';
import { toHttpError } from '../src/index.js';
import { checkApps, type Check } from './integrations/apps.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const DESCRIPTION_422 = 'The request format is correct, but cannot be responded to due to semantic errors.';

function body422(details: unknown[]) {
  return { status: 422, error: 'Unprocessable Entity', message: 'Validation failed', description: DESCRIPTION_422, retryable: false, details };
}

const invalidUser = { user: { email: 'not-an-email' }, tags: ['a'] };

// zod 4: one issue per invalid value; the path becomes a dotted field, the issue code is kept.
const userSchema = z.object({ name: z.string(), user: z.object({ email: z.email() }), tags: z.array(z.number()) });
const zodCheck: Check = (input) => userSchema.parse(input);
const zodDetails = [
  { field: 'name', message: 'Invalid input: expected string, received undefined', code: 'invalid_type' },
  { field: 'user.email', message: 'Invalid email address', code: 'invalid_format' },
  { field: 'tags.0', message: 'Invalid input: expected number, received string', code: 'invalid_type' },
];

// ajv 8: async schemas throw Ajv.ValidationError; instancePath becomes the field and the keyword the code.
const ajv = new Ajv({ allErrors: true });
// ajv-formats is CommonJS with a `default` export; under NodeNext its types are the module object.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
addFormats(ajv);
const ajvValidate = ajv.compile({
  $async: true,
  type: 'object',
  required: ['name'],
  properties: {
    user: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
    tags: { type: 'array', items: { type: 'number' } },
  },
});
const ajvCheck: Check = (input) => ajvValidate(input);
const ajvDetails = [
  { field: 'name', message: "must have required property 'name'", code: 'required' },
  { field: 'user.email', message: 'must match format "email"', code: 'format' },
  { field: 'tags.0', message: 'must be number', code: 'type' },
];

// express-validator 7: validationResult(req).throw(); the field is each error's path.
const userChains = [body('name').isString().withMessage('Name is required'), body('user.email').isEmail().withMessage('Must be an email'), body('tags.*').isNumeric()];
const validatorCheck: Check = async (input) => {
  const req = { body: input };
  for (const chain of userChains) await chain.run(req);
  validationResult(req).throw();
};
const validatorDetails = [
  { field: 'name', message: 'Name is required' },
  { field: 'user.email', message: 'Must be an email' },
  { field: 'tags.0', message: 'Invalid value' },
];

const validators = [
  { name: 'zod 4 ZodError', check: zodCheck, details: zodDetails },
  { name: 'ajv 8 ValidationError', check: ajvCheck, details: ajvDetails },
  { name: 'express-validator 7 validationResult().throw()', check: validatorCheck, details: validatorDetails },
];

describe.each(checkApps)('$name: validation errors answer 422 with field errors', (app) => {
  it.each(validators)('$name', async ({ check, details }) => {
    const response = await request(app.build(check)).post('/check').send(invalidUser).expect(422);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    expect(response.body).toEqual(body422(details));
  });

  it('valid input passes untouched', async () => {
    const valid = { name: 'Ada', user: { email: 'ada@example.com' }, tags: [1] };
    for (const { check } of validators) {
      await request(app.build(check)).post('/check').send(valid).expect(200, { ok: true });
    }
  });

  it('the problem format carries the same details', async () => {
    const response = await request(app.build(zodCheck, { production: true, problemTypeBase: 'https://example.com/errors/' }))
      .post('/check')
      .set('Accept', 'application/problem+json')
      .send(invalidUser)
      .expect(422);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.text)).toEqual({
      type: 'https://example.com/errors/unprocessable-entity',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Validation failed',
      instance: '/check',
      description: DESCRIPTION_422,
      retryable: false,
      details: zodDetails,
    });
  });
});

describe('express-validator as Express middleware', () => {
  it('checkExact unknown fields and field errors become field errors', async () => {
    const app = express();
    app.post('/users', express.json(), checkExact([body('email').isEmail().withMessage('Must be an email')]), (req, res) => {
      validationResult(req).throw();
      res.json({ ok: true });
    });
    app.use(errataExpress.createErrorHandler({ production: true }));
    const response = await request(app).post('/users').send({ email: 'nope', admin: true }).expect(422);
    expect(response.body).toEqual(
      body422([
        { field: 'email', message: 'Must be an email' },
        { field: 'admin', message: 'Unknown field(s)' },
      ]),
    );
  });
});

describe('the mapped error keeps the original for logs', () => {
  it('cause is the original and the stack is its stack', () => {
    let thrown: unknown;
    try {
      userSchema.parse(invalidUser);
    } catch (error) {
      thrown = error;
    }
    const error = toHttpError(thrown);
    expect(error.status).toBe(422);
    expect(error.cause).toBe(thrown);
    expect(error.stack).toBe((thrown as Error).stack);
  });

  it('a root-level zod issue has the empty field', () => {
    const result = z.string().safeParse(42);
    expect(toHttpError(result.error).details).toEqual([{ field: '', message: 'Invalid input: expected string, received number', code: 'invalid_type' }]);
  });

  it('ajv pointer escapes (~0, ~1) are undone in the field', async () => {
    const validate = new Ajv().compile({ $async: true, type: 'object', properties: { 'a/b': { type: 'object', properties: { 'c~d': { type: 'number' } } } } });
    const thrown = await Promise.resolve(validate({ 'a/b': { 'c~d': 'x' } })).catch((error: unknown) => error);
    expect(toHttpError(thrown).details).toEqual([{ field: 'a/b.c~d', message: 'must be number', code: 'type' }]);
  });
});

describe('express-validator paths', () => {
  it('array indexes become dotted like zod and ajv fields, at any depth', async () => {
    const req = { body: { orders: [{ items: [1, 'x'] }] } };
    await body('orders.*.items.*').isInt().run(req);
    let thrown: unknown;
    try {
      validationResult(req).throw();
    } catch (error) {
      thrown = error;
    }
    expect(toHttpError(thrown).details).toEqual([{ field: 'orders.0.items.1', message: 'Invalid value' }]);
  });
});
