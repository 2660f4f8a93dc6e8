// errata: typed HTTP errors with documented messages, and the framework-neutral response behind the middleware.
export { catalog, defineCatalog } from './catalog/catalog.js';
export type { Catalog, CatalogOverride, DocumentedStatus, ErrorStatus } from './catalog/catalog.js';
export type { StatusEntry } from './catalog/types.js';

export { isHttpError } from './errors/http-error.js';
export { HttpError } from './errors/http-error-public.js';
export type { HttpErrorJSON } from './errors/http-error.js';
export * from './errors/classes.js';
export { createError } from './errors/create-error.js';
export { toHttpError } from './errors/to-http-error.js';
export type {
  ChallengeOptions,
  ErrorHeaders,
  HttpErrorOptions,
  MethodNotAllowedOptions,
  OptionsFor,
  RangeNotSatisfiableOptions,
  StatusOptions,
  TooManyRequestsOptions,
  UpgradeRequiredOptions,
} from './errors/options.js';

export { createErrorRenderer, renderError } from './response/render.js';
export type { ErrorRenderer } from './response/render.js';
export type { ErrorBodyFields, ErrorBodyMapper, ErrorFormat, ErrorResponse, RequestFacts, ResponseOptions } from './response/options.js';

export { defineProblem } from './problems/define-problem.js';
export type { ProblemClass, ProblemDefinition, ProblemError, ProblemMembers, ProblemOptions } from './problems/define-problem.js';
export type { StandardSchemaV1 } from './problems/standard-schema.js';
export { createProblemDocs } from './problems/docs/index.js';
export type { DocumentedProblem, ProblemDocsHandler, ProblemDocsOptions, ProblemDocsRequest, ProblemDocsResponse, ProblemIndexItem } from './problems/docs/index.js';

export { errorSchema, problemSchema } from './schema/error-schema.js';
export type { JsonSchema } from './schema/error-schema.js';
export { openApiResponses } from './schema/openapi.js';
export type { OpenApiHeader, OpenApiMediaType, OpenApiOptions, OpenApiResponse } from './schema/openapi.js';
export { errorFromResponse } from './client/from-response.js';
export type { FromResponseOptions, ResponseProblem } from './client/from-response.js';

export { parseRetryAfter } from './retry/retry-after.js';
export type { RetryAfter } from './retry/retry-after.js';
export { retryDelay } from './retry/retry-delay.js';
export type { HeaderRecord, RetryDelaySource } from './retry/retry-delay.js';
export { rateLimitError } from './rate-limit/rate-limit-error.js';
export type { RateLimitErrorOptions, RateLimitState } from './rate-limit/rate-limit-error.js';
export type { RateLimitHeaderForm, RateLimitPolicy } from './rate-limit/policies.js';
// The guard itself samples Node's event loop (perf_hooks): errata/express and errata/koa export it, so that this
// entry holds no Node built-in and bundles for a browser.
export type { OverloadGuard, ServiceUnavailableOptions } from './overload/overload-guard.js';

export type { ErrorMap, ErrorMapping, ErrorMatcher } from './integrations/map.js';
export type { FieldError } from './integrations/field-errors.js';
export { parseWith } from './integrations/standard-schema.js';
