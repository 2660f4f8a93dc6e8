import { catalog as defaultCatalog, type Catalog } from '../catalog/catalog.js';
import { InternalServerError } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import { isErrorStatus } from '../errors/error-status.js';
import { toHttpError } from '../errors/to-http-error.js';
import {
  DEFAULT_RATE_LIMIT_FORM,
  notBefore,
  ownRateLimitHeaders,
  policiesOf,
  RATE_LIMIT_HEADER_NAMES,
  rateLimitFields,
  violatedPolicies,
  violatedReset,
  type Policy,
  type RateLimitHeaderForm,
} from '../rate-limit/policies.js';
import { isReducedCapacity, QUOTA_EXCEEDED, TEMPORARY_REDUCED_CAPACITY, withProblemType } from '../rate-limit/problem-types.js';
import { formatRetryAfter, normalizeRetryAfter, type RetryAfter } from '../retry/retry-after.js';
import { createBodyMemo } from './body-memo.js';
import { utf8Length } from './utf8-length.js';
import { copySafeHeaders, isSafeRequestId } from './headers.js';
import { createLocales } from './locale.js';
import { createNegotiator } from './negotiate.js';
import { ALL_FORMATS, type ErrorFormat, type ErrorResponse, type RequestFacts, type ResponseOptions } from './options.js';
import { buildView } from './view.js';

