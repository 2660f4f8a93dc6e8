import type { JsonSchema } from '../../schema/error-schema.js';
import { exampleFromSchema } from '../../schema/example-members.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import type { DocumentedProblem, ProblemDocsOptions } from './options.js';

function issuesText(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Why the problem's schema refuses the members, or `undefined`; an async schema is trusted, as the constructor does. */
function rejection(problem: DocumentedProblem['problem'], members: unknown): string | undefined {
  const result = problem.members?.['~standard'].validate(members);
  if (result === undefined || result instanceof Promise || !result.issues) return undefined;
  return issuesText(result.issues);
}

/**
 * The members of a problem's example body, chosen as `openApiResponses` chooses them, so that the docs page and the
 * OpenAPI document show the same example: the `examples` option's, else the definition's `example`, else made from
 * the members' JSON Schema (src/schema/example-members.ts). Whatever is chosen must pass the problem's own schema,
 * so a page never shows a body the schema (and, in development, the constructor) would refuse; a `TypeError` says
 * which problem needs an example when none fits.
 * @internal
 */
export function exampleMembersOf(Problem: DocumentedProblem, schema: JsonSchema | undefined, examples: ProblemDocsOptions['examples']): unknown {
  const problem = Problem.problem;
  if (problem.members === undefined) return undefined;
  const ask = `give example members as problemDocs(…, { examples: { ${problem.name}: { … } } })`;
  const explicit =
    examples !== undefined && Object.prototype.hasOwnProperty.call(examples, problem.name)
      ? { value: examples[problem.name], from: 'the examples option' }
      : 'example' in problem
        ? { value: (problem as { example?: unknown }).example, from: 'the definition' }
        : undefined;
  if (explicit !== undefined) {
    const issues = rejection(problem, explicit.value);
    if (issues !== undefined) throw new TypeError(`problemDocs: the example members of ${problem.name} from ${explicit.from} do not match its schema: ${issues}`);
    return explicit.value;
  }
  const made = schema === undefined ? undefined : exampleFromSchema(schema);
  const issues =
    schema === undefined
      ? 'it has no JSON Schema to make them from'
      : made === undefined
        ? 'its JSON Schema gives none, and no placeholder fits it'
        : rejection(problem, made.value);
  if (made === undefined || issues !== undefined) throw new TypeError(`problemDocs: no example members for ${problem.name} (${issues}); ${ask}`);
  return made.value;
}
