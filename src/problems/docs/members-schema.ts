import type { JsonSchema } from '../../schema/error-schema.js';
import type { DocumentedProblem } from './options.js';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The members' JSON Schema: the definition's `membersJsonSchema`, else the Standard JSON Schema converter's
 * (zod 4, arktype 2), else `undefined` (valibot without `@valibot/to-json-schema`, or no members at all).
 * @internal
 */
export function membersSchemaOf(problem: DocumentedProblem['problem']): JsonSchema | undefined {
  if (isRecord(problem.membersJsonSchema)) return problem.membersJsonSchema;
  const converter = problem.members?.['~standard'].jsonSchema;
  if (converter === undefined || typeof converter.input !== 'function') return undefined;
  try {
    const schema = converter.input({ target: 'draft-2020-12' });
    return isRecord(schema) ? schema : undefined;
  } catch {
    // A schema the library cannot express (zod's transforms, custom checks) is documented as undocumented, not fatal.
    return undefined;
  }
}
