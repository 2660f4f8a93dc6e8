import type { Expectation } from './cases.js';

export type Format = 'json' | 'problem' | 'html' | 'text';

/** How the request was made and what mode the app runs in; the body depends on all of it. */
export interface Situation {
  method: string;
  path: string;
  production: boolean;
  requestId: string | undefined;
  problemTypeBase: string | undefined;
}

export { ACCEPT } from '../support/accept.js';

export const CONTENT_TYPE: Readonly<Record<Format, string>> = {
  json: 'application/json; charset=utf-8',
  problem: 'application/problem+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/** A stack trace as development mode shows it: the error's first line, then frames. */
export const STACK = /^\w*(Error)?: [^\n]*\n\s+at /;

const TYPE_SLUG: Readonly<Record<number, string>> = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  429: 'too-many-requests',
  500: 'internal-server-error',
  503: 'service-unavailable',
};

/** The error's own message as this response shows it, or undefined when it is hidden or there is none. */
function ownMessage(e: Expectation, s: Situation): string | undefined {
  const exposed = e.exposed ?? e.status < 500;
  if (e.message === undefined || (s.production && !exposed)) return undefined;
  return e.message.replace('{method}', s.method).replace('{path}', s.path);
}

function shared(e: Expectation, s: Situation): Record<string, unknown> {
  const body: Record<string, unknown> = { description: e.description, retryable: e.retryable };
  if (e.retryAfter !== undefined) body.retryAfter = e.retryAfter;
  if (e.code !== undefined) body.code = e.code;
  if (e.details !== undefined && !(s.production && !(e.exposed ?? e.status < 500))) body.details = e.details;
  if (s.requestId !== undefined) body.requestId = s.requestId;
  return body;
}

export function expectedJson(e: Expectation, s: Situation): Record<string, unknown> {
  return { status: e.status, error: e.title, message: ownMessage(e, s) ?? e.problem?.title ?? e.title, ...shared(e, s) };
}

export function expectedProblem(e: Expectation, s: Situation): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: e.problem?.type ?? (s.problemTypeBase === undefined ? 'about:blank' : s.problemTypeBase + TYPE_SLUG[e.status]),
    title: e.problem?.title ?? e.title,
    status: e.status,
    detail: ownMessage(e, s) ?? e.description,
    instance: s.path,
    ...shared(e, s),
  };
  // An application problem's members are extension members of the body itself (RFC 9457 §3.2).
  if (e.problem !== undefined && typeof body.details === 'object') {
    const { details, ...rest } = body;
    return { ...rest, ...(details as Record<string, unknown>) };
  }
  return body;
}

function hint(e: Expectation): string | undefined {
  if (e.retryAfter !== undefined) return e.retryAfter === 0 ? 'Try again now.' : `Try again in ${e.retryAfter} second${e.retryAfter === 1 ? '' : 's'}.`;
  return e.retryable ? 'This is temporary: try again later.' : undefined;
}

/** The text body without the stack trace development mode appends after a blank line. */
export function expectedText(e: Expectation, s: Situation): string {
  const lines = [e.problem?.title, ownMessage(e, s), e.description, hint(e), s.requestId && `Request ID: ${s.requestId}`].filter(Boolean);
  return `${e.status} ${e.title}\n\n${lines.join('\n')}\n`;
}

/** The parts of an HTML error page, read back from it. */
export interface HtmlParts {
  title: string | undefined;
  heading: string | undefined;
  problem?: string;
  message?: string;
  description?: string;
  hint?: string;
  meta?: string;
}

export function expectedHtml(e: Expectation, s: Situation): HtmlParts {
  const parts: HtmlParts = { title: `${e.status} ${e.title}`, heading: `${e.status} ${e.title}` };
  if (e.problem !== undefined) parts.problem = e.problem.title;
  const message = ownMessage(e, s);
  if (message !== undefined) parts.message = message;
  parts.description = e.description;
  const retry = hint(e);
  if (retry !== undefined) parts.hint = retry;
  if (s.requestId !== undefined) parts.meta = `Request ID: ${s.requestId}`;
  return parts;
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string): string => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** Reads an errata HTML page back into its parts, and its stack trace (development) apart. */
export function parseHtml(html: string): { parts: HtmlParts; stack: string | undefined } {
  const parts: HtmlParts = {
    title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
    heading: /<h1>([^<]*)<\/h1>/.exec(html)?.[1],
  };
  if (parts.title !== undefined) parts.title = unescape(parts.title);
  if (parts.heading !== undefined) parts.heading = unescape(parts.heading);
  for (const [, name, text] of html.matchAll(/<p class="(problem|message|description|hint|meta)">([^<]*)<\/p>/g)) {
    parts[name as 'message'] = unescape(text ?? '');
  }
  const pre = /<pre>([^<]*)<\/pre>/.exec(html)?.[1];
  return { parts, stack: pre === undefined ? undefined : unescape(pre) };
}
