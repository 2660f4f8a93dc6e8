import type { ErrorStatus } from '../catalog/catalog.js';
import { errorClasses } from '../errors/classes.js';
import type { ErrorInstances } from '../errors/create-error.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions, OptionsFor } from '../errors/options.js';
import { describeIssues } from './issues-text.js';
import { PROBLEM, reservedNamesIn, type ProblemData } from './problem-data.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * One application problem: a problem type beyond its status ("out of credit" is a 403, and so is "account locked").
 *
 * @example
 * const definition: ProblemDefinition<403, typeof CreditMembers> = {
 *   type: 'https://api.example.com/problems/out-of-credit',
 *   status: 403,
 *   title: 'You do not have enough credit',
 *   description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
 *   code: 'OUT_OF_CREDIT',
 *   members: CreditMembers,
 * };
 */
export interface ProblemDefinition<S extends ErrorStatus = ErrorStatus, Members extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined> {
  /** The problem type: an absolute URI, ideally one that serves this problem's documentation (see `problemDocs`). */
  type: string;
  /** The status every occurrence is answered with. */
  status: S;
  /** A short summary of the problem type, the same for every occurrence (RFC 9457 §3.1.3). */
  title: string;
  /** What happened and what the client can do; sent as `description` (and as `detail` when no message is). */
  description: string;
  /** An application code for clients to branch on (sent as `code`); clients also match problems by it. */
  code?: string;
  /** Whether the same request may succeed later. Default: the status's (`true` for 503, `false` for 403). */
  retryable?: boolean;
  /** The extension members' Standard Schema (zod 4, valibot 1, arktype 2, …): types the constructor and documents the body. */
  members?: Members;
  /**
   * The members' JSON Schema (any JSON Schema object: a literal, @valibot/to-json-schema's, @types/json-schema's),
   * for OpenAPI and the docs page, when the schema library cannot produce one, or to document them differently.
   */
  membersJsonSchema?: object;
  /** Example members for OpenAPI and the docs page; checked against `members`. */
  example?: ProblemMembers<Members>;
  /** The class name, for logs and the docs (`OutOfCredit`). Default: the type URI's last segment in PascalCase. */
  name?: string;
}

/**
 * The options a problem's constructor accepts: its status's, less what the definition fixes.
 *
 * @example
 * const options: ProblemOptions<403> = { message: 'This transfer costs 50 credits', retryAfter: 3600 };
 * throw new OutOfCredit({ balance: 30, accounts: ['/account/12345'] }, options);
 */
export type ProblemOptions<S extends ErrorStatus> = Omit<OptionsFor<S>, 'description' | 'code' | 'details'>;

/**
 * The members a problem's schema takes, or `undefined` when it has none.
 *
 * @example
 * const CreditMembers = z.object({ balance: z.number() });
 * const members: ProblemMembers<typeof CreditMembers> = { balance: 30 };
 */
export type ProblemMembers<Members extends StandardSchemaV1 | undefined> = Members extends StandardSchemaV1 ? StandardSchemaV1.InferInput<Members> : undefined;

/**
 * An occurrence of a problem: an error of its status's class with the problem's type, title and typed members.
 *
 * @example
 * function balanceOf(error: ProblemError<403, { balance: number }>): number {
 *   return error.members.balance;
 * }
 */
export type ProblemError<S extends ErrorStatus, M> = ErrorInstances[S] & {
  /** The problem type URI. */
  readonly type: string;
  /** The problem's title. */
  readonly title: string;
  /** The extension members, as given to the constructor (also `details`). */
  readonly members: M;
  readonly details: M;
};

/**
 * The constructor arguments: members first when the schema has any (required when the schema requires some), then options.
 *
 * @example
 * const args: ProblemArguments<403, { balance: number }> = [{ balance: 30 }, { message: 'This transfer costs 50 credits' }];
 */
export type ProblemArguments<S extends ErrorStatus, M> = [M] extends [undefined]
  ? [options?: ProblemOptions<S>]
  : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends M`: every member is optional.
    {} extends M
    ? [members?: M, options?: ProblemOptions<S>]
    : [members: M, options?: ProblemOptions<S>];

/**
 * The class `defineProblem` returns: `new OutOfCredit(members, options?)`. Its instances are also instances of the
 * status's class (`instanceof Forbidden`), so code that handles a 403 still does.
 *
 * @example
 * function typeOf(Problem: ProblemClass): string {
 *   return Problem.problem.type;
 * }
 */
export interface ProblemClass<S extends ErrorStatus = ErrorStatus, M = unknown> {
  new (...args: ProblemArguments<S, M>): ProblemError<S, M>;
  readonly prototype: ProblemError<S, M>;
  /** The status every occurrence has. */
  readonly status: S;
  /** The definition, frozen: what OpenAPI, the client and the docs pages read. */
  readonly problem: Readonly<ProblemDefinition<S>> & { readonly name: string; readonly retryable: boolean };
}

// Checked only in development, where a mismatch should fail at the throw site; production answers as given.
const checkMembersOnConstruction = typeof process !== 'undefined' && process.env.NODE_ENV === 'development';

function pascal(segment: string): string {
  const words = segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `Problem${name}`;
}

function nameFromType(type: string): string {
  // `…/problems/out-of-credit`, `urn:example:out-of-credit`, `…/problems#out-of-credit`: the last segment names it.
  const hash = type.indexOf('#');
  const last = hash !== -1 && hash < type.length - 1 ? type.slice(hash + 1) : type.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return pascal(last.slice(Math.max(last.lastIndexOf('/'), last.lastIndexOf(':')) + 1));
}

