import type { ProblemClass } from '../problems/define-problem.js';
import { RESERVED_MEMBERS } from '../problems/problem-data.js';
import { errorSchema, problemSchema, type JsonSchema } from './error-schema.js';

/** What errata knows of a problem's members: none at all, a JSON Schema, or a Standard Schema it cannot convert. */
export type MembersDoc = { kind: 'none' } | { kind: 'schema'; schema: JsonSchema } | { kind: 'undocumented' };

/** What openApiResponses reads of a class made by defineProblem. */
export type ProblemInfo = ProblemClass['problem'];

const NO_MEMBERS_SCHEMA =
  'The members are a Standard Schema that cannot produce JSON Schema, and no membersJsonSchema was given in the definition: any object.';

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strips `$schema`: inside an OpenAPI 3.1 document, schemas already use its 2020-12 dialect. */
export function embedded({ $schema: _dialect, ...schema }: JsonSchema): Record<string, unknown> {
  return schema;
}

/**
 * The JSON Schema of a problem's members: the definition's `membersJsonSchema` when given (it is what the user
 * chose to document), else the Standard Schema's own converter (`~standard.jsonSchema`, zod 4 and arktype 2). A
 * problem without members has none; a schema that cannot be converted (valibot without `@valibot/to-json-schema`)
 * is documented as any object, saying so. A converter that throws (zod's `z.date()`) throws here, naming the fix.
 * @internal
 *
 * @example
 * membersDocOf(OutOfCredit.problem); // { kind: 'schema', schema: { type: 'object', properties: { balance: … } } }
 */
export function membersDocOf(problem: ProblemInfo): MembersDoc {
  // The constructor takes members only when the definition has a Standard Schema: without one none are ever sent.
  if (problem.members === undefined) return { kind: 'none' };
  if (problem.membersJsonSchema !== undefined) {
    if (!isSchema(problem.membersJsonSchema)) throw new TypeError(`openApiResponses: ${problem.name}'s membersJsonSchema must be a JSON Schema object`);
    return { kind: 'schema', schema: embedded(problem.membersJsonSchema) };
  }
  const converter = problem.members['~standard'].jsonSchema;
  if (converter === undefined || typeof converter.input !== 'function') return { kind: 'undocumented' };
  let schema: unknown;
  try {
    schema = converter.input({ target: 'draft-2020-12' });
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new TypeError(
      `openApiResponses: ${problem.name}'s members schema cannot be written as JSON Schema (${reason}); give membersJsonSchema in its definition`,
      { cause: failure },
    );
  }
  if (!isSchema(schema)) throw new TypeError(`openApiResponses: ${problem.name}'s members schema converted to ${typeof schema}, not a JSON Schema object`);
  return { kind: 'schema', schema: embedded(schema) };
}

function withConst(schema: unknown, value: unknown): Record<string, unknown> {
  return { ...(schema as JsonSchema), const: value };
}

/** The members' own `$defs`, lifted to the root so that their `#/$defs/…` references still resolve there. */
function liftDefs(target: Record<string, unknown>, members: JsonSchema): JsonSchema {
  const { $defs, ...rest } = members;
  if (isSchema($defs)) target.$defs = { ...(isSchema(target.$defs) ? target.$defs : {}), ...$defs };
  return rest;
}

/** The properties both bodies fix for a problem: its code (or none), and no description when the option drops it. */
function fixShared(properties: Record<string, unknown>, problem: ProblemInfo, withDescription: boolean): void {
  if (problem.code === undefined) delete properties.code;
  else properties.code = withConst(properties.code, problem.code);
  if (withDescription) properties.description = { ...(properties.description as JsonSchema), description: "The problem's description." };
  else delete properties.description;
}

/**
 * The `application/json` body of a problem: errorSchema with its `status` and `code` fixed and `details` being
 * the members' schema (absent when it has none, as no details are ever sent then).
 * @internal
 *
 * @example
 * problemJsonSchema(OutOfCredit.problem, membersDocOf(OutOfCredit.problem), true).properties.code; // { …, const: 'OUT_OF_CREDIT' }
 */
export function problemJsonSchema(problem: ProblemInfo, members: MembersDoc, withDescription: boolean): JsonSchema {
  const base = embedded(errorSchema);
  const schema: Record<string, unknown> = {
    ...base,
    title: problem.name,
    description: `The application/json body of the ${problem.name} problem (${problem.type}); its members are sent as details.`,
  };
  const properties: Record<string, unknown> = { ...(base.properties as JsonSchema) };
  properties.status = withConst(properties.status, problem.status);
  properties.message = { ...(properties.message as JsonSchema), description: "The error's own message when exposed, else the problem's title." };
  fixShared(properties, problem, withDescription);
  if (members.kind === 'none') delete properties.details;
  else {
    const exposure = problem.status >= 500 ? ' Sent only when the error is exposed: never for a 5xx in production.' : '';
    properties.details =
      members.kind === 'schema'
        ? { ...liftDefs(schema, members.schema), description: `The ${problem.name} members.${exposure}` }
        : { type: 'object', description: `The ${problem.name} members. ${NO_MEMBERS_SCHEMA}${exposure}` };
  }
  schema.properties = properties;
  return schema;
}

/**
 * The `application/problem+json` body of a problem: problemSchema with its `type`, `title`, `status` and `code`
 * fixed, and the members' properties as the body's own extension members (RFC 9457 §3.2), required as the members'
 * schema requires them (for a 4xx: a 5xx's members are hidden in production). Only `properties`, `required` and
 * `$defs` of the members' schema are merged into the body's; the whole schema is the JSON body's `details`.
 * @internal
 *
 * @example
 * problemBodySchema(OutOfCredit.problem, membersDocOf(OutOfCredit.problem), true).properties.type; // { …, const: 'https://…/out-of-credit' }
 */
export function problemBodySchema(problem: ProblemInfo, members: MembersDoc, withDescription: boolean): JsonSchema {
  const base = embedded(problemSchema);
  let description = `The application/problem+json body of the ${problem.name} problem (${problem.type}).`;
  const schema: Record<string, unknown> = { ...base, title: problem.name };
  const properties: Record<string, unknown> = { ...(base.properties as JsonSchema) };
  properties.type = withConst(properties.type, problem.type);
  properties.title = withConst({ type: 'string', minLength: 1, description: "The problem's title." }, problem.title);
  properties.status = withConst(properties.status, problem.status);
  properties.detail = { ...(properties.detail as JsonSchema), description: "The error's own message when exposed, else the problem's description." };
  fixShared(properties, problem, withDescription);
  // A problem's members are the body's own members: `details` is never sent beside them.
  delete properties.details;
  const required = [...(base.required as readonly string[])];

  if (members.kind === 'schema') {
    const own = liftDefs(schema, members.schema);
    const ownRequired = Array.isArray(own.required) ? (own.required as unknown[]) : [];
    // The renderer never writes a member over the body's own fields: such a member is not documented either.
    for (const [name, property] of Object.entries(isSchema(own.properties) ? own.properties : {})) {
      if (RESERVED_MEMBERS.has(name)) continue;
      properties[name] = property;
      if (problem.status < 500 && ownRequired.includes(name)) required.push(name);
    }
  } else if (members.kind === 'undocumented') {
    description += ` Its members are sent as extension members. ${NO_MEMBERS_SCHEMA}`;
  }
  if (members.kind !== 'none' && problem.status >= 500) description += ' Its members are sent only when the error is exposed: never in production.';
  schema.description = description;
  schema.properties = properties;
  schema.required = required;
  return schema;
}
