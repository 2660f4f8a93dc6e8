import type { HttpError } from '../errors/http-error.js';
import { isError } from '../errors/is-error.js';
import type { StandardSchemaV1 } from '../problems/standard-schema.js';
import { messageOf, validationError, type FieldError } from './field-errors.js';

/**
 * At most this many issues become field errors, and at most this many segments of a path are read: a thrown
 * value is read in bounded time however many issues it carries (one per item of a huge array, or a hostile
 * proxy). The original keeps them all, as `cause`, for the logs.
 */
export const MAX_FIELD_ERRORS = 100;
const MAX_PATH_SEGMENTS = 100;

// A path segment is a property key or `{ key }` (valibot's path items carry more). A `key` that is no property
// key (valibot's Set items have `key: null`, a Map may have object keys) cannot be named: that segment is left out.
// `null` means the segment is of no Standard Schema shape at all.
function segmentOf(segment: unknown): string | undefined | null {
  switch (typeof segment) {
    case 'string':
    case 'number':
    case 'symbol':
      // String(), not a template or join: symbols cannot be converted implicitly.
      return String(segment);
    case 'object': {
      if (segment === null || !('key' in segment)) return null;
      const { key } = segment as { key: unknown };
      return typeof key === 'string' || typeof key === 'number' || typeof key === 'symbol' ? String(key) : undefined;
    }
    default:
      return null;
  }
}

function fieldOf(path: unknown): string | null {
  if (path === undefined) return '';
  if (!Array.isArray(path)) return null;
  const names: string[] = [];
  // A path longer than the cap is cut: the field then names an ancestor of the invalid value, which is still true.
  const length = Math.min(path.length, MAX_PATH_SEGMENTS);
  for (let index = 0; index < length; index += 1) {
    const name = segmentOf(path[index]);
    if (name === null) return null;
    if (name !== undefined) names.push(name);
  }
  return names.join('.');
}

/**
 * The field errors of a Standard Schema issue list, or `undefined` when it is not one: not an array, empty, or an
 * item without a string `message` or with a `path` that is not an array of keys. Only the first
 * {@link MAX_FIELD_ERRORS} items are read. Throws what a hostile getter throws.
 */
function fieldErrorsOf(issues: unknown): FieldError[] | undefined {
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const details: FieldError[] = [];
  const length = Math.min(issues.length, MAX_FIELD_ERRORS);
  for (let index = 0; index < length; index += 1) {
    const issue: unknown = issues[index];
    if (typeof issue !== 'object' || issue === null) return undefined;
    const { message, path } = issue as { message?: unknown; path?: unknown };
    if (typeof message !== 'string') return undefined;
    const field = fieldOf(path);
    if (field === null) return undefined;
    // No `code`: Standard Schema issues have none, and each library names its rules differently.
    details.push({ field, message: messageOf(message, 'Invalid value') });
  }
  return details;
}

// Where a thrown error keeps its issues: `issues` (valibot's ValiError, @standard-schema/utils' SchemaError and
// any error built the same way), or arktype 2's TraversalError (`.assert()`, `errors.throw()`), which holds its
// ArkErrors in a non-enumerable `arkErrors`; ArkErrors is itself a Standard Schema failure result (`issues`).
function issuesOf(error: object): unknown {
  const own = (error as { issues?: unknown }).issues;
  if (own !== undefined) return own;
  const ark = (error as { arkErrors?: unknown }).arkErrors;
  return typeof ark === 'object' && ark !== null ? (ark as { issues?: unknown }).issues : undefined;
}

/**
 * A thrown error carrying Standard Schema v1 issues as a 422 with one field error per issue (at most
 * {@link MAX_FIELD_ERRORS}); `undefined` for anything else, a hostile value included (it never throws).
 * `field` joins the path's keys with '.'; there is no `code`.
 */
export function fromStandardSchemaError(value: object): HttpError | undefined {
  try {
    if (!isError(value)) return undefined;
    const details = fieldErrorsOf(issuesOf(value));
    return details === undefined ? undefined : validationError(value, details);
  } catch {
    // Throwing getters or a revoked proxy: not a validation error errata can read.
    return undefined;
  }
}

/**
 * Validates `value` with any Standard Schema v1 and resolves to the schema's output, or rejects with a 422
 * `UnprocessableEntity` whose `details` are the issues as field errors (the same `details` a thrown zod, valibot or
 * arktype error gives). Sync and async schemas alike: always a promise. Its `cause` is an Error holding all the
 * issues, for the logs.
 *
 * @example
 * import { type } from 'arktype';
 * import { parseWith } from 'errata';
 *
 * const User = type({ name: 'string', email: 'string.email' });
 * app.post('/users', async (req, res) => {
 *   const user = await parseWith(User, req.body); // { name: string; email: string }, or a 422 with details
 *   res.status(201).json(user);
 * });
 */
export async function parseWith<Schema extends StandardSchemaV1>(schema: Schema, value: unknown): Promise<StandardSchemaV1.InferOutput<Schema>> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value as StandardSchemaV1.InferOutput<Schema>;
  // Shaped like @standard-schema/utils' SchemaError; made here, so its stack shows where validation was asked for.
  const failure = Object.assign(new Error('Validation failed'), { name: 'SchemaError', issues: result.issues });
  let details: FieldError[] | undefined;
  try {
    details = fieldErrorsOf(result.issues);
  } catch {
    details = undefined;
  }
  // The schema said the value is invalid, so it is a 422 even when its issues cannot be read.
  throw validationError(failure, details ?? []);
}
