import { createProblemDocs } from '../../problems/docs/create-problem-docs.js';
import type { DocumentedProblem, ProblemDocsOptions } from '../../problems/docs/options.js';

export type { DocumentedProblem, ProblemDocsOptions, ProblemIndexItem } from '../../problems/docs/index.js';

/**
 * Answers a request for a problem type's page or for the index of all problems with a `Response`, and anything else
 * (another path, a method other than GET and HEAD) with `undefined`, for the app's own routes. Runs wherever the
 * Fetch API does: nothing on this path imports a `node:` module.
 *
 * @example
 * const docs = problemDocs([OutOfCredit, AccountLocked], { statuses: true, problemTypeBase: 'https://api.example.com/problems/' });
 * Bun.serve({ fetch: (request) => docs(request) ?? route(request) });
 */
export function problemDocs(problems: readonly DocumentedProblem[], options: ProblemDocsOptions = {}): (request: Request) => Response | undefined {
  const docs = createProblemDocs(problems, options);
  return function errataProblemDocs(request: Request): Response | undefined {
    let path: string;
    try {
      path = new URL(request.url).pathname;
    } catch {
      return undefined;
    }
    const response = docs({
      method: request.method,
      path,
      accept: request.headers.get('Accept') ?? undefined,
      ifNoneMatch: request.headers.get('If-None-Match') ?? undefined,
    });
    if (response === undefined) return undefined;
    // A HEAD or 304 response has no body; Content-Length still states the GET body's length.
    return new Response(response.body === '' ? null : response.body, { status: response.status, headers: response.headers });
  };
}
