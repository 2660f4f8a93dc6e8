import type { Catalog, ErrorStatus } from '../../catalog/catalog.js';
import type { ProblemClass } from '../define-problem.js';

/**
 * A problem class `problemDocs` documents: what `defineProblem` returns, of any status and members.
 *
 * @example
 * const documented: readonly DocumentedProblem[] = [OutOfCredit, AccountLocked];
 */
export type DocumentedProblem = Pick<ProblemClass, 'problem' | 'status'> & (abstract new (...args: never) => unknown);

/**
 * Options of `problemDocs`.
 *
 * @example
 * const options: ProblemDocsOptions = { statuses: true, problemTypeBase: 'https://api.example.com/problems/' };
 */
export interface ProblemDocsOptions {
  /**
   * Also document the catalogue's statuses, whose problem type is `problemTypeBase` + the kebab-case class name
   * (`…/problems/not-found`): `true` for every 4xx and 5xx, or a list. Needs `problemTypeBase`.
   */
  statuses?: boolean | readonly ErrorStatus[];
  /** The error handler's `problemTypeBase`: the base of the catalogue's problem types, and the default `base`. */
  problemTypeBase?: string;
  /**
   * The absolute URL the docs are served under (`https://api.example.com/problems/`): the index answers at its path,
   * and each type URI of its origin under that path gets a page at the type's own path. Types elsewhere are listed
   * in the index but not served. Default: `problemTypeBase`, else the first problem's type without its last segment.
   */
  base?: string;
  /** The catalogue the error handler answers with, when it is not the default one. */
  catalog?: Catalog;
  /**
   * Members for each problem's example body, by problem name (`{ OutOfCredit: { balance: 30 } }`). Default: values
   * made from the members' JSON Schema (its `examples`, `default`, `const`, first `enum` value, else by type).
   */
  examples?: Readonly<Record<string, unknown>>;
  /** The pages' and index's `Cache-Control`. Default: `public, max-age=300`. */
  cacheControl?: string;
  /** The index's heading. Default: `Problem types`. */
  title?: string;
}

/**
 * What `createProblemDocs` reads of a request.
 *
 * @example
 * const request: ProblemDocsRequest = { method: 'GET', path: '/problems/out-of-credit', accept: 'text/html' };
 */
export interface ProblemDocsRequest {
  /** The request method: only GET and HEAD are answered. */
  method: string;
  /** The request target's path (a query is ignored), before any mount point is stripped. */
  path: string;
  /** The `Accept` header: picks the index's format (JSON, or HTML when preferred). */
  accept?: string | undefined;
  /** The `If-None-Match` header: a matching ETag is answered with 304. */
  ifNoneMatch?: string | undefined;
}

/**
 * A docs response to write: `body` is empty for HEAD and 304.
 *
 * @example
 * const response: ProblemDocsResponse = { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html>…' };
 */
export interface ProblemDocsResponse {
  status: 200 | 304;
  headers: Record<string, string>;
  body: string;
}

/**
 * The framework-neutral docs handler: a response for a docs path, `undefined` for anything else.
 *
 * @example
 * const docs: ProblemDocsHandler = createProblemDocs([OutOfCredit]);
 * const response = docs({ method: 'GET', path: '/problems/out-of-credit' });
 */
export type ProblemDocsHandler = (request: ProblemDocsRequest) => ProblemDocsResponse | undefined;
