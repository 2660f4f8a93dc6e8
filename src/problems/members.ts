import { isJsonSchema, type JsonSchema } from '../schema/error-schema.js';
import { exampleFromSchema } from '../schema/example-members.js';
import type { ProblemClass } from './define-problem.js';
import { describeIssues } from './issues-text.js';

/** What the documentation builders (openApiResponses, problemDocs) read of a problem class. */
type ProblemInfo = ProblemClass['problem'];

/** Where a problem's members are documented from: none (no Standard Schema), a JSON Schema, or nothing that can say. */
export type MembersDoc = { kind: 'none' } | { kind: 'schema'; schema: JsonSchema } | { kind: 'undocumented' };

/**
 * The JSON Schema of a problem's members: the definition's `membersJsonSchema` when given (it is what the user chose
 * to document), else the Standard Schema's own converter (`~standard.jsonSchema`: zod 4, arktype 2). A problem
 * without a Standard Schema has no members (its constructor takes none); a schema that cannot be converted (valibot
 * without `@valibot/to-json-schema`) is undocumented. A converter that throws (zod's `z.date()`) throws here, naming
 * the fix, when the document or the pages are made. `caller` names the function in messages.
 * @internal
 */
export function membersDocOf(caller: string, problem: ProblemInfo): MembersDoc {
  if (problem.members === undefined) return { kind: 'none' };
  if (problem.membersJsonSchema !== undefined) {
    if (!isJsonSchema(problem.membersJsonSchema)) throw new TypeError(`${caller}: ${problem.name}'s membersJsonSchema must be a JSON Schema object`);
    return { kind: 'schema', schema: problem.membersJsonSchema };
  }
  const converter = problem.members['~standard'].jsonSchema;
  if (converter === undefined || typeof converter.input !== 'function') return { kind: 'undocumented' };
  let schema: unknown;
  try {
    schema = converter.input({ target: 'draft-2020-12' });
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new TypeError(`${caller}: ${problem.name}'s members schema cannot be written as JSON Schema (${reason}); give membersJsonSchema in its definition`, {
      cause: failure,
    });
  }
  if (!isJsonSchema(schema)) throw new TypeError(`${caller}: ${problem.name}'s members schema converted to ${typeof schema}, not a JSON Schema object`);
  return { kind: 'schema', schema };
}

/** Why the problem's schema refuses the members, or `undefined`; an async schema is trusted, as the constructor does. */
function rejection(problem: ProblemInfo, members: unknown): string | undefined {
  const result = problem.members?.['~standard'].validate(members);
  if (result === undefined || result instanceof Promise || !result.issues) return undefined;
  return describeIssues(result.issues, 3);
}

/**
 * The members of a problem's example body, the same for the OpenAPI document and the docs pages: the `examples`
 * option's, else the definition's `example`, else made from the members' JSON Schema. Whatever is chosen must pass
 * the problem's own schema, so no example shows a body the schema (and, in development, the constructor) would
 * refuse; a `TypeError` says which problem needs an example when none fits. `undefined` for a problem without members.
 * @internal
 */
export function exampleMembersOf(caller: string, problem: ProblemInfo, members: MembersDoc, examples: Readonly<Record<string, unknown>> | undefined): unknown {
  if (members.kind === 'none') return undefined;
  const ask = `give example members as ${caller}(…, { examples: { ${problem.name}: { … } } })`;
  const explicit =
    examples !== undefined && Object.hasOwn(examples, problem.name)
      ? { value: examples[problem.name], from: 'the examples option' }
      : problem.example !== undefined
        ? { value: problem.example, from: 'the definition' }
        : undefined;
  if (explicit !== undefined) {
    const issues = rejection(problem, explicit.value);
    if (issues !== undefined) throw new TypeError(`${caller}: the example members of ${problem.name} from ${explicit.from} do not match its schema: ${issues}`);
    return explicit.value;
  }
  const made = members.kind === 'schema' ? exampleFromSchema(members.schema) : undefined;
  const issues =
    members.kind !== 'schema'
      ? 'it has no JSON Schema to make them from'
      : made === undefined
        ? 'its JSON Schema gives none, and no placeholder fits it'
        : rejection(problem, made.value);
  if (made === undefined || issues !== undefined) throw new TypeError(`${caller}: no example members for ${problem.name} (${issues}); ${ask}`);
  return made.value;
}
