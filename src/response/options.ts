import type { Catalog } from '../catalog/catalog.js';
import type { RateLimitHeaderForm } from '../rate-limit/policies.js';
import type { RetryAfter } from '../retry/retry-after.js';

/**
 * The body formats errata can answer in.
 *
 * @example
 * const formats: ErrorFormat[] = ['json', 'problem'];
 * app.use(createErrorHandler({ formats, defaultFormat: 'problem' }));
 */
export type ErrorFormat = 'json' | 'problem' | 'html' | 'text';

/**
 * How errors are turned into responses. Every field is optional.
 *
 * @example
 * const render = createErrorRenderer({ production: true, problemTypeBase: 'https://example.com/errors/', retryAfter: { 503: 120 } });
 */
export interface ResponseOptions {
  /** Hide stacks, and 5xx messages and details unless `expose: true`. Default: `NODE_ENV === 'production'`. */
  production?: boolean;
  /** The catalogue that supplies the documented message and description. Default: errata's catalogue. */
  catalog?: Catalog;
  /**
   * A catalogue per language tag, chosen per request from `Accept-Language`; the response then carries
   * `Content-Language` and `Vary: Accept, Accept-Language`. A locale's missing text falls back, field by field,
   * to the default locale's. With it, `catalog` may only repeat `catalogs[defaultLocale]`.
   */
  catalogs?: Readonly<Record<string, Catalog>>;
  /** The `catalogs` key for a missing `Accept-Language` or one nothing offered matches. Default: the first key. */
  defaultLocale?: string;
  /** The formats offered to content negotiation. Default: all four. */
  formats?: readonly ErrorFormat[];
  /** The format for a missing `Accept`, `*\/*`, or an `Accept` no offered format satisfies. Default: `'json'`. */
  defaultFormat?: ErrorFormat;
  /** Base URL of problem `type` URIs: `https://example.com/errors/` gives `https://example.com/errors/not-found`. Default: `about:blank`. */
  problemTypeBase?: string;
  /** A `Retry-After` to send per status when the error has none, such as `{ 429: 60, 503: 120 }`. */
  retryAfter?: Readonly<Partial<Record<number, RetryAfter>>>;
  /**
   * The form of the rate-limit headers: `'draft-6'` (`RateLimit-Limit`, `-Remaining`, `-Reset`), `'draft-7'`
   * (`RateLimit: limit=100, remaining=0, reset=30`), `'draft-8'` (`RateLimit: "default";r=0;t=30` and
   * `RateLimit-Policy: "default";q=100;w=60`, drafts 8 to 10), or `false` (only `Retry-After`). A 429 carries this
   * one set, whatever form the error or the limiter wrote. Default: `'draft-6'`.
   */
  rateLimitHeaders?: RateLimitHeaderForm;
  /**
   * Answer problem+json with the problem types of the RateLimit draft: a 429 with a violated policy as
   * `https://iana.org/assignments/http-problem-types#quota-exceeded` with `violated-policies` (their names), the
   * overload guard's 503 as `…#temporary-reduced-capacity`. Default: false.
   */
  rateLimitProblemTypes?: boolean;
  /**
   * Whether bodies carry the description (JSON `description`, problem+json `description` and its fallback `detail`,
   * the HTML and text paragraph). Default: true.
   */
  description?: boolean;
  /**
   * How problem+json bodies carry validation field errors: `'details'` (errata's `details: [{ field, message, code }]`,
   * as in JSON) or `'errors'` (RFC 9457 §3's example shape: `errors: [{ detail, pointer: '#/user/email', code }]`,
   * a JSON Pointer per field). Default: `'details'`.
   */
  problemFieldErrors?: 'details' | 'errors';
  /**
   * The body object to send instead of errata's, per format (`json`, `problem`): a function of the error as errata
   * would show it, after production hiding. Status, headers, Content-Length, HEAD and negotiation are unchanged. It
   * must be pure (bodies without per-request data are remembered); if it throws or returns no object, errata's own
   * body is sent and the failure is written to stderr.
   */
  body?: Readonly<Partial<Record<'json' | 'problem', ErrorBodyMapper>>>;
}

/**
 * The error as a custom body sees it (`body` option): each field after production hiding, as errata would send it.
 *
 * @example
 * // Fastify's and Nest's shape: { statusCode, error, message }
 * const fastifyShape: ErrorBodyMapper = (error) => ({ statusCode: error.status, error: error.error, message: error.message });
 */
export interface ErrorBodyFields {
  status: number;
  /** The status's documented message (`'Not Found'`). */
  error: string;
  /** An application problem's title; otherwise the same as `error`. */
  title: string;
  /** The error's own message when exposed, else `title`. */
  message: string;
  /** The description, unless the `description` option is false. */
  description: string | undefined;
  /** The problem type URI: an application problem's, `problemTypeBase` + the kebab-case name, or `'about:blank'`. */
  type: string;
  /** The request path (problem+json's `instance`), when known. */
  instance: string | undefined;
  retryable: boolean;
  /** Whole seconds, as in `Retry-After`. */
  retryAfter: number | undefined;
  code: string | undefined;
  /** Client-facing details (an application problem's members), only when the error is exposed. */
  details: unknown;
  requestId: string | undefined;
  /** Only outside production. */
  stack: string | undefined;
  /** The class name (`'NotFound'`, `'OutOfCredit'`). */
  name: string;
}

/**
 * Makes the body object of one format from an error's fields (the `body` option).
 *
 * @example
 * const body: ErrorBodyMapper = ({ status, message, details }) => ({ errors: [{ status: String(status), title: message, meta: details }] });
 */
export type ErrorBodyMapper = (error: ErrorBodyFields) => Readonly<Record<string, unknown>>;

/**
 * What the response depends on from the request.
 *
 * @example
 * const facts: RequestFacts = { accept: req.headers.accept, method: req.method, path: req.path };
 * const { status, headers, body } = renderError(error, facts);
 */
export interface RequestFacts {
  /** The `Accept` request header. */
  accept?: string | undefined;
  /** The `Accept-Language` request header, read only when `catalogs` is set. */
  acceptLanguage?: string | undefined;
  /** The request method; `HEAD` gets no body. */
  method?: string | undefined;
  /** The request path, used as the problem `instance`. */
  path?: string | undefined;
  /** A request id, echoed in `X-Request-Id` and the body when it is a short safe token. */
  requestId?: string | undefined;
}

/**
 * A response ready to write: status, headers and the serialised body (empty for HEAD).
 *
 * @example
 * const { status, headers, body }: ErrorResponse = renderError(error, { accept: req.headers.accept, method: req.method });
 * res.writeHead(status, headers).end(body);
 */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const ALL_FORMATS: readonly ErrorFormat[] = ['json', 'problem', 'html', 'text'];

export const MEDIA_TYPES: Readonly<Record<ErrorFormat, string>> = {
  json: 'application/json',
  problem: 'application/problem+json',
  html: 'text/html',
  text: 'text/plain',
};
