import type { RequestListener } from 'node:http';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorHandler as expressErrorHandler, notFound } from '../src/adapters/express/index.js';
import { NotFound, createErrorRenderer, renderError, type ErrorFormat, type ResponseOptions } from '../src/index.js';
import { createErrorHandler as koaErrorHandler } from '../src/adapters/koa/index.js';
import { MEMO_MAX_BYTES, MEMO_MAX_ENTRIES, memoizeByHeader } from '../src/response/memo.js';
import { listen, type TestServer } from './contract/server.js';

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

/** `value` padded to exactly `length` characters inside its last range, so the range count stays the same. */
function padded(value: string, length: number): string {
  return value + 'a'.repeat(length - value.length);
}

/** `first`, then `rangeOf(k)` for k = 1, 2, … while the value stays within `length` characters. */
function manyRanges(first: string, length: number, rangeOf: (k: number) => string): string {
  let value = first;
  for (let k = 1; value.length + 1 + rangeOf(k).length <= length; k++) value += `,${rangeOf(k)}`;
  return value;
}

describe('an Accept past the documented limits (1024 characters, 32 ranges) negotiates as absent', () => {
  it('1024 characters are negotiated; 1025 give the default format', () => {
    const atLimit = padded('text/html,x/', 1024);
    expect(atLimit).toHaveLength(1024);
    expect(formatFor(atLimit)).toBe('html');
    expect(formatFor(padded('text/html,x/', 1025))).toBe('json');
    // The default format, whichever it is, not JSON.
    expect(formatFor(padded('application/json,x/', 1025), { defaultFormat: 'text' })).toBe('text');
  });

  it('32 comma-separated ranges are negotiated; 33 give the default format', () => {
    const ranges = (count: number) => ['text/html', ...Array.from({ length: count - 1 }, () => 'x/y')].join(',');
    expect(formatFor(ranges(32))).toBe('html');
    expect(formatFor(ranges(33))).toBe('json');
    // Empty elements count: the limit is on commas, which is what costs.
    expect(formatFor(`text/html${','.repeat(31)}`)).toBe('html');
    expect(formatFor(`text/html${','.repeat(32)}`)).toBe('json');
  });

  it('a value past the limits is answered the same way every time, also after values within them', () => {
    const render = createErrorRenderer({ production: true });
    const over = padded('text/html,x/', 1025);
    for (let i = 0; i < 3; i++) {
      expect(render(new NotFound(), { accept: 'text/html' }).headers['Content-Type']).toBe(CONTENT_TYPES.html);
      expect(render(new NotFound(), { accept: over }).headers['Content-Type']).toBe(CONTENT_TYPES.json);
    }
  });
});

describe('the per-header memo', () => {
  /** A memo that counts how often it had to negotiate. */
  function counted() {
    const calls: string[] = [];
    const memo = memoizeByHeader((value) => {
      calls.push(value);
      return value.length;
    });
    return { memo, calls };
  }
  // Distinct values of exactly `length` characters.
  const value = (i: number, length: number) => padded(`v${i}-`, length);

  it('keeps at most 256 entries and 32 KiB of header text', () => {
    expect(MEMO_MAX_ENTRIES).toBe(256);
    expect(MEMO_MAX_BYTES).toBe(32 * 1024);
  });

  it('keeps values up to exactly its byte bound, and starts over past it', () => {
    const { memo, calls } = counted();
    // 32 values of 1024 characters: 32,768 in all, exactly the bound.
    const full = Array.from({ length: 32 }, (_, i) => value(i, 1024));
    for (const v of full) expect(memo(v)).toBe(1024);
    for (const v of full) memo(v);
    expect(calls).toHaveLength(32);

    // One character more would pass the bound: the memo is emptied before the new value is kept.
    expect(memo('x')).toBe(1);
    expect(calls).toHaveLength(33);
    memo('x');
    expect(calls).toHaveLength(33);
    memo(full[0]!);
    expect(calls).toHaveLength(34);
  });

  it('answers a value longer than its whole byte bound without keeping it or dropping the others', () => {
    const { memo, calls } = counted();
    const huge = value(0, MEMO_MAX_BYTES + 1);
    memo('kept');
    for (let i = 0; i < 3; i++) expect(memo(huge)).toBe(MEMO_MAX_BYTES + 1);
    expect(calls).toEqual(['kept', huge, huge, huge]);
    memo('kept');
    expect(calls).toHaveLength(4);
  });

  it('keeps at most 256 entries, and starts over at the 257th', () => {
    const { memo, calls } = counted();
    for (let i = 0; i < 256; i++) memo(`v${i}`);
    for (let i = 0; i < 256; i++) memo(`v${i}`);
    expect(calls).toHaveLength(256);
    memo('v256');
    expect(calls).toHaveLength(257);
    memo('v0');
    expect(calls).toHaveLength(258);
    memo('v256');
    expect(calls).toHaveLength(258);
  });
});

describe.each([
  {
    name: 'Express 5',
    app: (): RequestListener => {
      const app = express();
      app.use(notFound);
      app.use(expressErrorHandler({ production: true }));
      return app;
    },
  },
  {
    name: 'Koa 3',
    app: (): RequestListener => {
      const app = new Koa();
      app.silent = true;
      app.use(koaErrorHandler({ production: true }));
      return app.callback();
    },
  },
])('$name: a 16 KB adversarial Accept', ({ app }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gets the default format (JSON), though its first range asks for HTML', async () => {
    server = await listen(app());
    // Node's default limit is 16 KB for every header together: thousands of ranges in one value that fits.
    const accept = manyRanges('text/html', 16_000, (k) => `x/${String.fromCharCode(97 + (k % 26))}`);
    expect(accept.length).toBeGreaterThan(15_990);
    const res = await request(server.url).get('/nope').set('Accept', accept);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.vary).toBe('Accept');
    expect(res.body).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'Cannot GET /nope',
      description: 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.',
      retryable: false,
    });
  });
});
