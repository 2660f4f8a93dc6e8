// problemDocs' framework-neutral core: the adapters (errata/express, errata/koa, errata/fetch) wrap it.
export { createProblemDocs } from './create-problem-docs.js';
export type { ProblemIndexItem } from './index-page.js';
export type { DocumentedProblem, ProblemDocsHandler, ProblemDocsOptions, ProblemDocsRequest, ProblemDocsResponse } from './options.js';
