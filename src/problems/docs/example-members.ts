import type { JsonSchema } from '../../schema/error-schema.js';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BY_TYPE: Readonly<Record<string, unknown>> = { string: 'string', number: 0, integer: 0, boolean: false, null: null };

/**
 * A value matching a JSON Schema well enough to illustrate it: the schema's own `examples[0]`, `default`, `const`
 * or first `enum` value where it has one, else a placeholder by type (`"string"`, `0`, `false`, one array item,
 * every object property). Constraints (`minimum`, `pattern`) are not solved: give `examples` for those.
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
