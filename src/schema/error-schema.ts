/**
 * A JSON Schema (2020-12) or OpenAPI 3.1 Schema Object, as plain data.
 *
 * @example
 * const membersJsonSchema: JsonSchema = { type: 'object', required: ['balance'], properties: { balance: { type: 'number' } } };
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * Whether a value can be a JSON Schema object (a plain object, not an array): what every reader of a members
 * schema checks before reading its keywords.
 * @internal
 *
 * @example
 * isJsonSchema({ type: 'object' }); // true
 */
export function isJsonSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const STATUS = { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code of the response.' } as const;

// The FieldError type of the validator integrations, as a schema.
const FIELD_ERRORS = {
  type: 'array',
  description: 'Field errors: what the validator integrations send with a 422.',
  items: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', description: "The dotted path of the value ('user.email', 'tags.0'; '' for the whole input)." },
      message: { type: 'string', description: 'What is wrong with the field.' },
      code: { type: 'string', description: 'A machine-readable reason.' },
    },
  },
} as const;

// The members both bodies carry after their own, in the order the renderer writes them (src/response/render.ts).
const SHARED_FIELDS = {
  description: { type: 'string', minLength: 1, description: "The documented description of the status, or the error's own." },
  retryable: { type: 'boolean', description: 'Whether the same request may succeed later without modification.' },
  retryAfter: { type: 'integer', minimum: 0, description: 'Whole seconds to wait before retrying; the Retry-After header says the same.' },
  code: { type: 'string', minLength: 1, description: "The application's error code, for clients to branch on." },
  details: {
    description:
      'Client-facing details, present only when the error is exposed. Any JSON value; validation errors use the field-error array.',
    // The empty schema keeps any value valid: the anyOf documents the one shape errata itself produces.
    anyOf: [FIELD_ERRORS, {}],
  },
  requestId: { type: 'string', minLength: 1, maxLength: 200, description: 'The request id, also sent as X-Request-Id.' },
  stack: { type: 'string', description: 'The stack trace; sent only outside production.' },
} as const;

/**
 * JSON Schema (2020-12) of the `application/json` error body. Every member errata sends is listed, and no other
 * is allowed, so validating a response against it catches a body that drifts from the contract.
 *
 * @example
 * import Ajv from 'ajv/dist/2020.js';
 * const validate = new Ajv().compile(errorSchema);
 * validate(await response.json()); // true for any errata JSON error body
 */
export const errorSchema = deepFreeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'errata error',
  description: 'The application/json body of an errata error response.',
  type: 'object',
  required: ['status', 'error', 'message', 'retryable'],
  properties: {
    status: STATUS,
    error: { type: 'string', minLength: 1, description: "The status's documented message ('Not Found')." },
    message: { type: 'string', minLength: 1, description: "The error's own message when exposed, else the documented message." },
    ...SHARED_FIELDS,
  },
  additionalProperties: false,
} as const);

/**
 * JSON Schema (2020-12) of the `application/problem+json` body (RFC 9457), with errata's extension members.
 * Other extension members are allowed, as RFC 9457 §3.2 lets any problem type add its own.
 *
 * @example
 * import Ajv from 'ajv/dist/2020.js';
 * import addFormats from 'ajv-formats';
 * const validate = addFormats(new Ajv()).compile(problemSchema);
 */
export const problemSchema = deepFreeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'errata problem details',
  description: 'The application/problem+json body (RFC 9457) of an errata error response.',
  type: 'object',
  required: ['type', 'title', 'status', 'retryable'],
  properties: {
    type: {
      type: 'string',
      format: 'uri-reference',
      description: "The problem type: 'about:blank', or problemTypeBase followed by the kebab-case class name.",
    },
    title: { type: 'string', minLength: 1, description: "The status's documented message ('Not Found')." },
    status: STATUS,
    detail: { type: 'string', minLength: 1, description: "The error's own message when exposed, else the description." },
    // Not format uri-reference: the request path is echoed as the client sent it, unnormalised.
    instance: { type: 'string', minLength: 1, description: 'The path of the request that failed.' },
    ...SHARED_FIELDS,
  },
} as const);
