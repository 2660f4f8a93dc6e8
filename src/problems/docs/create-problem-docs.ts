import { createNegotiator } from '../../response/negotiate.js';
import { utf8Length } from '../../response/utf8-length.js';
import { docEntries } from './entries.js';
import { etagOf, matchesEtag } from './etag.js';
import { indexItems, renderIndexPage } from './index-page.js';
import { normalisePath } from './locate.js';
import type { DocumentedProblem, ProblemDocsHandler, ProblemDocsOptions, ProblemDocsResponse } from './options.js';
import { renderProblemPage } from './page.js';

// The error pages' policy: nothing runs, nothing loads, but the inline style.
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

interface Representation {
  body: string;
  headers: Record<string, string>;
}

function representation(body: string, contentType: string, cacheControl: string, vary: boolean): Representation {
  const headers: Record<string, string> = { 'Cache-Control': cacheControl, ETag: etagOf(body) };
  if (vary) headers.Vary = 'Accept';
  headers['X-Content-Type-Options'] = 'nosniff';
  if (contentType.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
  headers['Content-Type'] = contentType;
  headers['Content-Length'] = String(utf8Length(body));
  return { body, headers };
}

function answer(chosen: Representation, method: string, ifNoneMatch: string | undefined): ProblemDocsResponse {
  if (matchesEtag(ifNoneMatch, chosen.headers.ETag as string)) {
    // RFC 9110 §15.4.5: a 304 carries the validators and caching fields a 200 would, and no content.
    const { 'Content-Type': _type, 'Content-Length': _length, ...headers } = chosen.headers;
    return { status: 304, headers, body: '' };
  }
  return { status: 200, headers: { ...chosen.headers }, body: method === 'HEAD' ? '' : chosen.body };
}

/**
 * Makes every page once and returns the framework-neutral handler the adapters wrap: GET and HEAD of the index
 * (the base path, with or without its final `/`) and of each served problem's path are answered; anything else
 * is `undefined`, for the framework to pass on. Throws a `TypeError` at once for what cannot be served.
 *
 * @example
 * const docs = createProblemDocs([OutOfCredit, AccountLocked], { statuses: true, problemTypeBase: 'https://api.example.com/problems/' });
 * const response = docs({ method: 'GET', path: '/problems/out-of-credit', accept: 'text/html' });
 * // { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', … }, body: '<!DOCTYPE html>…' }
 */
export function createProblemDocs(problems: readonly DocumentedProblem[], options: ProblemDocsOptions = {}): ProblemDocsHandler {
  const { entries, base } = docEntries(problems, options);
  const cacheControl = options.cacheControl ?? 'public, max-age=300';
  const pages = new Map<string, Representation>();
  for (const entry of entries) {
    if (entry.path !== undefined) pages.set(entry.path, representation(renderProblemPage(entry, base.path), 'text/html; charset=utf-8', cacheControl, false));
  }
  const indexJson = representation(JSON.stringify(indexItems(entries)), 'application/json; charset=utf-8', cacheControl, true);
  const indexHtml = representation(renderIndexPage(entries, options.title ?? 'Problem types'), 'text/html; charset=utf-8', cacheControl, true);
  const indexPaths = new Set([base.path, base.path.length > 1 ? base.path.slice(0, -1) : base.path]);
  const negotiate = createNegotiator(['json', 'html'], 'json');

  return function problemDocsHandler(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const path = typeof request.path === 'string' ? normalisePath(request.path) : undefined;
    if (path === undefined) return undefined;
    const page = pages.get(path);
    if (page !== undefined) return answer(page, request.method, request.ifNoneMatch);
    if (!indexPaths.has(path)) return undefined;
    return answer(negotiate(request.accept) === 'html' ? indexHtml : indexJson, request.method, request.ifNoneMatch);
  };
}
