import type { JsonSchema } from '../../schema/error-schema.js';
import type { DocumentedProblem } from './options.js';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The members' JSON Schema, as `openApiResponses` reads it: none without a Standard Schema (the constructor then
 * takes no members, so none are ever sent), else the definition's `membersJsonSchema`, else the schema's Standard
 * JSON Schema converter (zod 4, arktype 2), else `undefined` (valibot without `@valibot/to-json-schema`). A converter
 * that throws (zod's `z.date()`) throws here, naming the fix, when the app starts.
 * @internal
 */
export function membersSchemaOf(problem: DocumentedProblem['problem']): JsonSchema | undefined {
  if (problem.members === undefined) return undefined;
  const given: unknown = problem.membersJsonSchema;
  if (given !== undefined) {
    if (!isRecord(given)) throw new TypeError(`problemDocs: ${problem.name}'s membersJsonSchema must be a JSON Schema object`);
    return given;
  }
  const converter = problem.members['~standard'].jsonSchema;
  if (converter === undefined || typeof converter.input !== 'function') return undefined;
  let schema: unknown;
  try {
    schema = converter.input({ target: 'draft-2020-12' });
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new TypeError(`problemDocs: ${problem.name}'s members schema cannot be written as JSON Schema (${reason}); give membersJsonSchema in its definition`, {
      cause: failure,
    });
  }
  if (!isRecord(schema)) throw new TypeError(`problemDocs: ${problem.name}'s members schema converted to ${typeof schema}, not a JSON Schema object`);
  return schema;
}
