import { utf8Length } from './utf8-length.js';
import { renderHtml } from './html.js';
import type { ErrorFormat, RequestFacts, ResponseOptions } from './options.js';
import { renderText } from './text.js';
import type { ErrorView } from './view.js';

const UNSERIALISABLE_DETAILS = '[details could not be serialised]';

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

/** The body of a view in one format. */
export function serialise(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): string {
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

/** A serialised body and its `Content-Length`. */
export interface Serialised {
  body: string;
  contentLength: string;
}

export function serialiseWithLength(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): Serialised {
  const body = serialise(format, view, options, request);
  return { body, contentLength: String(utf8Length(body)) };
}