const CONTENT_TYPES: Readonly<Record<ErrorFormat, string>> = {
  json: 'application/json; charset=utf-8',
  problem: 'application/problem+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};
// Error pages need no script and no external resource (as finalhandler does).
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * Turns an error and the request's facts into a response to write.
 *
 * @example
 * const render: ErrorRenderer = createErrorRenderer({ production: true });
 * const { status, headers, body } = render(new NotFound(), { accept: 'text/html' });
 */
export type ErrorRenderer = (error: unknown, request?: RequestFacts) => ErrorResponse;

/**
 * The errata error to answer with, and its status read once (the value checked is the value sent). toHttpError
 * already rebuilt anything that only claims errata's brand; this still guards a genuine error whose `status` was
 * reassigned after construction: one outside 400–599 is answered as a bare 500 rather than sent with that status.
 */
function errorToRender(thrown: unknown): { error: HttpError; status: number } {
  const error = toHttpError(thrown);
  const status = error.status;
  return isErrorStatus(status) ? { error, status } : { error: new InternalServerError({ captureStack: false }), status: 500 };
}

/** The per-status `Retry-After` defaults, each rounded up to whole seconds; invalid hints are dropped. */
function normalizeRetryDefaults(defaults: ResponseOptions['retryAfter']): Readonly<Record<number, RetryAfter>> | undefined {
  if (defaults === undefined || defaults === null) return undefined;
  const normalized: Record<number, RetryAfter> = {};
  for (const [status, hint] of Object.entries(defaults)) {
    const value = normalizeRetryAfter(hint);
    if (value !== undefined) normalized[Number(status)] = value;
  }
  return normalized;
}

const RATE_LIMIT_FORMS: ReadonlySet<unknown> = new Set<RateLimitHeaderForm>(['draft-6', 'draft-7', 'draft-8', false]);

function rateLimitFormOf(value: unknown): RateLimitHeaderForm {
  if (value === undefined) return DEFAULT_RATE_LIMIT_FORM;
  if (!RATE_LIMIT_FORMS.has(value)) {
    throw new TypeError(`rateLimitHeaders must be 'draft-6', 'draft-7', 'draft-8' or false, not ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
  return value as RateLimitHeaderForm;
}

/** Replaces the rate-limit headers copied from the error, of any form, with the configured form's. */
function writeRateLimitFields(headers: Record<string, string>, policies: readonly Policy[], form: RateLimitHeaderForm): void {
  for (const name of Object.keys(headers)) if (RATE_LIMIT_HEADER_NAMES.has(name.toLowerCase())) delete headers[name];
  const fields = rateLimitFields(policies, form);
  for (const name of Object.keys(fields)) headers[name] = String(fields[name]);
}

/** The draft's problem type for this error, when `rateLimitProblemTypes` is on and one applies. */
function draftProblemType(error: unknown, status: number, policies: readonly Policy[] | undefined): { type: string; violated?: string[] } | undefined {
  if (status === 429) {
    const violated = policies === undefined ? [] : violatedPolicies(policies);
    return violated.length > 0 ? { type: QUOTA_EXCEEDED, violated: violated.map((policy) => policy.name) } : undefined;
  }
  return status === 503 && isReducedCapacity(error) ? { type: TEMPORARY_REDUCED_CAPACITY } : undefined;
}

/**
 * Prepares the options once and returns the function that answers errors with them. The adapters call this
 * once per middleware; use it directly to answer errors in any other framework.
 *
 * @example
 * const render = createErrorRenderer({ production: true });
 * const { status, headers, body } = render(new NotFound(), { accept: req.headers.accept, method: req.method });
 */
export function createErrorRenderer(options: ResponseOptions = {}): ErrorRenderer {
  // Safe by default: development behaviour (stacks, 5xx messages) only when asked for by name.
  const production = options.production ?? process.env.NODE_ENV !== 'development';
  // Without `catalogs` nothing per request is spent on languages but the `locales === undefined` checks.
  const locales = options.catalogs === undefined ? undefined : createLocales(options);
  const catalog: Catalog | undefined =
    locales !== undefined ? locales.defaultCatalog : options.catalog === defaultCatalog ? undefined : options.catalog;
  const formats = options.formats && options.formats.length > 0 ? options.formats : ALL_FORMATS;
  const negotiate = createNegotiator(formats, options.defaultFormat ?? formats[0] ?? 'json');
  const retryDefaults = normalizeRetryDefaults(options.retryAfter);
  const typeBase = options.problemTypeBase === undefined || options.problemTypeBase.endsWith('/') ? options.problemTypeBase : `${options.problemTypeBase}/`;
  const resolved: ResponseOptions = { ...options, problemTypeBase: typeBase };
  const serialiseBody = createBodyMemo(resolved);
  const rateLimitForm = rateLimitFormOf(options.rateLimitHeaders);
  const problemTypes = options.rateLimitProblemTypes === true;
  const withDescription = options.description !== false;
  if (options.problemFieldErrors !== undefined && options.problemFieldErrors !== 'details' && options.problemFieldErrors !== 'errors') {
    throw new TypeError(`problemFieldErrors must be 'details' or 'errors', not ${JSON.stringify(options.problemFieldErrors)}`);
  }
  for (const [format, mapper] of Object.entries(options.body ?? {})) {
    if ((format !== 'json' && format !== 'problem') || (mapper !== undefined && typeof mapper !== 'function')) {
      throw new TypeError(`body: each entry must be json or problem, and a function; ${JSON.stringify(format)} is ${typeof mapper}`);
    }
  }

  return (thrown, request = {}) => {
    const { error, status } = errorToRender(thrown);
    const requestId = isSafeRequestId(request.requestId) ? request.requestId : undefined;
    const policies = policiesOf(error.headers);
    // The error's own hint (normalised again: a genuine error's fields are writable), else the status default; never
    // before the reset of a violated policy, so the body's `retryAfter` and the header agree with the draft.
    let retryAfter = normalizeRetryAfter(error.retryAfter) ?? retryDefaults?.[status];
    if (policies !== undefined) retryAfter = notBefore(retryAfter, violatedReset(policies));
    const locale = locales === undefined ? undefined : locales.negotiate(request.acceptLanguage);
    const view = buildView(error, status, production, catalog, retryAfter, requestId, locale);
    if (!withDescription) view.description = '';
    const format = negotiate(request.accept);
    let { body, contentLength } = serialiseBody(format, view, request);
    const problemType = problemTypes && format === 'problem' ? draftProblemType(error, status, policies) : undefined;
    if (problemType !== undefined) {
      body = withProblemType(body, problemType.type, problemType.violated);
      contentLength = String(utf8Length(body));
    }

    const headers: Record<string, string> = {};
    copySafeHeaders(error.headers, headers, status);
    if (policies !== undefined) writeRateLimitFields(headers, policies, rateLimitForm);
    // A 429 carries errata's one set, or none: the Node adapters remove a limiter's headers of another form.
    if (policies !== undefined || status === 429) ownRateLimitHeaders(headers);
    if (retryAfter !== undefined) headers['Retry-After'] = formatRetryAfter(retryAfter);
    if (requestId !== undefined) headers['X-Request-Id'] = requestId;
    headers['Cache-Control'] = 'no-store';
    if (locale === undefined) headers.Vary = 'Accept';
    else {
      headers.Vary = 'Accept, Accept-Language';
      headers['Content-Language'] = locale.tag;
    }
    headers['X-Content-Type-Options'] = 'nosniff';
    if (format === 'html') headers['Content-Security-Policy'] = HTML_CSP;
    headers['Content-Type'] = CONTENT_TYPES[format];
    headers['Content-Length'] = contentLength;
    return { status, headers, body: request.method === 'HEAD' ? '' : body };
  };
}

const renderers = new WeakMap<ResponseOptions, ErrorRenderer>();
const defaultRenderer = { current: undefined as ErrorRenderer | undefined };

/**
 * Turns anything thrown into `{ status, headers, body }`: the framework-neutral core of errata's middleware.
 *
 * @example
 * const { status, headers, body } = renderError(new NotFound(), { accept: 'application/json', method: 'GET' });
 */
export function renderError(error: unknown, request: RequestFacts = {}, options?: ResponseOptions): ErrorResponse {
  let render: ErrorRenderer | undefined;
  if (options === undefined) render = defaultRenderer.current ??= createErrorRenderer();
  else {
    render = renderers.get(options);
    if (!render) renderers.set(options, (render = createErrorRenderer(options)));
  }
  return render(error, request);
}
