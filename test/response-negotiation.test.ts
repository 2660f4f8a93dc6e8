import { describe, expect, it } from 'vitest';
import { NotFound, createErrorRenderer, renderError, type ErrorFormat, type ResponseOptions } from '../src/index.js';

const CONTENT_TYPES: Readonly<Record<ErrorFormat, string>> = {
  json: 'application/json; charset=utf-8',
  problem: 'application/problem+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

function formatFor(accept: string | undefined, options: ResponseOptions = {}): ErrorFormat {
  const contentType = renderError(new NotFound(), { accept }, { production: true, ...options }).headers['Content-Type'];
  const format = (Object.keys(CONTENT_TYPES) as ErrorFormat[]).find((key) => CONTENT_TYPES[key] === contentType);
  if (!format) throw new Error(`unexpected Content-Type ${String(contentType)}`);
  return format;
}

describe('content negotiation', () => {
  it.each<[string | undefined, ErrorFormat]>([
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['*/*;q=0.8', 'json'],
    ['application/json', 'json'],
    ['application/*', 'json'],
    ['application/problem+json', 'problem'],
    ['text/html', 'html'],
    ['TEXT/HTML', 'html'],
    ['text/plain', 'text'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
    ['application/json, text/plain, */*', 'json'],
    ['application/json;q=0.5, text/html', 'html'],
    ['text/html;q=0.1, application/json', 'json'],
    ['text/plain;q=0.9, text/html;q=0.8', 'text'],
    ['application/problem+json;q=0.9, application/json;q=1', 'json'],
    ['application/json;q=0, text/plain', 'text'],
    ['image/png', 'json'],
    ['image/png, image/webp', 'json'],
    ['not a media type', 'json'],
  ])('Accept %j gives %s', (accept, format) => {
    expect(formatFor(accept)).toBe(format);
  });

  it('answers the same Accept the same way every time (cached)', () => {
    const render = createErrorRenderer({ production: true });
    for (let i = 0; i < 3; i++) {
      expect(render(new NotFound(), { accept: 'text/html;q=0.1, application/json' }).headers['Content-Type']).toBe(CONTENT_TYPES.json);
      expect(render(new NotFound(), { accept: 'application/json;q=0.5, text/html' }).headers['Content-Type']).toBe(CONTENT_TYPES.html);
    }
  });

  it('sets Vary: Accept on every format, including for a missing Accept', () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/problem+json', 'text/html', 'text/plain', 'image/png']) {
      expect(renderError(new NotFound(), { accept }, { production: true }).headers.Vary).toBe('Accept');
    }
  });
});

describe('the formats option', () => {
  it('offers only the listed formats; anything else gets the default', () => {
    const options = { formats: ['json', 'html'] } as const;
    expect(formatFor('text/html', options)).toBe('html');
    expect(formatFor('application/json', options)).toBe('json');
    expect(formatFor('text/plain', options)).toBe('json');
    expect(formatFor('application/problem+json', options)).toBe('json');
    expect(formatFor(undefined, options)).toBe('json');
  });

  it('defaults to the first listed format', () => {
    const options = { formats: ['html', 'text'] } as const;
    expect(formatFor(undefined, options)).toBe('html');
    expect(formatFor('*/*', options)).toBe('html');
    expect(formatFor('application/json', options)).toBe('html');
    expect(formatFor('text/plain', options)).toBe('text');
  });

  it('offers a problem-only API nothing but problem details', () => {
    const options = { formats: ['problem'] } as const;
    for (const accept of [undefined, 'application/json', 'text/html', 'text/plain']) expect(formatFor(accept, options)).toBe('problem');
  });

  it('treats an empty list as all four formats', () => {
    const options = { formats: [] } as const;
    expect(formatFor('text/plain', options)).toBe('text');
    expect(formatFor(undefined, options)).toBe('json');
  });
});

describe('the defaultFormat option', () => {
  it('answers a missing Accept, */* and an Accept nothing satisfies', () => {
    const options = { defaultFormat: 'text' } as const;
    expect(formatFor(undefined, options)).toBe('text');
    expect(formatFor('*/*', options)).toBe('text');
    expect(formatFor('image/png', options)).toBe('text');
  });

  it('wins ties between wildcards, and never overrides an explicit preference', () => {
    expect(formatFor('application/*', { defaultFormat: 'problem' })).toBe('problem');
    expect(formatFor('application/json', { defaultFormat: 'problem' })).toBe('json');
    expect(formatFor('text/html', { defaultFormat: 'text' })).toBe('html');
  });
});
