import type { Catalog } from '../catalog/catalog.js';
import type { RateLimitHeaderForm } from '../rate-limit/policies.js';
import type { RetryAfter } from '../retry/retry-after.js';

/** The body formats errata can answer in. */
export type ErrorFormat = 'json' | 'problem' | 'html' | 'text';

/** How errors are turned into responses. Every field is optional. */
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
}

/** What the response depends on from the request. */
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

/** A response ready to write: status, headers and the serialised body (empty for HEAD). */
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
