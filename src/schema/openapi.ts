import { catalog as defaultCatalog, defaultMessageFor, nameFromMessage, type Catalog } from '../catalog/catalog.js';
import { createError } from '../errors/create-error.js';
import { MEDIA_TYPES } from '../response/options.js';
import { createErrorRenderer, type ErrorRenderer } from '../response/render.js';
import { errorSchema, problemSchema, type JsonSchema } from './error-schema.js';
import { headerDoc, type OpenApiHeader } from './openapi-headers.js';

export type { OpenApiHeader } from './openapi-headers.js';

/** An OpenAPI 3.1 Media Type Object: the body's schema and an example body. */
export interface OpenApiMediaType {
  schema: JsonSchema;
  example: Readonly<Record<string, unknown>>;
}

/** An OpenAPI 3.1 Response Object for one error status. */
export interface OpenApiResponse {
  description: string;
  headers?: Record<string, OpenApiHeader>;
  content: {
    'application/json': OpenApiMediaType;
    'application/problem+json': OpenApiMediaType;
  };
}

/** Options of {@link openApiResponses}: use the same values as the error handler, so the document matches it. */
export interface OpenApiOptions {
  /** The catalogue that supplies names, descriptions and example messages. Default: errata's catalogue. */
  catalog?: Catalog;
  /** The base URL of problem `type` URIs, as given to the error handler. Default: `about:blank` types. */
  problemTypeBase?: string;
}

// Options that make an error carry every header its status implies, so the document lists exactly those.
const HEADER_PROBE = { allow: ['GET'], challenge: 'Bearer', size: 0, upgrade: 'HTTP/2', limit: 1, remaining: 0, reset: 1, captureStack: false };
// RFC 9110 §15.5.14 and §15.6.4 name Retry-After for 413 and 503; retryable statuses may send it too.
const RETRY_AFTER_STATUSES = new Set([413, 429, 503]);

/** Strips `$schema`: inside an OpenAPI 3.1 document, schemas already use its 2020-12 dialect. */
function embedded({ $schema: _dialect, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

function nameOf(status: number, catalog: Catalog): string {
  const entry = catalog[status] ?? (defaultCatalog as Catalog)[status];
  return entry?.name ?? nameFromMessage(defaultMessageFor(status));
}

function headersOf(status: number, catalog: Catalog): Record<string, OpenApiHeader> | undefined {
  const names = Object.keys(createError(status, HEADER_PROBE).headers);
  const retryable = catalog[status]?.retryable ?? (defaultCatalog as Catalog)[status]?.retryable ?? false;
  if ((retryable || RETRY_AFTER_STATUSES.has(status)) && !names.includes('Retry-After')) names.unshift('Retry-After');
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, headerDoc(name)]));
}

/** The body the error handler sends for a bare error of this status, in production. */
function exampleBody(render: ErrorRenderer, status: number, accept: string): Record<string, unknown> {
  return JSON.parse(render(createError(status, { captureStack: false }), { accept }).body) as Record<string, unknown>;
}

/**
 * OpenAPI 3.1 `components.responses` entries for the given error statuses, keyed by class name (`NotFound`),
 * so operations refer to them as `$ref: '#/components/responses/NotFound'`. Each has the catalogue's
 * description, both media types with their schema and an example body rendered by the error handler's own
 * code (production mode), and the headers the status can carry. Throws a `RangeError` for a status outside 400–599.
 *
 * @example
 * const document = {
 *   openapi: '3.1.0',
 *   info: { title: 'Users', version: '1.0.0' },
 *   paths: { '/users/{id}': { get: { responses: { 200: { description: 'The user' }, 404: { $ref: '#/components/responses/NotFound' } } } } },
 *   components: { responses: openApiResponses([400, 404, 429, 500]) },
 * };
 */
export function openApiResponses(statuses: Iterable<number>, options: OpenApiOptions = {}): Record<string, OpenApiResponse> {
  const catalog = options.catalog ?? defaultCatalog;
  const render = createErrorRenderer({ production: true, catalog, problemTypeBase: options.problemTypeBase, formats: ['json', 'problem'] });
  const json = embedded(errorSchema);
  const problem = embedded(problemSchema);
  const responses: Record<string, OpenApiResponse> = {};

  for (const status of statuses) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`openApiResponses: status ${String(status)} is not an error status (400–599)`);
    }
    const jsonExample = exampleBody(render, status, MEDIA_TYPES.json);
    const response: OpenApiResponse = {
      description: String(jsonExample.description ?? jsonExample.error),
      content: {
        'application/json': { schema: json, example: jsonExample },
        'application/problem+json': { schema: problem, example: exampleBody(render, status, MEDIA_TYPES.problem) },
      },
    };
    const headers = headersOf(status, catalog);
    if (headers) response.headers = headers;
    responses[nameOf(status, catalog)] = response;
  }
  return responses;
}
