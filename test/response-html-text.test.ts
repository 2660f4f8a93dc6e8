import { afterEach, describe, expect, it, vi } from 'vitest';
import { InternalServerError, NotFound, ServiceUnavailable, TooManyRequests, defineCatalog, renderError } from '../src/index.js';

const NOT_FOUND = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const TOO_MANY =
  'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.';
const UNAVAILABLE = 'The server is not ready to handle the request. Common causes are a server that is down for maintenance or that is overloaded.';
const INTERNAL = 'The server has encountered a situation it does not know how to handle.';

/** What Chrome, Firefox and Safari send for a page load. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const PRODUCTION = { production: true } as const;
const DEVELOPMENT = { production: false } as const;

/** The page after its <head>: the part that changes with the error. */
function main(body: string): string {
  return body.slice(body.indexOf('<main>'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HTML page', () => {
  it('answers a browser with a small page, its CSP and nosniff', () => {
    const response = renderError(new NotFound(), { accept: BROWSER }, PRODUCTION);
    expect(response.status).toBe(404);
    expect(response.headers).toEqual({
      'Cache-Control': 'no-store',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(response.body)),
    });
    expect(response.body.startsWith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(response.body).toContain('<title>404 Not Found</title>');
    expect(main(response.body)).toBe(`<main><h1>404 Not Found</h1><p class="description">${NOT_FOUND}</p></main></body></html>`);
  });

  it('needs no script and loads nothing from elsewhere', () => {
    const { body } = renderError(new NotFound(), { accept: BROWSER }, PRODUCTION);
    expect(body).not.toMatch(/<script|<link|<img|src=|href=/i);
  });

  it('shows the own message before the description, and the request id', () => {
    const { body } = renderError(new NotFound('User 42 does not exist'), { accept: 'text/html', requestId: 'req-9' }, PRODUCTION);
    expect(main(body)).toBe(
      '<main><h1>404 Not Found</h1><p class="message">User 42 does not exist</p>' +
        `<p class="description">${NOT_FOUND}</p><p class="meta">Request ID: req-9</p></main></body></html>`,
    );
  });

  it('says when to try again: "Try again in 30 seconds."', () => {
    const { body } = renderError(new TooManyRequests({ retryAfter: 30 }), { accept: BROWSER }, PRODUCTION);
    expect(main(body)).toBe(
      `<main><h1>429 Too Many Requests</h1><p class="description">${TOO_MANY}</p>` +
        '<p class="hint">Try again in 30 seconds.</p></main></body></html>',
    );
  });

  it('says "Try again in 1 second." in the singular', () => {
    const { body } = renderError(new TooManyRequests({ retryAfter: 1 }), { accept: BROWSER }, PRODUCTION);
    expect(body).toContain('<p class="hint">Try again in 1 second.</p>');
  });

  it('counts the seconds to a Date, and says "Try again now." once it has passed', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
    const soon = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T12:00:42.000Z') }), { accept: BROWSER }, PRODUCTION);
    expect(soon.body).toContain('<p class="hint">Try again in 42 seconds.</p>');
    const past = renderError(new ServiceUnavailable({ retryAfter: new Date('2025-03-01T11:00:00.000Z') }), { accept: BROWSER }, PRODUCTION);
    expect(past.body).toContain('<p class="hint">Try again now.</p>');
  });

  it('says a retryable error without a delay is temporary, and gives a non-retryable one no hint', () => {
    const temporary = renderError(new ServiceUnavailable(), { accept: BROWSER }, PRODUCTION);
    expect(main(temporary.body)).toBe(
      `<main><h1>503 Service Unavailable</h1><p class="description">${UNAVAILABLE}</p>` +
        '<p class="hint">This is temporary: try again later.</p></main></body></html>',
    );
    expect(renderError(new NotFound(), { accept: BROWSER }, PRODUCTION).body).not.toContain('class="hint"');
  });

  it('hides a 5xx\'s own message in production', () => {
    const { body } = renderError(new InternalServerError('connect ECONNREFUSED 10.0.0.5'), { accept: BROWSER }, PRODUCTION);
    expect(main(body)).toBe(`<main><h1>500 Internal Server Error</h1><p class="description">${INTERNAL.replace("'", '&#39;')}</p></main></body></html>`);
  });

  it('shows the stack in a <pre> outside production', () => {
    const error = new NotFound({ captureStack: true });
    const { body } = renderError(error, { accept: BROWSER }, DEVELOPMENT);
    expect(body).toMatch(/<pre>NotFoundError: Not Found\n\s+at /);
  });
});

