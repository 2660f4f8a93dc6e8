import { describe, expect, it } from 'vitest';
import { catalog, createError, renderError, type StatusEntry } from '../src/index.js';

// The 63 codes of CATALOGUE.md.
const CODES = [
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];
// CATALOGUE.md, "Retry hints": the statuses whose plain error is retryable.
const RETRYABLE = new Set([408, 425, 429, 502, 503, 504]);

const rows: StatusEntry[] = Object.values(catalog as Readonly<Record<number, StatusEntry>>);
const errorRows = rows.filter((row) => row.status >= 400);
const otherRows = rows.filter((row) => row.status < 400);

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

describe('every status of the catalogue', () => {
  it('has exactly the 63 documented codes: 23 below 400 and 40 error statuses', () => {
    expect(rows.map((row) => row.status)).toEqual(CODES);
    expect(otherRows).toHaveLength(23);
    expect(errorRows).toHaveLength(40);
  });

  it.each(rows.map((row) => [row.status, row.name, row] as const))('%i %s: createError renders the catalogue row, or refuses a non-error status', (status, _, row) => {
    expect(row.message).not.toBe('');
    expect(row.description).not.toBe('');
    const retryable = RETRYABLE.has(status);
    expect(row.retryable).toBe(retryable);

    if (status < 400) {
      expect(() => createError(status)).toThrow(RangeError);
      expect(() => createError(status)).toThrow(new RegExp(`\\b${status}\\b`));
      return;
    }
    const response = renderError(createError(status), {}, { production: true });
    const expected = { status, error: row.message, message: row.message, description: row.description, retryable };
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toEqual(expected);
    expect(response.body).toBe(JSON.stringify(expected));
    expect(response.headers).toEqual({
      'Cache-Control': 'no-store',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(response.body)),
    });
  });

  it.each(errorRows.map((row) => [row.status, row.name, row] as const))('%i %s: renders the catalogue row as problem details, HTML and text', (status, _, row) => {
    const options = { production: true, problemTypeBase: 'https://example.com/errors/' };
    const problem = renderError(createError(status), { accept: 'application/problem+json' }, options);
    expect(problem.status).toBe(status);
    expect(JSON.parse(problem.body)).toEqual({
      type: `https://example.com/errors/${kebab(row.name)}`,
      title: row.message,
      status,
      detail: row.description,
      description: row.description,
      retryable: RETRYABLE.has(status),
    });

    const html = renderError(createError(status), { accept: 'text/html' }, options);
    expect(html.status).toBe(status);
    expect(html.body).toContain(`<title>${status} ${escapeHtml(row.message)}</title>`);
    expect(html.body).toContain(`<p class="description">${escapeHtml(row.description)}</p>`);

    const text = renderError(createError(status), { accept: 'text/plain' }, options);
    expect(text.status).toBe(status);
    expect(text.body).toBe(`${status} ${row.message}\n\n${row.description}\n${RETRYABLE.has(status) ? 'This is temporary: try again later.\n' : ''}`);
  });
});
