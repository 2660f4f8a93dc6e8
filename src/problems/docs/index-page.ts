import { escapeHtml } from '../../response/html.js';
import type { JsonSchema } from '../../schema/error-schema.js';
import type { DocEntry } from './entries.js';
import { documentOf } from './style.js';

/**
 * One problem in the JSON index. `href` is the page's path on this server, else the type URI (documented elsewhere),
 * else `null` (a `urn:` or `tag:` type); `code` and `members` only when the problem has them.
 *
 * @example
 * const item: ProblemIndexItem = {
 *   type: 'https://api.example.com/problems/out-of-credit', title: 'You do not have enough credit', status: 403,
 *   code: 'OUT_OF_CREDIT', description: 'Top up your account, then try again.', href: '/problems/out-of-credit',
 * };
 */
export interface ProblemIndexItem {
  type: string;
  title: string;
  status: number;
  code?: string;
  description: string;
  href: string | null;
  members?: JsonSchema;
}

/** The JSON index: every problem, served here or not, in the order given (problems, then statuses). @internal */
export function indexItems(entries: readonly DocEntry[]): ProblemIndexItem[] {
  return entries.map((entry) => ({
    type: entry.type,
    title: entry.title,
    status: entry.status,
    ...(entry.code === undefined ? {} : { code: entry.code }),
    description: entry.description,
    href: entry.href,
    ...(entry.members === undefined ? {} : { members: entry.members }),
  }));
}

function row(entry: DocEntry): string {
  const title = escapeHtml(entry.title);
  const link = entry.href === null ? title : `<a href="${escapeHtml(entry.href)}">${title}</a>`;
  const where = entry.path === undefined ? ' <span class="meta">(documented elsewhere)</span>' : '';
  return (
    `<tr><td>${link}${where}</td><td>${entry.status} ${escapeHtml(entry.reason)}</td>` +
    `<td>${entry.code === undefined ? '' : `<code>${escapeHtml(entry.code)}</code>`}</td><td><code>${escapeHtml(entry.type)}</code></td></tr>`
  );
}

/** The HTML index, for a browser opening the base path. @internal */
export function renderIndexPage(entries: readonly DocEntry[], title: string): string {
  return documentOf(
    escapeHtml(title),
    `<h1>${escapeHtml(title)}</h1>` +
      '<table class="problems"><thead><tr><th>Problem</th><th>Status</th><th>Code</th><th>Type</th></tr></thead>' +
      `<tbody>${entries.map(row).join('')}</tbody></table>`,
  );
}
