import type { Middleware } from 'koa';
import { createProblemDocs } from '../../problems/docs/create-problem-docs.js';
import type { DocumentedProblem, ProblemDocsOptions } from '../../problems/docs/options.js';

export type { DocumentedProblem, ProblemDocsOptions, ProblemIndexItem } from '../../problems/docs/index.js';

/**
 * Koa middleware (2 and 3) that serves a page at each problem type's path and an index at the base path, so that
 * the `type` URIs errata sends dereference to documentation (RFC 9457 §3.1.1). GET and HEAD only; every other
 * request goes on to `next()`. Paths are matched on the full URL (`ctx.originalUrl`), wherever it is mounted.
 *
 * @example
 * app.use(problemDocs([OutOfCredit, AccountLocked], { statuses: true, problemTypeBase: 'https://api.example.com/problems/' }));
 * // GET /problems/out-of-credit → the HTML page; GET /problems/ → the JSON index (HTML for a browser)
 */
export function problemDocs(problems: readonly DocumentedProblem[], options: ProblemDocsOptions = {}): Middleware {
  const docs = createProblemDocs(problems, options);
  return async function errataProblemDocs(ctx, next) {
    const response = docs({ method: ctx.method, path: ctx.originalUrl, accept: ctx.get('Accept') || undefined, ifNoneMatch: ctx.get('If-None-Match') || undefined });
    if (response === undefined) return next();
    ctx.status = response.status;
    // The body first: Koa sets its own Content-Type for a string body when none is set yet; errata's replaces it.
    // For HEAD Koa keeps the headers and sends no body; a 304 has none either.
    ctx.body = response.status === 304 ? null : response.body;
    ctx.set(response.headers);
  };
}
