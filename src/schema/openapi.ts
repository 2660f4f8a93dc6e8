import { catalog as defaultCatalog, defaultMessageFor, nameFromMessage, type Catalog } from '../catalog/catalog.js';
import { createError } from '../errors/create-error.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions } from '../errors/options.js';
import type { ProblemClass } from '../problems/define-problem.js';
import { MEDIA_TYPES, type ResponseOptions } from '../response/options.js';
import { createErrorRenderer, type ErrorRenderer } from '../response/render.js';
import { errorSchema, problemSchema, type JsonSchema } from './error-schema.js';
import { headerDoc, type OpenApiHeader } from './openapi-headers.js';
import { embedded, membersDocOf, problemBodySchema, problemJsonSchema } from './problem-schema.js';
import { exampleMembersOf } from '../problems/members.js';

export type { OpenApiHeader } from './openapi-headers.js';

/**
 * An OpenAPI 3.1 Media Type Object: the body's schema and an example body.
 *
 * @example
 * const problemBody: OpenApiMediaType | undefined = openApiResponses([404]).NotFound?.content['application/problem+json'];
 */
export interface OpenApiMediaType {
  schema: JsonSchema;
  example: Readonly<Record<string, unknown>>;
}

/**
 * An OpenAPI 3.1 Response Object for one error status or application problem.
 *
 * @example
 * const responses: Record<string, OpenApiResponse> = openApiResponses([400, 404, 500]);
 */
export interface OpenApiResponse {
  description: string;
  headers?: Record<string, OpenApiHeader>;
  content: {
    'application/json': OpenApiMediaType;
    'application/problem+json': OpenApiMediaType;
  };
}

/**
 * Options of {@link openApiResponses}: use the same values as the error handler, so the document matches it.
 *
 * @example
 * openApiResponses([404, 429, OutOfCredit], { problemTypeBase: 'https://example.com/errors/', examples: { OutOfCredit: { balance: 30, accounts: [] } } });
 */
export interface OpenApiOptions {
  /** The catalogue that supplies names, descriptions and example messages. Default: errata's catalogue. */
  catalog?: Catalog;
  /** The base URL of problem `type` URIs, as given to the error handler. Default: `about:blank` types. */
  problemTypeBase?: string;
  /** The handler's `body` option: the examples are then the custom bodies, and the schemas `bodySchema`'s. */
  body?: ResponseOptions['body'];
  /** The handler's `description` option: `false` leaves `description` out of the schemas and the examples. */
  description?: boolean;
  /**
   * The JSON Schema of each custom body (`body` option), per format: any JSON Schema object (a literal, zod's
   * `z.toJSONSchema`, `@types/json-schema`'s `JSONSchema7`). A format with a custom body and no schema here is
   * documented as a custom body without a schema, never as errata's own.
   */
  bodySchema?: Readonly<Partial<Record<'json' | 'problem', object>>>;
  /**
   * Example members per application problem, keyed by class name (`{ OutOfCredit: { balance: 30 } }`), checked
   * against the problem's schema. Default: the examples, defaults or placeholders of the members' JSON Schema.
   */
  examples?: Readonly<Record<string, unknown>>;
}

/** A class made by `defineProblem`, as `openApiResponses` reads it. */
type ProblemEntry = Pick<ProblemClass, 'status' | 'problem'>;

// Options that make an error carry every header its status implies, so the document lists exactly those.
const HEADER_PROBE = { allow: ['GET'], challenge: 'Bearer', size: 0, upgrade: 'HTTP/2', limit: 1, remaining: 0, reset: 1, captureStack: false };
// RFC 9110 §15.5.14 and §15.6.4 name Retry-After for 413 and 503; retryable statuses may send it too.
const RETRY_AFTER_STATUSES = new Set([413, 429, 503]);
const NO_BODY_SCHEMA: JsonSchema = Object.freeze({ description: 'A custom body (the body option); no schema was given for it.' });
const BODY_FORMATS = ['json', 'problem'] as const;

