import type { ProblemClass } from '../problems/define-problem.js';
import { RESERVED_MEMBERS } from '../problems/problem-data.js';
import { errorSchema, isJsonSchema, problemSchema, type JsonSchema } from './error-schema.js';
import { membersDocOf as sharedMembersDocOf, type MembersDoc } from '../problems/members.js';

/** What errata knows of a problem's members: none at all, a JSON Schema, or a Standard Schema it cannot convert. */
export type { MembersDoc } from '../problems/members.js';

/** What openApiResponses reads of a class made by defineProblem. */
export type ProblemInfo = ProblemClass['problem'];

const NO_MEMBERS_SCHEMA =
  'The members are a Standard Schema that cannot produce JSON Schema, and no membersJsonSchema was given in the definition: any object.';

// The only local references that still resolve once the members sit inside a body schema: their lifted definitions.
const LIFTED_REFS = /^#\/(\$defs|definitions)\//;

/**
 * Throws for a local `$ref` other than to `$defs`/`definitions` (`#` itself, `#/properties/…`): inside a body
 * schema it would point at the body, not at the members, and document something else without a word.
 */
function checkRefs(name: string, value: unknown, depth = 0): void {
  if (typeof value !== 'object' || value === null || depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) checkRefs(name, item, depth + 1);
    return;
  }
  const ref = (value as JsonSchema).$ref;
  if (typeof ref === 'string' && ref.startsWith('#') && !LIFTED_REFS.test(ref)) {
    throw new TypeError(`openApiResponses: ${name}'s members schema refers to ${JSON.stringify(ref)}, which inside a body schema would not be the members; put what it refers to under $defs`);
  }
  for (const child of Object.values(value)) checkRefs(name, child, depth + 1);
}

/** Strips `$schema`: inside an OpenAPI 3.1 document, schemas already use its 2020-12 dialect. */
export function embedded({ $schema: _dialect, ...schema }: JsonSchema): Record<string, unknown> {
  return schema;
}

/**
 * The members' documentation for an OpenAPI body schema: as {@link sharedMembersDocOf}, with the references checked
 * and `$schema` stripped.
 * @internal
 *
 * @example
 * membersDocOf(OutOfCredit.problem); // { kind: 'schema', schema: { type: 'object', properties: { balance: … } } }
 */
export function membersDocOf(problem: ProblemInfo): MembersDoc {
  const members = sharedMembersDocOf('openApiResponses', problem);
  if (members.kind !== 'schema') return members;
  checkRefs(problem.name, members.schema);
  return { kind: 'schema', schema: embedded(members.schema) };
}

function withConst(schema: unknown, value: unknown): Record<string, unknown> {
  return { ...(schema as JsonSchema), const: value };
}

/**
 * The members' own `$defs` (and draft-07 `definitions`), lifted to the root of the body schema. The schema then
 * gets an `$id`: inside an OpenAPI 3.1 document a `#/$defs/…` reference resolves against the nearest `$id` (else
 * the document's root, where there is no such thing), and a validator given this one schema resolves it the same.
 */
function liftDefs(target: Record<string, unknown>, members: JsonSchema, id: string): JsonSchema {
  const { $defs, definitions, ...rest } = members;
  if (isJsonSchema($defs)) target.$defs = $defs;
  if (isJsonSchema(definitions)) target.definitions = definitions;
  if (isJsonSchema($defs) || isJsonSchema(definitions)) target.$id = id;
  return rest;
}

/** The `$id` a body schema with lifted definitions gets: one per problem and format, the same on every call. */
function idOf(problem: ProblemInfo, format: 'json' | 'problem'): string {
  return `urn:errata:openapi:${problem.name}:${format}`;
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
        ? { ...liftDefs(schema, members.schema, idOf(problem, 'json')), description: `The ${problem.name} members.${exposure}` }
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
  properties.type = withConst({ ...(properties.type as JsonSchema), description: `The ${problem.name} problem type.` }, problem.type);
  properties.title = withConst({ type: 'string', minLength: 1, description: "The problem's title." }, problem.title);
  properties.status = withConst(properties.status, problem.status);
  properties.detail = { ...(properties.detail as JsonSchema), description: "The error's own message when exposed, else the problem's description." };
  fixShared(properties, problem, withDescription);
  // A problem's members are the body's own members: `details` is never sent beside them.
  delete properties.details;
  const required = [...(base.required as readonly string[])];

  if (members.kind === 'schema') {
    const own = liftDefs(schema, members.schema, idOf(problem, 'problem'));
    const ownRequired = Array.isArray(own.required) ? (own.required as unknown[]) : [];
    // The renderer never writes a member over the body's own fields: such a member is not documented either.
    for (const [name, property] of Object.entries(isJsonSchema(own.properties) ? own.properties : {})) {
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
