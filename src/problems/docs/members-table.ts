import { isJsonSchema, type JsonSchema } from '../../schema/error-schema.js';

/** One row of a problem page's members table. @internal */
export interface MemberRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** A short type label a reader can scan: `string`, `array of string`, `"gold" | "silver"`, `number | null`. @internal */
export function typeLabel(schema: unknown, depth = 0): string {
  if (!isJsonSchema(schema)) return schema === true ? 'any' : 'unknown';
  if ('const' in schema) return JSON.stringify(schema.const) ?? 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value) ?? 'unknown').join(' | ');
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1) || 'object';
  // Nested unions and arrays stop at a depth a table cell can hold.
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union) && depth < 3) return union.map((branch) => typeLabel(branch, depth + 1)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type.filter((type): type is string => typeof type === 'string') : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) return 'any';
  return types
    .map((type) => {
      if (type === 'array' && isJsonSchema(schema.items) && depth < 3) return `array of ${typeLabel(schema.items, depth + 1)}`;
      return type === 'string' && typeof schema.format === 'string' ? `string (${schema.format})` : type;
    })
    .join(' | ');
}

/** The rows of an object schema's properties, in the schema's order; none for any other schema. @internal */
export function memberRows(schema: JsonSchema): MemberRow[] {
  const properties = schema.properties;
  if (!isJsonSchema(properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  return Object.keys(properties).map((name) => {
    const property = properties[name];
    const description = isJsonSchema(property) && typeof property.description === 'string' ? property.description : '';
    return { name, type: typeLabel(property), required: required.has(name), description };
  });
}
