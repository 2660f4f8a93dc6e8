import type { HttpError } from '../errors/http-error.js';
import type { ProblemClass } from '../problems/define-problem.js';
import { RESERVED_MEMBERS, reservedNamesIn } from '../problems/problem-data.js';
import type { StandardSchemaV1 } from '../problems/standard-schema.js';
import type { RetryAfter } from '../retry/retry-after.js';

type Body = Readonly<Record<string, unknown>>;

/**
 * A class `fromResponse` can recognise in a body: one `defineProblem` made. Only its definition and its instances'
 * type are read; a problem of any status and members fits.
 *
 * @example
 * const problems: readonly ResponseProblem[] = [OutOfCredit, AccountLocked];
 */
export interface ResponseProblem {
  /** The problem's definition (`defineProblem` sets it). */
  readonly problem: ProblemClass['problem'];
  /** What the class's instances are: the type `fromResponse` narrows to. */
  readonly prototype: HttpError;
}

/** The constructor of a problem class, as called here: members first only when the definition has a schema. */
type ProblemConstructor = new (membersOrOptions?: unknown, options?: { message?: string; retryAfter?: RetryAfter }) => HttpError;

function isProblemClass(value: unknown): value is ResponseProblem {
  if (typeof value !== 'function') return false;
  const problem = (value as { problem?: unknown }).problem;
  return typeof problem === 'object' && problem !== null && typeof (problem as { type?: unknown }).type === 'string';
}

/**
 * The caller's `problems`, checked before the body is read: a class `defineProblem` did not make is the caller's
 * mistake, reported as such, not a body that silently never matches.
 * @internal
 */
export function problemsOf(problems: unknown): readonly ResponseProblem[] {
  if (problems === undefined) return [];
  if (!Array.isArray(problems)) throw new TypeError('fromResponse: options.problems must be an array of classes made by defineProblem');
  problems.forEach((value: unknown, index) => {
    if (!isProblemClass(value)) throw new TypeError(`fromResponse: options.problems[${index}] is not a class made by defineProblem`);
  });
  return problems as readonly ResponseProblem[];
}

/** errata's JSON format (`error` and `message`); anything else is read as problem+json. Both names are reserved, so no member can fake it. */
function isJsonFormat(body: Body): boolean {
  return typeof body.error === 'string' && typeof body.message === 'string';
}

/** The problem a body is an occurrence of: by `type` first (RFC 9457's identifier), else by `code`; always of the response's status. */
function matching(problems: readonly ResponseProblem[], body: Body, status: number): ResponseProblem | undefined {
  const candidates = problems.filter(({ problem }) => problem.status === status);
  if (typeof body.type === 'string') {
    const byType = candidates.find(({ problem }) => problem.type === body.type);
    if (byType !== undefined) return byType;
  }
  // A problem+json body whose type is not listed (another deployment's type base, a plain status thrown with the
  // code) is still recognised by its code, as a JSON body is.
  const code = body.code;
  return typeof code === 'string' && code !== '' ? candidates.find(({ problem }) => problem.code === code) : undefined;
}

/**
 * The members a body carries, or `undefined` when it carries none: problem+json's extension members (every name the
 * body does not reserve; a problem whose members are not an object is rendered as `details`), JSON's `details`.
 */
function membersIn(body: Body): unknown {
  if (isJsonFormat(body)) return body.details;
  // Object.fromEntries defines each key, so a `__proto__` member stays a member instead of becoming a prototype.
  const own = Object.entries(body).filter(([key]) => !RESERVED_MEMBERS.has(key));
  return own.length > 0 ? Object.fromEntries(own) : body.details;
}

/** Whether a synchronous schema accepts the members (a schema that throws on them does not); `undefined` for an async one. */
function validates(schema: StandardSchemaV1, members: unknown): boolean | undefined {
  try {
    const result = schema['~standard'].validate(members);
    if (result instanceof Promise) {
      // Not awaited: a client reading an error answers now. Its rejection must not surface as an unhandled one.
      result.catch(() => undefined);
      return undefined;
    }
    return result.issues === undefined;
  } catch {
    return false;
  }
}

/**
 * The members to give the problem, checked against its schema when the schema answers synchronously; `undefined`
 * when they fail it. A body with no members means `undefined` members when the schema accepts that, else `{}`
 * (problem+json cannot tell an empty object from none).
 */
function checkedMembers(schema: StandardSchemaV1 | undefined, read: unknown): { members: unknown } | undefined {
  // A problem without a schema carries no members on the server either.
  if (schema === undefined) return { members: undefined };
  // The server never sends these as members (they are the body's own); a body that does is not this problem's.
  if (reservedNamesIn(read).length > 0) return undefined;
  if (read !== undefined) return validates(schema, read) === false ? undefined : { members: read };
  if (validates(schema, undefined) === true) return { members: undefined };
  return validates(schema, {}) === false ? undefined : { members: {} };
}

/**
 * The problem error a body stands for, or `undefined` when it is none of `problems` (or its members fail the
 * problem's schema): then the caller answers as without `problems`. `message` is the body's, left out when it only
 * repeats the problem's title (the class's default).
 * @internal
 */
export function problemFromBody(
  problems: readonly ResponseProblem[],
  body: Body,
  status: number,
  message: string,
  retryAfter: RetryAfter | undefined,
): HttpError | undefined {
  if (problems.length === 0) return undefined;
  const Problem = matching(problems, body, status);
  if (Problem === undefined) return undefined;
  const { members: schema, title } = Problem.problem;
  const checked = checkedMembers(schema, membersIn(body));
  if (checked === undefined) return undefined;
  const options: { message?: string; retryAfter?: RetryAfter } = {};
  if (message !== title) options.message = message;
  if (retryAfter !== undefined) options.retryAfter = retryAfter;
  const Constructor = Problem as unknown as ProblemConstructor;
  try {
    return schema === undefined ? new Constructor(options) : new Constructor(checked.members, options);
  } catch {
    // In development the constructor checks the members again (an async schema it cannot): never fail on the body.
    return undefined;
  }
}
