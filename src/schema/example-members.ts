import { isJsonSchema, type JsonSchema } from './error-schema.js';

// One canonical value per common string format, each valid for the format (RFC 3339, RFC 5322, RFC 3986, RFC 5737…).
const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com/',
  iri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  'iri-reference': 'https://example.com/',
  url: 'https://example.com/',
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  duration: 'P1D',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

// Deep enough for any hand-written members; a recursive schema without examples stops here instead of looping.
const MAX_DEPTH = 8;

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Zero when the bounds allow it (zod writes ±MAX_SAFE_INTEGER bounds for `.int()`), else the nearest bound. */
function numberExample(schema: JsonSchema, integer: boolean): number | undefined {
  const min = numberOf(schema.minimum) ?? (numberOf(schema.exclusiveMinimum) === undefined ? undefined : numberOf(schema.exclusiveMinimum)! + 1);
  const max = numberOf(schema.maximum) ?? (numberOf(schema.exclusiveMaximum) === undefined ? undefined : numberOf(schema.exclusiveMaximum)! - 1);
  let value = min !== undefined && min > 0 ? min : max !== undefined && max < 0 ? max : 0;
  const step = numberOf(schema.multipleOf);
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  if (integer) value = Math.ceil(value);
  return (min === undefined || value >= min) && (max === undefined || value <= max) ? value : undefined;
}

function stringExample(schema: JsonSchema): string | undefined {
  let text: string | undefined;
  if (schema.format === undefined) {
    const min = numberOf(schema.minLength) ?? 0;
    const max = numberOf(schema.maxLength) ?? Infinity;
    text = 'string'.padEnd(min, 'x').slice(0, max);
    if (text.length < min) return undefined;
  } else {
    // An unknown format cannot be met by a placeholder: the example must come from the user.
    text = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  }
  // zod writes a pattern beside its formats (`z.iso.datetime()`): the placeholder must match it too.
  if (text !== undefined && schema.pattern !== undefined) {
    try {
      if (typeof schema.pattern !== 'string' || !new RegExp(schema.pattern, 'u').test(text)) return undefined;
    } catch {
      return undefined;
    }
  }
  return text;
}

function firstType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return (schema.type as unknown[]).find((type): type is string => typeof type === 'string' && type !== 'null') ?? 'null';
  if (isJsonSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** The value the schema itself gives as an example, if it gives one. */
function given(schema: JsonSchema): { value: unknown } | undefined {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0] };
  if ('default' in schema) return { value: schema.default };
  if ('const' in schema) return { value: schema.const };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { value: schema.enum[0] };
  return undefined;
}

function objectExample(schema: JsonSchema, depth: number): { value: unknown } | undefined {
  const properties = isJsonSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    // Optional members appear only when their schema gives an example: placeholders there would only add noise.
    const example = required.has(name) ? exampleOf(property, depth + 1) : isJsonSchema(property) ? given(property) : undefined;
    if (example !== undefined) value[name] = example.value;
    else if (required.has(name)) return undefined;
  }
  for (const name of required) if (!(name in value)) return undefined;
  return { value };
}

function exampleOf(schema: unknown, depth: number): { value: unknown } | undefined {
  if (!isJsonSchema(schema) || depth > MAX_DEPTH) return undefined;
  const own = given(schema);
  if (own !== undefined) return own;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) {
      for (const branch of branches as unknown[]) {
        const example = exampleOf(branch, depth + 1);
        if (example !== undefined) return example;
      }
      return undefined;
    }
  }
  // Anything that narrows the value in ways a placeholder cannot see is left to the user's own example.
  if (schema.$ref !== undefined || schema.allOf !== undefined || schema.not !== undefined || schema.if !== undefined) return undefined;
  switch (firstType(schema)) {
    case 'object':
      return objectExample(schema, depth);
    case 'array': {
      const item = exampleOf(schema.items, depth + 1);
      const min = numberOf(schema.minItems) ?? 0;
      if (item === undefined) return min === 0 ? { value: [] } : undefined;
      const count = Math.max(min, numberOf(schema.maxItems) === 0 ? 0 : 1);
      return { value: Array.from({ length: count }, () => item.value) };
    }
    case 'string': {
      const text = stringExample(schema);
      return text === undefined ? undefined : { value: text };
    }
    case 'number':
    case 'integer': {
      const number = numberExample(schema, schema.type === 'integer');
      return number === undefined ? undefined : { value: number };
    }
    case 'boolean':
      return { value: false };
    case 'null':
      return { value: null };
    default:
      return undefined;
  }
}

/**
 * Example members made from a JSON Schema: its own `examples`, `default`, `const` or `enum` first, at any level,
 * then a placeholder per type (`'string'`, `0`, `false`, one item per array, the required properties of an object).
 * `undefined` when a required value cannot be made (a `pattern` the placeholder fails, an unknown `format`, a `$ref`): the caller asks the
 * user for an example rather than show one the schema rejects.
 * @internal
 *
 * @example
 * exampleFromSchema({ type: 'object', required: ['balance'], properties: { balance: { type: 'number', examples: [30] } } });
 * // { value: { balance: 30 } }
 */
export function exampleFromSchema(schema: JsonSchema): { value: unknown } | undefined {
  return exampleOf(schema, 0);
}