function nameOf(status: number, catalog: Catalog): string {
  const entry = catalog[status] ?? (defaultCatalog as Catalog)[status];
  return entry?.name ?? nameFromMessage(defaultMessageFor(status));
}

/** The response's description: the catalogue's, field by field as the renderer reads it, else the message. */
function descriptionOf(status: number, catalog: Catalog): string {
  const own = catalog[status];
  return own?.description || (defaultCatalog as Catalog)[status]?.description || own?.message || defaultMessageFor(status);
}

function headersOf(status: number, retryable: boolean): Record<string, OpenApiHeader> | undefined {
  const names = Object.keys(createError(status, HEADER_PROBE).headers);
  if ((retryable || RETRY_AFTER_STATUSES.has(status)) && !names.includes('Retry-After')) names.unshift('Retry-After');
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, headerDoc(name)]));
}

/** The body the error handler sends for this error, in production. */
function exampleBody(render: ErrorRenderer, error: HttpError, accept: string): Record<string, unknown> {
  return JSON.parse(render(error, { accept }).body) as Record<string, unknown>;
}

function isProblemClass(value: unknown): value is ProblemEntry {
  if (typeof value !== 'function') return false;
  const problem = (value as { problem?: unknown }).problem;
  if (typeof problem !== 'object' || problem === null) return false;
  const { type, title, name, status } = problem as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string' && typeof name === 'string' && typeof status === 'number';
}

function shown(value: unknown): string {
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}




/** The schema of each format: errata's own, or for a custom body the given `bodySchema`, or a note that none was given. */
function schemasFor(options: OpenApiOptions, own: Record<'json' | 'problem', JsonSchema>): Record<'json' | 'problem', JsonSchema> {
  const schemas = { ...own };
  for (const format of BODY_FORMATS) {
    if (options.body?.[format] === undefined) continue;
    const given = options.bodySchema?.[format];
    // checkOptions has made sure each given schema is a plain object.
    schemas[format] = given === undefined ? NO_BODY_SCHEMA : embedded(given as JsonSchema);
  }
  return schemas;
}

function withoutDescription(schema: JsonSchema): JsonSchema {
  const { description: _dropped, ...properties } = schema.properties as JsonSchema;
  return { ...schema, properties };
}

function checkOptions(options: OpenApiOptions): void {
  for (const [format, schema] of Object.entries(options.bodySchema ?? {})) {
    if ((format !== 'json' && format !== 'problem') || typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new TypeError(`openApiResponses: bodySchema takes a JSON Schema object for json and problem; ${JSON.stringify(format)} is ${shown(schema)}`);
    }
  }
  if (options.description !== undefined && typeof options.description !== 'boolean') throw new TypeError('openApiResponses: description must be a boolean');
  if (options.examples !== undefined && (typeof options.examples !== 'object' || options.examples === null)) {
    throw new TypeError('openApiResponses: examples must be an object keyed by problem class name');
  }
}

/**
 * OpenAPI 3.1 `components.responses` entries for the given error statuses and application problems (classes made
 * by `defineProblem`), keyed by class name (`NotFound`, `OutOfCredit`), so operations refer to them as
 * `$ref: '#/components/responses/NotFound'`. A status gets the catalogue's description; a problem its own, with
 * schemas that fix its `type`, `title`, `status` and `code` and list its members (from its Standard Schema's JSON
 * Schema, or the definition's `membersJsonSchema`). Each entry has both media types with their schema and an example
 * body rendered by the error handler's own code (production mode), and the headers the status can carry. Pass the
 * handler's `body` and `description` options so schemas and examples match what it sends. Throws a `RangeError` for
 * a status outside 400–599, and a `TypeError` for anything that is neither a status nor a problem class.
 *
 * @example
 * const document = {
 *   openapi: '3.1.0',
 *   info: { title: 'Users', version: '1.0.0' },
 *   paths: { '/users/{id}': { get: { responses: { 200: { description: 'The user' }, 404: { $ref: '#/components/responses/NotFound' } } } } },
 *   components: { responses: openApiResponses([400, 404, 429, 500, OutOfCredit, AccountLocked]) },
 * };
 */
