/**
 * What the renderer reads of an application problem: the definition's documented text, which is sent whatever the
 * error's exposure (it is documentation, like the catalogue's), never anything of one occurrence.
 * @internal
 */
export interface ProblemData {
  /** The problem type URI (absolute). */
  readonly type: string;
  /** The problem's short summary, the same for every occurrence. */
  readonly title: string;
  /** What happened and what the client can do. */
  readonly description: string;
  /** The application code, if any. */
  readonly code: string | undefined;
  /** The PascalCase name of the problem's class. */
  readonly name: string;
}

// Symbol.for: a problem error made with one copy of errata (the ESM build) is answered by another (the CJS one).
export const PROBLEM = Symbol.for('errata.problem');

/** The members a problem+json body already has: a problem's own members may not take these names. */
export const RESERVED_MEMBERS: ReadonlySet<string> = new Set([
  'type', 'title', 'status', 'detail', 'instance', 'description', 'retryable', 'retryAfter', 'code', 'details',
  'requestId', 'stack', 'errors', 'error', 'message',
]);

/**
 * The names in `members` a problem+json body already has: what the constructor refuses in development, and what
 * marks a body's members as not the problem's in the client.
 * @internal
 */
export function reservedNamesIn(members: unknown): string[] {
  if (typeof members !== 'object' || members === null || Array.isArray(members)) return [];
  return Object.keys(members).filter((key) => RESERVED_MEMBERS.has(key));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The problem an error is an occurrence of, read once and checked: any object may carry the key, and only
 * strings reach a body.
 * @internal
 */
export function problemOf(error: object): ProblemData | undefined {
  const data = (error as Record<symbol, unknown>)[PROBLEM];
  if (typeof data !== 'object' || data === null) return undefined;
  const source = data as Record<string, unknown>;
  const type = text(source.type);
  const title = text(source.title);
  if (type === undefined || title === undefined) return undefined;
  return { type, title, description: text(source.description) ?? '', code: text(source.code), name: text(source.name) ?? 'Problem' };
}
