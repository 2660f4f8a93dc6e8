import { retryHint, type ErrorView } from './view.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

function paragraph(text: string | undefined, className?: string): string {
  if (text === undefined || text === '') return '';
  return `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}' +
  'main{max-width:40rem;margin:10vh auto;padding:2rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}' +
  'h1{font-size:1.5rem;margin-top:0}.hint{font-weight:600}.meta{color:#59636e;font-size:.875rem}' +
  'pre{overflow:auto;font-size:.75rem;background:#f6f8fa;padding:1rem}';

/** A small self-contained page; every interpolated value is escaped, and it needs no script. */
export function renderHtml(view: ErrorView): string {
  const heading = escapeHtml(`${view.status} ${view.title}`);
  return (
    // The tag was checked when `catalogs` was given; escaped all the same, as every interpolated value is.
    `<!DOCTYPE html><html lang="${view.language === undefined ? 'en' : escapeHtml(view.language)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${heading}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>${heading}</h1>` +
    paragraph(view.problem?.title, 'problem') +
    paragraph(view.ownMessage, 'message') +
    paragraph(view.description, 'description') +
    paragraph(retryHint(view), 'hint') +
    paragraph(view.requestId === undefined ? undefined : `Request ID: ${view.requestId}`, 'meta') +
    (view.stack === undefined ? '' : `<pre>${escapeHtml(view.stack)}</pre>`) +
    '</main></body></html>'
  );
}
