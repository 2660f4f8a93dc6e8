import { reportFailure } from '../integrations/report.js';
import { RESERVED_MEMBERS } from '../problems/problem-data.js';
import { utf8Length } from './utf8-length.js';
import { renderHtml } from './html.js';
import type { ErrorBodyFields, ErrorFormat, RequestFacts, ResponseOptions } from './options.js';
import { renderText } from './text.js';
import type { ErrorView } from './view.js';

const UNSERIALISABLE_DETAILS = '[details could not be serialised]';

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The members both JSON formats end with, in this order, each only when it has a value. */
function addSharedMembers(body: Record<string, unknown>, view: ErrorView, details: unknown): Record<string, unknown> {
  if (view.description) body.description = view.description;
  body.retryable = view.retryable;
  if (view.retryAfter !== undefined) body.retryAfter = view.retryAfter;
  if (view.code !== undefined) body.code = view.code;
  if (details !== undefined) body.details = details;
  if (view.requestId !== undefined) body.requestId = view.requestId;
  if (view.stack !== undefined) body.stack = view.stack;
  return body;
}

/** The title a body shows: an application problem's, else the status's documented message. */
function titleOf(view: ErrorView): string {
  return view.problem?.title ?? view.title;
}

/** The message a body shows: the error's own when exposed, else the title. */
function messageOf(view: ErrorView): string {
  return view.ownMessage ?? titleOf(view);
}

function jsonBody(view: ErrorView): Record<string, unknown> {
  return addSharedMembers({ status: view.status, error: view.title, message: messageOf(view) }, view, view.details);
}

function problemType(view: ErrorView, typeBase: string | undefined): string {
  return view.problem?.type ?? (typeBase === undefined ? 'about:blank' : typeBase + kebab(view.name));
}

/** RFC 6901 JSON Pointer, in URI fragment form (RFC 9457 §3's `"pointer": "#/age"`), of a dotted field path. */
function pointerOf(field: string): string {
  if (field === '') return '#';
  return `#/${field.split('.').map((key) => encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

/** Field errors (the validator integrations' `details`) in RFC 9457 §3's shape; `undefined` for any other details. */
function rfc9457Errors(details: unknown): Array<Record<string, string>> | undefined {
  if (!Array.isArray(details) || details.length === 0) return undefined;
  const errors: Array<Record<string, string>> = [];
  for (const item of details as unknown[]) {
    if (!isRecord(item) || typeof item.field !== 'string' || typeof item.message !== 'string') return undefined;
    const error: Record<string, string> = { detail: item.message, pointer: pointerOf(item.field) };
    if (typeof item.code === 'string') error.code = item.code;
    errors.push(error);
  }
  return errors;
}

function problemBody(view: ErrorView, options: ResponseOptions, instance: string | undefined): Record<string, unknown> {
  // RFC 9457 §3.1: `detail` explains this occurrence; without an exposed message the description does.
  const body: Record<string, unknown> = { type: problemType(view, options.problemTypeBase), title: titleOf(view), status: view.status };
  const detail = view.ownMessage ?? view.description;
  if (detail) body.detail = detail;
  if (instance) body.instance = instance;
  const errors = options.problemFieldErrors === 'errors' ? rfc9457Errors(view.details) : undefined;
  // An application problem's members are the body's own extension members (RFC 9457 §3.2), never over errata's.
  const members = view.problem !== undefined && isRecord(view.details) ? view.details : undefined;
  addSharedMembers(body, view, errors !== undefined || members !== undefined ? undefined : view.details);
  if (errors !== undefined) body.errors = errors;
  if (members !== undefined) {
    for (const key of Object.keys(members)) if (!RESERVED_MEMBERS.has(key)) body[key] = members[key];
  }
  return body;
}

/** What a custom body (the `body` option) is made from. */
function bodyFields(view: ErrorView, options: ResponseOptions, instance: string | undefined): ErrorBodyFields {
  return {
    status: view.status,
    error: view.title,
    title: titleOf(view),
    message: messageOf(view),
    description: view.description || undefined,
    type: problemType(view, options.problemTypeBase),
    instance: instance || undefined,
    retryable: view.retryable,
    retryAfter: view.retryAfter,
    code: view.code,
    details: view.details,
    requestId: view.requestId,
    stack: view.stack,
    name: view.problem?.name ?? view.name,
  };
}

/** The custom body of a format, or `undefined` (reported) when the mapper throws or returns no object. */
function customBody(format: 'json' | 'problem', view: ErrorView, options: ResponseOptions, instance: string | undefined): Record<string, unknown> | undefined {
  const mapper = options.body?.[format];
  if (mapper === undefined) return undefined;
  try {
    const body: unknown = mapper(bodyFields(view, options, instance));
    if (isRecord(body)) return body as Record<string, unknown>;
    throw new TypeError(`it returned ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object`);
  } catch (failure) {
    reportFailure(`the ${format} body option`, failure);
    return undefined;
  }
}

/** JSON.stringify that survives details it cannot serialise (cycles, BigInt, a throwing toJSON). */
function stringify(body: Record<string, unknown>): string {
  try {
    return JSON.stringify(body);
  } catch {
    return JSON.stringify({ ...body, details: UNSERIALISABLE_DETAILS });
  }
}

/** A custom body that cannot be serialised falls back to errata's own. */
function stringifyCustom(body: Record<string, unknown> | undefined, fallback: () => Record<string, unknown>): string {
  if (body !== undefined) {
    try {
      const text = JSON.stringify(body);
      if (typeof text === 'string') return text;
    } catch (failure) {
      reportFailure('serialising a custom body', failure);
    }
  }
  return stringify(fallback());
}

/** The body of a view in one format. */
export function serialise(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): string {
  switch (format) {
    case 'json':
      return options.body === undefined ? stringify(jsonBody(view)) : stringifyCustom(customBody('json', view, options, request.path), () => jsonBody(view));
    case 'problem':
      return options.body === undefined
        ? stringify(problemBody(view, options, request.path))
        : stringifyCustom(customBody('problem', view, options, request.path), () => problemBody(view, options, request.path));
    case 'html':
      return renderHtml(view);
    case 'text':
      return renderText(view);
  }
}

/** A serialised body and its `Content-Length`. */
export interface Serialised {
  body: string;
  contentLength: string;
}

export function serialiseWithLength(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): Serialised {
  const body = serialise(format, view, options, request);
  return { body, contentLength: String(utf8Length(body)) };
}
