import { catalog as defaultCatalog, type Catalog } from '../catalog/catalog.js';
import { InternalServerError } from '../errors/classes.js';
import type { HttpError } from '../errors/http-error.js';
import { toHttpError } from '../errors/to-http-error.js';
import { formatRetryAfter, normalizeRetryAfter, type RetryAfter } from '../retry/retry-after.js';
import { copySafeHeaders, isSafeRequestId } from './headers.js';
import { renderHtml } from './html.js';
import { createLocales } from './locale.js';
import { createNegotiator } from './negotiate.js';
import { ALL_FORMATS, type ErrorFormat, type ErrorResponse, type RequestFacts, type ResponseOptions } from './options.js';
import { renderText } from './text.js';
import { buildView, type ErrorView } from './view.js';

const CONTENT_TYPES: Readonly<Record<ErrorFormat, string>> = {
  json: 'application/json; charset=utf-8',
  problem: 'application/problem+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};
// Error pages need no script and no external resource (as finalhandler does).
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";
const UNSERIALISABLE_DETAILS = '[details could not be serialised]';

/** Turns an error and the request's facts into a response to write. */
export type ErrorRenderer = (error: unknown, request?: RequestFacts) => ErrorResponse;

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** The members both JSON formats end with, in this order, each only when it has a value. */
function addSharedMembers(body: Record<string, unknown>, view: ErrorView): Record<string, unknown> {
  if (view.description) body.description = view.description;
  body.retryable = view.retryable;
  if (view.retryAfter !== undefined) body.retryAfter = view.retryAfter;
  if (view.code !== undefined) body.code = view.code;
  if (view.details !== undefined) body.details = view.details;
  if (view.requestId !== undefined) body.requestId = view.requestId;
  if (view.stack !== undefined) body.stack = view.stack;
  return body;
}

function jsonBody(view: ErrorView): Record<string, unknown> {
  return addSharedMembers({ status: view.status, error: view.title, message: view.ownMessage ?? view.title }, view);
}

function problemBody(view: ErrorView, typeBase: string | undefined, instance: string | undefined): Record<string, unknown> {
  // RFC 9457 §3.1: `detail` explains this occurrence; without an exposed message the description does.
  const body: Record<string, unknown> = {
    type: typeBase === undefined ? 'about:blank' : typeBase + kebab(view.name),
    title: view.title,
    status: view.status,
  };
  const detail = view.ownMessage ?? view.description;
  if (detail) body.detail = detail;
  if (instance) body.instance = instance;
  return addSharedMembers(body, view);
}

/** JSON.stringify that survives details it cannot serialise (cycles, BigInt, a throwing toJSON). */
function stringify(body: Record<string, unknown>): string {
  try {
    return JSON.stringify(body);
  } catch {
    return JSON.stringify({ ...body, details: UNSERIALISABLE_DETAILS });
  }
}

/** A serialised body and its `Content-Length`. */
interface Serialised {
  body: string;
  contentLength: string;
}

/** Whether two views have the same text and hints, and neither carries anything of one occurrence (a message, details, an id). */
function sameStandardView(a: ErrorView, b: ErrorView): boolean {
  return (
    a.status === b.status &&
    a.title === b.title &&
    a.description === b.description &&
    a.retryable === b.retryable &&
    a.name === b.name &&
    a.language === b.language &&
    isStandard(a)
  );
}

function isStandard(view: ErrorView): boolean {
  return (
    view.ownMessage === undefined &&
    view.retryAfter === undefined &&
    view.code === undefined &&
    view.details === undefined &&
    view.requestId === undefined &&
    view.stack === undefined
  );
}

// problem+json names the request path as `instance`: its body is kept with this in the path's place, then filled.
const INSTANCE_SLOT = '\u0000errata:instance\u0000';
const INSTANCE_SLOT_JSON = JSON.stringify(INSTANCE_SLOT);

/** A kept body: whole, or (problem+json) the text before and after the serialised `instance`. */
interface KeptBody {
  view: ErrorView;
  whole: Serialised | undefined;
  before: string;
  after: string;
  bytes: number;
}

function keepBody(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): KeptBody | undefined {
  if (format !== 'problem') return { view, whole: serialiseOnce(format, view, options, request), before: '', after: '', bytes: 0 };
  const body = serialise(format, view, options, { ...request, path: INSTANCE_SLOT });
  const at = body.indexOf(INSTANCE_SLOT_JSON);
  // Only where the slot stands once: a catalogue text could, in theory, hold the same characters.
  if (at === -1 || body.includes(INSTANCE_SLOT_JSON, at + 1)) return undefined;
  const before = body.slice(0, at);
  const after = body.slice(at + INSTANCE_SLOT_JSON.length);
  return { view, whole: undefined, before, after, bytes: Buffer.byteLength(before) + Buffer.byteLength(after) };
}

function fillBody(kept: KeptBody, path: string): Serialised {
  if (kept.whole !== undefined) return kept.whole;
  const instance = JSON.stringify(path);
  return { body: kept.before + instance + kept.after, contentLength: String(kept.bytes + Buffer.byteLength(instance)) };
}

/**
 * Remembers the body of each standard view (a status's documented text, nothing of one occurrence), per language,
 * format and status: most errors a server answers are these, and their bodies never change but for the
 * problem+json `instance`, which is filled in per request. Bounded by the statuses (400–599), the formats and the
 * configured languages.
 */
function createBodyMemo(options: ResponseOptions) {
  // Keyed by language, then format, then status, without building a string key per request.
  const kept = new Map<string | undefined, Map<ErrorFormat, Map<number, KeptBody>>>();
  return (format: ErrorFormat, view: ErrorView, request: RequestFacts): Serialised => {
    const path = request.path;
    // problem+json without a path has no `instance` member: answered without the memo.
    if (!isStandard(view) || (format === 'problem' && (typeof path !== 'string' || path === ''))) {
      return serialiseOnce(format, view, options, request);
    }
    let byFormat = kept.get(view.language);
    if (byFormat === undefined) kept.set(view.language, (byFormat = new Map()));
    let byStatus = byFormat.get(format);
    if (byStatus === undefined) byFormat.set(format, (byStatus = new Map()));
    let entry = byStatus.get(view.status);
    if (entry === undefined || !sameStandardView(entry.view, view)) {
      entry = keepBody(format, view, options, request);
      if (entry === undefined) return serialiseOnce(format, view, options, request);
      byStatus.set(view.status, entry);
    }
    return fillBody(entry, path as string);
  };
}

function serialiseOnce(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): Serialised {
  const body = serialise(format, view, options, request);
  return { body, contentLength: String(Buffer.byteLength(body)) };
}

function serialise(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): string {
  switch (format) {
    case 'json':
      return stringify(jsonBody(view));
    case 'problem':
      return stringify(problemBody(view, options.problemTypeBase, request.path));
    case 'html':
      return renderHtml(view);
    case 'text':
      return renderText(view);
  }
}

function isErrorStatus(status: unknown): boolean {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

/**
 * The errata error to answer with. The brand is a `Symbol.for`, so any value can claim to be an errata error;
 * one whose status is not 400–599 is answered as a bare 500 rather than sent with that status.
 */
function errorToRender(thrown: unknown): HttpError {
  const error = toHttpError(thrown);
  return isErrorStatus(error.status) ? error : new InternalServerError({ captureStack: false });
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

/**
 * Prepares the options once and returns the function that answers errors with them. The adapters call this
 * once per middleware; use it directly to answer errors in any other framework.
 *
 * @example
 * const render = createErrorRenderer({ production: true });
 * const { status, headers, body } = render(new NotFound(), { accept: req.headers.accept, method: req.method });
 */
export function createErrorRenderer(options: ResponseOptions = {}): ErrorRenderer {
  const production = options.production ?? process.env.NODE_ENV === 'production';
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

  return (thrown, request = {}) => {
    const error = errorToRender(thrown);
    const requestId = isSafeRequestId(request.requestId) ? request.requestId : undefined;
    // The error's own hint (normalised again: a forged errata error may carry anything), else the status default.
    const retryAfter = normalizeRetryAfter(error.retryAfter) ?? retryDefaults?.[error.status];
    const locale = locales === undefined ? undefined : locales.negotiate(request.acceptLanguage);
    const view = buildView(error, production, catalog, retryAfter, requestId, locale);
    const format = negotiate(request.accept);
    const { body, contentLength } = serialiseBody(format, view, request);

    const headers: Record<string, string> = {};
    copySafeHeaders(error.headers, headers);
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
    return { status: error.status, headers, body: request.method === 'HEAD' ? '' : body };
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
