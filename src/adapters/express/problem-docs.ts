import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createProblemDocs } from '../../problems/docs/create-problem-docs.js';
import type { DocumentedProblem, ProblemDocsOptions } from '../../problems/docs/options.js';

export type { DocumentedProblem, ProblemDocsOptions, ProblemIndexItem } from '../../problems/docs/index.js';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Express middleware (4 and 5) that serves a page at each problem type's path and an index at the base path, so
 * that the `type` URIs errata sends dereference to documentation (RFC 9457 §3.1.1). GET and HEAD only; every other
 * request goes on to `next()`. Paths are matched on the full URL (`req.originalUrl`), wherever it is mounted.
 *
 * @example
 * app.use(problemDocs([OutOfCredit, AccountLocked], { statuses: true, problemTypeBase: 'https://api.example.com/problems/' }));
 * // GET /problems/out-of-credit → the HTML page; GET /problems/ → the JSON index (HTML for a browser)
 */
export function problemDocs(problems: readonly DocumentedProblem[], options: ProblemDocsOptions = {}): RequestHandler {
  const docs = createProblemDocs(problems, options);
  return function errataProblemDocs(req: Request, res: Response, next: NextFunction): void {
    const response = docs({
      method: req.method,
      path: req.originalUrl,
      accept: header(req.headers.accept),
      ifNoneMatch: header(req.headers['if-none-match']),
    });
    if (response === undefined) return next();
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.end(response.body === '' ? undefined : response.body);
  };
}