function isAbsoluteUri(value: string): boolean {
  // RFC 3986 §4.3: a scheme, then anything; URL parsing accepts `tag:` and `urn:` as well as http(s).
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || /[\s<>"\\^`{|}]/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`defineProblem: ${what} must be a non-empty string`);
  return value;
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard'];
  return typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function';
}

/** Development only: members that do not match the schema, or that take a name the body already has, throw here. */
function checkMembers(name: string, schema: StandardSchemaV1 | undefined, members: unknown): void {
  const taken = reservedNamesIn(members);
  if (taken.length > 0) throw new TypeError(`${name}: member names ${taken.join(', ')} are taken by the problem body itself`);
  if (schema === undefined) return;
  const result = schema['~standard'].validate(members);
  // An async schema cannot be checked inside a constructor: it is documentation and types only.
  if (result instanceof Promise) return;
  if (result.issues) throw new TypeError(`${name}: members do not match the problem's schema: ${describeIssues(result.issues)}`);
}

/**
 * Defines an application problem as an error class: `throw new OutOfCredit({ balance: 30 })` answers with the
 * problem's status, and in problem+json with its own `type`, `title`, `description`, `code` and members (in JSON,
 * `code` and the members as `details`; in HTML and text its title and description). Members are exposed like
 * `details`: never in a 5xx in production. The constructor's members are typed by the definition's Standard Schema;
 * in development (`NODE_ENV=development`) members that fail it, or that use a name the body already has (`type`,
 * `status`, `detail`, …), throw a `TypeError` where the error is made; in production nothing is checked and the
 * error is answered as given.
 *
 * @example
 * import { z } from 'zod';
 *
 * export const OutOfCredit = defineProblem({
 *   type: 'https://api.example.com/problems/out-of-credit',
 *   status: 403,
 *   title: 'You do not have enough credit',
 *   description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
 *   code: 'OUT_OF_CREDIT',
 *   members: z.object({ balance: z.number(), accounts: z.array(z.string()) }),
 * });
 *
 * throw new OutOfCredit({ balance: 30, accounts: ['/account/12345'] });
 */
export function defineProblem<S extends ErrorStatus, Members extends StandardSchemaV1 | undefined = undefined>(
  definition: ProblemDefinition<S, Members>,
): ProblemClass<S, ProblemMembers<Members>> {
  if (typeof definition !== 'object' || definition === null) throw new TypeError('defineProblem: the definition must be an object');
  const type = requireText(definition.type, 'type');
  if (!isAbsoluteUri(type)) throw new TypeError(`defineProblem: type must be an absolute URI (RFC 9457 §3.1.1), not ${JSON.stringify(type)}`);
  const Base = (errorClasses as unknown as Readonly<Record<number, (new (options?: HttpErrorOptions) => HttpError) | undefined>>)[definition.status];
  if (Base === undefined) throw new RangeError(`defineProblem: status ${String(definition.status)} is not a documented error status`);
  const title = requireText(definition.title, 'title');
  const description = requireText(definition.description, 'description');
  const code = definition.code === undefined ? undefined : requireText(definition.code, 'code');
  if (definition.retryable !== undefined && typeof definition.retryable !== 'boolean') throw new TypeError('defineProblem: retryable must be a boolean');
  const schema = definition.members;
  if (schema !== undefined && !isStandardSchema(schema)) throw new TypeError('defineProblem: members must be a Standard Schema (zod 4, valibot 1, arktype 2, …)');
  const name = definition.name === undefined ? nameFromType(type) : requireText(definition.name, 'name');
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`defineProblem: name must be an identifier, not ${JSON.stringify(name)}`);
  const statusRetryable = new Base({ captureStack: false }).retryable;
  const retryable = definition.retryable ?? statusRetryable;

  const frozen = Object.freeze({ ...definition, type, title, description, code, name, retryable });
  const data: ProblemData = Object.freeze({ type, title, description, code, name });
  const hasMembers = schema !== undefined;

  const Problem = class extends Base {
    constructor(membersOrOptions?: unknown, maybeOptions?: ProblemOptions<S>) {
      const members = hasMembers ? membersOrOptions : undefined;
      const options = (hasMembers ? maybeOptions : membersOrOptions) as HttpErrorOptions | undefined;
      if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
        throw new TypeError(`${name}: options must be an object`);
      }
      super({ ...options, message: options?.message ?? title, description, code, details: members });
      if (checkMembersOnConstruction) checkMembers(name, schema, members);
      if (retryable !== statusRetryable) (this as { retryable: boolean }).retryable = retryable || this.retryAfter !== undefined;
    }
  };
  Object.defineProperty(Problem, 'name', { value: name });
  Object.defineProperty(Problem, 'problem', { value: frozen, enumerable: true });
  Object.defineProperty(Problem.prototype, 'name', { value: name.endsWith('Error') ? name : `${name}Error`, writable: true, configurable: true });
  Object.defineProperty(Problem.prototype, PROBLEM, { value: data });
  Object.defineProperty(Problem.prototype, 'type', { value: type });
  Object.defineProperty(Problem.prototype, 'title', { value: title });
  Object.defineProperty(Problem.prototype, 'members', {
    get(this: HttpError) {
      return this.details;
    },
  });
  return Problem as unknown as ProblemClass<S, ProblemMembers<Members>>;
}
