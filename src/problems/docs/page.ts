import { escapeHtml } from '../../response/html.js';
import type { DocEntry } from './entries.js';
import { memberRows } from './members-table.js';
import { documentOf } from './style.js';

/** The retry hint a reader acts on. @internal */
export function retryText(retryable: boolean): string {
  return retryable ? 'Yes: the same request may succeed later.' : 'No: repeating the same request will not help.';
}

function membersSection(entry: DocEntry): string {
  if (!entry.hasMembers) return '<p class="members-none">This problem has no extension members.</p>';
  if (entry.members === undefined) {
    return '<p class="members-none">This problem has extension members, but no JSON Schema of them is known (give <code>membersJsonSchema</code>).</p>';
  }
  const rows = memberRows(entry.members)
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.name)}</code></td><td><code>${escapeHtml(row.type)}</code></td>` +
        `<td>${row.required ? 'yes' : 'no'}</td><td>${escapeHtml(row.description)}</td></tr>`,
    )
    .join('');
  const hidden = entry.status >= 500 ? '<p class="meta">A 5xx problem is answered without its members in production.</p>' : '';
  return (
    '<table class="members"><thead><tr><th>Name</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>${hidden}`
  );
}

/** A problem's page: what its type URI dereferences to (RFC 9457 §3.1.1). Every value is escaped; no script. @internal */
export function renderProblemPage(entry: DocEntry, indexPath: string): string {
  const code = entry.code === undefined ? '' : `<dt>Code</dt><dd><code class="code">${escapeHtml(entry.code)}</code></dd>`;
  return documentOf(
    escapeHtml(entry.title),
    `<p class="meta"><a href="${escapeHtml(indexPath)}">All problem types</a></p>` +
      `<h1>${escapeHtml(entry.title)}</h1>` +
      `<p class="description">${escapeHtml(entry.description)}</p>` +
      '<dl class="facts">' +
      `<dt>Type</dt><dd><code class="type">${escapeHtml(entry.type)}</code></dd>` +
      `<dt>Status</dt><dd class="status">${entry.status} ${escapeHtml(entry.reason)}</dd>` +
      code +
      `<dt>Retry</dt><dd class="retry">${retryText(entry.retryable)}</dd>` +
      '</dl>' +
      `<h2>Members</h2>${membersSection(entry)}` +
      '<h2>Example</h2>' +
      `<pre class="example">${escapeHtml(`HTTP/1.1 ${entry.status} ${entry.reason}\nContent-Type: application/problem+json\n\n${entry.example}`)}</pre>`,
  );
}