describe('HTML escaping', () => {
  const XSS_MESSAGE = `<script>alert("x")</script> & 'quoted' </title>`;
  const XSS_DESCRIPTION = '<img src=x onerror=alert(1)>';

  it('escapes the message, the description override and the stack', () => {
    const error = new NotFound(XSS_MESSAGE, { description: XSS_DESCRIPTION, captureStack: true });
    const { body } = renderError(error, { accept: BROWSER, requestId: 'req-1' }, DEVELOPMENT);
    expect(body).toContain(
      '<p class="message">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;/title&gt;</p>' +
        '<p class="description">&lt;img src=x onerror=alert(1)&gt;</p><p class="meta">Request ID: req-1</p>' +
        '<pre>NotFoundError: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;/title&gt;\n',
    );
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script');
    expect(body.match(/<\/title>/g)).toHaveLength(1);
  });

  it('escapes a catalogue message in the <title> and <h1>', () => {
    const catalog = defineCatalog({ 404: { message: '</title><script>alert(1)</script>', description: '<img src=x onerror=alert(1)>' } });
    const { body } = renderError(new NotFound(), { accept: BROWSER }, { production: true, catalog });
    expect(body).toContain('<title>404 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(main(body)).toBe(
      '<main><h1>404 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>' +
        '<p class="description">&lt;img src=x onerror=alert(1)&gt;</p></main></body></html>',
    );
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script');
    expect(body.match(/<\/title>/g)).toHaveLength(1);
  });

  it('never echoes a request id that would need escaping', () => {
    const { body, headers } = renderError(new NotFound(), { accept: BROWSER, requestId: '<img src=x onerror=alert(1)>' }, PRODUCTION);
    expect(body).not.toContain('Request ID');
    expect(body).not.toContain('<img');
    expect(headers).not.toHaveProperty('X-Request-Id');
  });
});

describe('plain text', () => {
  it('answers text/plain with the documented message, a blank line and the description', () => {
    const response = renderError(new NotFound(), { accept: 'text/plain' }, PRODUCTION);
    const body = `404 Not Found\n\n${NOT_FOUND}\n`;
    expect(response).toEqual({
      status: 404,
      headers: {
        'Cache-Control': 'no-store',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
      },
      body,
    });
  });

  it('adds the own message, the retry hint and the request id, one per line', () => {
    const response = renderError(new TooManyRequests('Slow down', { retryAfter: 1 }), { accept: 'text/plain', requestId: 'req-1' }, PRODUCTION);
    expect(response.body).toBe(`429 Too Many Requests\n\nSlow down\n${TOO_MANY}\nTry again in 1 second.\nRequest ID: req-1\n`);
    expect(response.headers['Retry-After']).toBe('1');
    expect(response.headers['X-Request-Id']).toBe('req-1');
  });

  it('says "Try again in 30 seconds."', () => {
    const response = renderError(new TooManyRequests({ retryAfter: 30 }), { accept: 'text/plain' }, PRODUCTION);
    expect(response.body).toBe(`429 Too Many Requests\n\n${TOO_MANY}\nTry again in 30 seconds.\n`);
  });

  it('ends with the stack, after a blank line, outside production', () => {
    const error = new NotFound({ captureStack: true });
    const response = renderError(error, { accept: 'text/plain' }, DEVELOPMENT);
    expect(response.body).toBe(`404 Not Found\n\n${NOT_FOUND}\n\n${error.stack}\n`);
  });

  it('hides a 5xx\'s own message in production', () => {
    const response = renderError(new InternalServerError('connect ECONNREFUSED'), { accept: 'text/plain' }, PRODUCTION);
    expect(response.body).toBe(`500 Internal Server Error\n\n${INTERNAL}\n`);
  });

  it('has no CSP header: it is not a page', () => {
    expect(renderError(new NotFound(), { accept: 'text/plain' }, PRODUCTION).headers).not.toHaveProperty('Content-Security-Policy');
  });
});
