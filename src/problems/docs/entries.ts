import { catalog as defaultCatalog, type Catalog } from '../../catalog/catalog.js';
import { errorForStatus } from '../../errors/error-for-status.js';
import type { HttpError } from '../../errors/http-error.js';
import type { JsonSchema } from '../../schema/error-schema.js';
import { createErrorRenderer } from '../../response/render.js';
import { exampleMembersOf, membersDocOf } from '../members.js';
import { docsBaseOf, hrefOf, servedPathOf, type DocsBase } from './locate.js';
import type { DocumentedProblem, ProblemDocsOptions } from './options.js';

/** Everything a problem's page and index entry show, decided once when the docs are made. @internal */
export interface DocEntry {
  /** The class name (`OutOfCredit`, `NotFound`). */
  name: string;
  /** The problem type URI, as the error handler sends it. */
  type: string;
  title: string;
  status: number;
  /** The status's reason phrase (`Forbidden`). */
  reason: string;
  description: string;
  code: string | undefined;
  retryable: boolean;
  /** Whether the problem declares members at all (a schema, or a JSON Schema of them). */
  hasMembers: boolean;
  /** The members' JSON Schema, when known. */
  members: JsonSchema | undefined;
  /** The example problem+json body, as errata renders it in production, indented. */
  example: string;
  /** The path this mount serves the page at; `undefined` for a type outside the base. */
  path: string | undefined;
  /** Where to read about it: `path`, else the type URI when it is http(s), else `null`. */
  href: string | null;
}

type Render = ReturnType<typeof createErrorRenderer>;
type Entry = Omit<DocEntry, 'path' | 'href'>;

/** The body errata sends for `error` as problem+json in production, indented for reading. */
function exampleBody(render: Render, error: HttpError): { body: string; type: string } {
  const parsed = JSON.parse(render(error, { accept: 'application/problem+json', method: 'GET' }).body) as { type: string };
  return { body: JSON.stringify(parsed, null, 2), type: parsed.type };
}

function problemEntry(Problem: DocumentedProblem, render: Render, catalog: Catalog, examples: ProblemDocsOptions['examples']): Entry {
  const problem = Problem.problem;
  const doc = membersDocOf('problemDocs', problem);
  const members = doc.kind === 'schema' ? doc.schema : undefined;
  // The constructor takes members only when the definition has a Standard Schema.
  const hasMembers = problem.members !== undefined;
  const example = exampleMembersOf('problemDocs', problem, doc, examples);
  let error: HttpError;
  try {
    const Construct = Problem as unknown as new (members?: unknown) => HttpError;
    error = hasMembers ? new Construct(example) : new Construct();
  } catch (cause) {
    // In development the constructor also refuses member names the body already has (`type`, `status`, …).
    throw new TypeError(`problemDocs: ${problem.name} cannot be made with its example members: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return {
    name: problem.name,
    type: problem.type,
    title: problem.title,
    status: problem.status,
    reason: catalog[problem.status]?.message ?? String(problem.status),
    description: problem.description,
    code: problem.code,
    retryable: problem.retryable,
    hasMembers,
    members,
    example: exampleBody(render, error).body,
  };
}

function statusEntry(status: number, render: Render, catalog: Catalog): Entry {
  const entry = catalog[status];
  if (entry === undefined) throw new RangeError(`problemDocs: status ${status} is not in the catalogue`);
  // The type is read from the body errata sends, so that the page is where the error handler's `type` points.
  const { body, type } = exampleBody(render, errorForStatus(status));
  return {
    name: entry.name,
    type,
    title: entry.message,
    status,
    reason: entry.message,
    description: entry.description,
    code: undefined,
    retryable: entry.retryable,
    hasMembers: false,
    members: undefined,
    example: body,
  };
}

function statusesOf(statuses: ProblemDocsOptions['statuses'], catalog: Catalog): number[] {
  if (statuses === undefined || statuses === false) return [];
  if (statuses === true) return Object.keys(catalog).map(Number).filter((status) => status >= 400 && status <= 599);
  if (!Array.isArray(statuses)) throw new TypeError('problemDocs: statuses must be true or a list of error statuses');
  for (const status of statuses as readonly unknown[]) {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`problemDocs: status ${String(status)} is not an error status (400–599)`);
    }
  }
  return [...statuses];
}

/**
 * Every documented problem, with where it is served, and the base; throws a `TypeError` for what cannot be served
 * as configured (statuses without `problemTypeBase`, no http(s) base, two problems with one type).
 * @internal
 */
export function docEntries(problems: readonly DocumentedProblem[], options: ProblemDocsOptions): { entries: DocEntry[]; base: DocsBase } {
  if (!Array.isArray(problems)) throw new TypeError('problemDocs: problems must be an array of defineProblem classes');
  for (const Problem of problems) {
    if (typeof Problem !== 'function' || typeof (Problem as Partial<DocumentedProblem>).problem !== 'object') {
      throw new TypeError('problemDocs: each problem must be a class made by defineProblem');
    }
  }
  const catalog = options.catalog ?? defaultCatalog;
  const statuses = statusesOf(options.statuses, catalog);
  if (statuses.length > 0 && options.problemTypeBase === undefined) {
    throw new TypeError("problemDocs: statuses need problemTypeBase (without it the catalogue's problems are 'about:blank')");
  }
  const base = docsBaseOf(options.base, options.problemTypeBase, problems[0]?.problem.type);
  if (base === undefined) throw new TypeError('problemDocs: give base (an http(s) URL) to say where the docs are served');
  const render = createErrorRenderer({ production: true, catalog, problemTypeBase: options.problemTypeBase, formats: ['problem'] });
  const made = [
    ...problems.map((Problem) => problemEntry(Problem, render, catalog, options.examples)),
    ...statuses.map((status) => statusEntry(status, render, catalog)),
  ];
  const seen = new Set<string>();
  const entries = made.map((entry): DocEntry => {
    if (seen.has(entry.type)) throw new TypeError(`problemDocs: two problems have the type ${entry.type}`);
    seen.add(entry.type);
    const path = servedPathOf(entry.type, base);
    return { ...entry, path, href: hrefOf(entry.type, path) };
  });
  return { entries, base };
}