export function openApiResponses(items: Iterable<number | ProblemEntry>, options: OpenApiOptions = {}): Record<string, OpenApiResponse> {
  checkOptions(options);
  const catalog = options.catalog ?? defaultCatalog;
  const withDescription = options.description !== false;
  const render = createErrorRenderer({
    production: true,
    catalog,
    problemTypeBase: options.problemTypeBase,
    formats: ['json', 'problem'],
    body: options.body,
    description: options.description,
  });
  const statusSchemas = schemasFor(options, {
    json: withDescription ? embedded(errorSchema) : withoutDescription(embedded(errorSchema)),
    problem: withDescription ? embedded(problemSchema) : withoutDescription(embedded(problemSchema)),
  });
  const responses: Record<string, OpenApiResponse> = {};
  // Which item made each key: one name for two different things would hide one of them.
  const sources = new Map<string, unknown>();

  const add = (name: string, source: unknown, response: OpenApiResponse): void => {
    const previous = sources.get(name);
    if (previous !== undefined && previous !== source && (typeof previous !== 'number' || typeof source !== 'number')) {
      throw new TypeError(`openApiResponses: two entries are named ${name} (${shown(previous)} and ${shown(source)}); give one problem another name`);
    }
    sources.set(name, source);
    responses[name] = response;
  };
  const entry = (error: HttpError, description: string, schemas: Record<'json' | 'problem', JsonSchema>, retryable: boolean): OpenApiResponse => {
    const response: OpenApiResponse = {
      description,
      content: {
        'application/json': { schema: schemas.json, example: exampleBody(render, error, MEDIA_TYPES.json) },
        'application/problem+json': { schema: schemas.problem, example: exampleBody(render, error, MEDIA_TYPES.problem) },
      },
    };
    const headers = headersOf(error.status, retryable);
    if (headers) response.headers = headers;
    return response;
  };

  for (const item of items) {
    if (typeof item === 'number') {
      if (!Number.isInteger(item) || item < 400 || item > 599) {
        throw new RangeError(`openApiResponses: status ${String(item)} is not an error status (400–599)`);
      }
      const retryable = catalog[item]?.retryable ?? (defaultCatalog as Catalog)[item]?.retryable ?? false;
      add(nameOf(item, catalog), item, entry(createError(item, { captureStack: false }), descriptionOf(item, catalog), statusSchemas, retryable));
    } else if (isProblemClass(item)) {
      const problem = item.problem;
      const members = membersDocOf(problem);
      const example = exampleMembersOf('openApiResponses', problem, members, options.examples);
      const Problem = item as unknown as new (...args: [unknown, HttpErrorOptions] | [HttpErrorOptions]) => HttpError;
      const error = members.kind === 'none' ? new Problem({ captureStack: false }) : new Problem(example, { captureStack: false });
      const schemas = schemasFor(options, {
        json: problemJsonSchema(problem, members, withDescription),
        problem: problemBodySchema(problem, members, withDescription),
      });
      add(problem.name, item, entry(error, problem.description, schemas, problem.retryable));
    } else {
      throw new TypeError(`openApiResponses: expected an error status (400–599) or a class made by defineProblem, not ${shown(item)}`);
    }
  }
  // A misspelt name would otherwise leave its problem with made-up members and no word about it.
  const unused = Object.keys(options.examples ?? {}).filter((name) => !isProblemClass(sources.get(name)));
  if (unused.length > 0) throw new TypeError(`openApiResponses: examples names ${unused.join(', ')}, which is no problem in the list`);
  return responses;
}
