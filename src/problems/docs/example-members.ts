import type { JsonSchema } from '../../schema/error-schema.js';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BY_TYPE: Readonly<Record<string, unknown>> = { string: 'string', number: 0, integer: 0, boolean: false, null: null };
// The formats zod, arktype and valibot write, with a value each that their own checks accept.
const BY_FORMAT: Readonly<Record<string, string>> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

function numberOf(schema: Readonly<Record<string, unknown>>, integer: boolean): number {
  // The least value the bounds allow, so that `z.number().min(1)` and `positive()` get a value they accept.
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const exclusive = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const least = Math.max(minimum ?? -Infinity, exclusive ?? -Infinity);
  if (least === -Infinity) return 0;
  return integer ? Math.ceil(least) : least;
}

function stringOf(schema: Readonly<Record<string, unknown>>): string {
  const formatted = typeof schema.format === 'string' ? BY_FORMAT[schema.format] : undefined;
  if (formatted !== undefined) return formatted;
  const minLength = typeof schema.minLength === 'number' ? Math.min(schema.minLength, 256) : 0;
  return 'string'.padEnd(minLength, 'x');
}

/**
 * A value matching a JSON Schema well enough to illustrate it: the schema's own `examples[0]`, `default`, `const`
 * or first `enum` value where it has one, else a placeholder by type (`"string"`, `0`, `false`, one array item,
 * every object property), a string of a known `format` or `minLength`, a number at its `minimum`. Other constraints
 * (`pattern`, `maximum`, `multipleOf`) are not solved: give `examples` for those.
 * @internal
 */
export function exampleOf(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) return exampleOf(branches[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (isRecord(schema.properties) ? 'object' : undefined);
  if (type === 'string') return stringOf(schema);
  if (type === 'number' || type === 'integer') return numberOf(schema, type === 'integer');
  if (type === 'array') return isRecord(schema.items) ? [exampleOf(schema.items, depth + 1)] : [];
  if (type === 'object') {
    const members: Record<string, unknown> = {};
    if (isRecord(schema.properties)) for (const [name, property] of Object.entries(schema.properties)) members[name] = exampleOf(property, depth + 1);
    return members;
  }
  return typeof type === 'string' && type in BY_TYPE ? BY_TYPE[type] : null;
}

/** The example members of an object schema, or `undefined` when there is no schema to read. @internal */
export function exampleMembers(schema: JsonSchema | undefined): unknown {
  return schema === undefined ? undefined : exampleOf(schema);
}
