// The error pages' look (src/response/html.ts), widened for a table; inline, as the CSP allows nothing else.
export const DOCS_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}' +
  'main{max-width:48rem;margin:6vh auto;padding:2rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}' +
  'h1{font-size:1.5rem;margin-top:0}h2{font-size:1.125rem;margin-top:1.5rem}.meta{color:#59636e;font-size:.875rem}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}' +
  'table{border-collapse:collapse;width:100%;font-size:.875rem}th,td{text-align:left;padding:.375rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}' +
  'code{overflow-wrap:anywhere}pre{overflow:auto;font-size:.75rem;background:#f6f8fa;padding:1rem}';

/** The document around a page's content: nothing in it runs or loads. @internal */
export function documentOf(title: string, content: string): string {
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${title}</title><style>${DOCS_STYLE}</style></head><body><main>${content}</main></body></html>`
  );
}
