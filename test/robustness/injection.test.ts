import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defineCatalog } from '../../src/catalog/catalog.js';
import { BadRequest, NotFound, ServiceUnavailable } from '../../src/errors/classes.js';
import { createError } from '../../src/errors/create-error.js';
import type { ErrorHeaders } from '../../src/errors/options.js';
import { appServer, type FrameworkName, type Route, type SharedOptions } from './support/apps.js';
import { close, listen, rawExchange } from './support/client.js';
import { settle, watchProcess } from './support/process-spies.js';

const seen = watchProcess();
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

afterAll(async () => {
  await settle();
  expect(seen).toEqual({ uncaughtExceptions: [], unhandledRejections: [], warnings: [] });
});

async function start(framework: FrameworkName, routes: Readonly<Record<string, Route>>, options: SharedOptions = {}) {
  const server = appServer(framework, routes, { production: true, ...options });
  servers.push(server);
  const port = await listen(server);
  return { port, client: request(`http://127.0.0.1:${port}`) };
}

const rejecting = (thrown: unknown): Route => () => Promise.reject(thrown);

describe.each<FrameworkName>(['Express 5', 'Koa 3'])('%s: header injection', (framework) => {
  it("drops an error's header values with CR/LF, non-ASCII or an object, and header names that are not tokens", async () => {
    const headers = {
      'X-Kept': 'fine',
      'X-Number': 5,
      'X-Crlf': 'a\r\nSet-Cookie: evil=1',
      'X-Lf': 'a\nX-Injected: 1',
      'X-Cr': 'a\rb',
      'X-Non-Ascii': 'café',
      'X-Line-Separator': 'a\u2028b',
      'X-Object': { toString: () => 'evil' },
      'X-Array': ['a', 'b'],
      'Bad Name': 'v',
      'X-Name\r\nX-Injected': 'v',
    } as unknown as ErrorHeaders;
    const { client } = await start(framework, { '/fail': rejecting(new BadRequest('bad', { headers })) });
    const response = await client.get('/fail');
    expect(response.status).toBe(400);
    expect(response.headers['x-kept']).toBe('fine');
    expect(response.headers['x-number']).toBe('5');
    const names = Object.keys(response.headers);
    for (const dropped of ['x-crlf', 'x-lf', 'x-cr', 'x-non-ascii', 'x-line-separator', 'x-object', 'x-array', 'bad name', 'x-injected', 'set-cookie']) {
      expect(names).not.toContain(dropped);
    }
  });

  it.each<[string, unknown]>([
    ['CR/LF', '5\r\nX-Injected: 1'],
    ['a bare LF', '5\nX-Injected: 1'],
    ['non-ASCII', '５'],
    ['an object', { seconds: 5 }],
    ['an array', ['5']],
    ['text that is neither seconds nor a date', 'soon'],
  ])('drops a Retry-After header with %s', async (_name, value) => {
    const { client } = await start(framework, { '/fail': rejecting({ status: 503, headers: { 'Retry-After': value } }) });
    const response = await client.get('/fail');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.headers['x-injected']).toBeUndefined();
    expect(JSON.parse(response.text)).not.toHaveProperty('retryAfter');
  });

  it('sends a valid Retry-After header from a foreign error, and drops invalid retryAfter options', async () => {
    const { client } = await start(framework, {
      '/valid': rejecting({ status: 503, headers: { 'Retry-After': '5' } }),
      '/nan': rejecting(new ServiceUnavailable({ retryAfter: Number.NaN })),
      '/invalid-date': rejecting(new ServiceUnavailable({ retryAfter: new Date('not a date') })),
    });
    const valid = await client.get('/valid');
    expect([valid.status, valid.headers['retry-after']]).toEqual([503, '5']);
    for (const path of ['/nan', '/invalid-date']) {
      const response = await client.get(path);
      expect([response.status, response.headers['retry-after']]).toEqual([503, undefined]);
    }
  });

  it.each<[string, string]>([
    ['a space', 'abc def'],
    ['201 characters', 'a'.repeat(201)],
    ['non-ASCII (Latin-1)', 'caf\u00e9'],
    ['a quote and angle brackets', '"<b>"'],
  ])('does not echo an X-Request-Id with %s', async (_name, id) => {
    const { client } = await start(framework, { '/fail': rejecting(new NotFound()) });
    const response = await client.get('/fail').set('X-Request-Id', id);
    expect(response.status).toBe(404);
    expect(response.headers['x-request-id']).toBeUndefined();
    expect(JSON.parse(response.text)).not.toHaveProperty('requestId');
  });

  it('echoes an X-Request-Id of exactly 200 safe characters', async () => {
    const id = `req-${'a'.repeat(196)}`;
    const { client } = await start(framework, { '/fail': rejecting(new NotFound()) });
    const response = await client.get('/fail').set('X-Request-Id', id);
    expect(response.headers['x-request-id']).toBe(id);
    expect(JSON.parse(response.text)).toMatchObject({ requestId: id });
  });

  it('does not echo an X-Request-Id with CR/LF sent raw (Node itself answers 400), and the server stays up', async () => {
    const { port, client } = await start(framework, { '/fail': rejecting(new NotFound()) });
    for (const id of ['abc\r\n evil', 'abc\rdef', 'abc\ndef']) {
      const { data } = await rawExchange(port, `GET /fail HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n`);
      expect(data.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
      expect(data.toLowerCase()).not.toContain('x-request-id');
      expect(data).not.toContain('evil');
    }
    expect((await client.get('/ok')).text).toBe('ok');
  });

  it('does not echo a request id from the requestId option that has CR/LF', async () => {
    const { client } = await start(framework, { '/fail': rejecting(new NotFound()) }, { requestId: () => 'abc\r\nSet-Cookie: evil=1' });
    const response = await client.get('/fail');
    expect(response.status).toBe(404);
    expect(response.headers['x-request-id']).toBeUndefined();
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe.each<FrameworkName>(['Express 5', 'Koa 3'])('%s: HTML escaping', (framework) => {
  const html = { Accept: 'text/html' };

  it.each<[string, string, string]>([
    ['a script tag', '/<script>alert(1)</script>', 'Cannot GET /&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a closing title and an img with onerror', '/</title><img/src=x/onerror=alert(1)>', 'Cannot GET /&lt;/title&gt;&lt;img/src=x/onerror=alert(1)&gt;'],
    ['quotes', `/"'><svg/onload=alert(1)>`, 'Cannot GET /&quot;&#39;&gt;&lt;svg/onload=alert(1)&gt;'],
  ])('escapes %s in the path of the notFound page', async (_name, path, escaped) => {
    const { port } = await start(framework, {});
    // Over a raw socket: HTTP clients percent-encode these characters, browsers and attackers need not.
    const { data } = await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    const [head = '', body = ''] = data.split('\r\n\r\n');
    expect(head.startsWith('HTTP/1.1 404 Not Found\r\n')).toBe(true);
    expect(body).toContain(`<p class="message">${escaped}</p>`);
    expect(body).not.toMatch(/<(script|img|svg)/i);
    expect(body.match(/<\/title>/g)).toHaveLength(1);
  });

  it("escapes an error's message and description override, and never renders its details", async () => {
    const message = `<script>alert("x")</script>'&`;
    const description = '</title><img src=x onerror=alert(1)>';
    const { client } = await start(framework, {
      '/fail': rejecting(new BadRequest(message, { description, details: { note: '<script>alert(2)</script>' } })),
    });
    const response = await client.get('/fail').set(html);
    expect(response.status).toBe(400);
    expect(response.text).toContain('<p class="message">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>');
    expect(response.text).toContain('<p class="description">&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(response.text).not.toMatch(/<(script|img)/i);
    expect(response.text).not.toContain('alert(2)');
  });

  it('escapes a catalogue message in the title and heading', async () => {
    const catalog = defineCatalog({ 418: { message: '<b>Teapot</b>', description: '"short" & <stout>' } });
    const { client } = await start(framework, { '/fail': rejecting(createError(418)) }, { catalog });
    const response = await client.get('/fail').set(html);
    expect(response.status).toBe(418);
    expect(response.text).toContain('<title>418 &lt;b&gt;Teapot&lt;/b&gt;</title>');
    expect(response.text).toContain('<h1>418 &lt;b&gt;Teapot&lt;/b&gt;</h1>');
    expect(response.text).toContain('<p class="description">&quot;short&quot; &amp; &lt;stout&gt;</p>');
  });

  it('escapes the stack trace shown in development', async () => {
    const { client } = await start(framework, { '/fail': rejecting(new Error('<script>alert(3)</script>')) }, { production: false });
    const response = await client.get('/fail').set(html);
    expect(response.status).toBe(500);
    expect(response.text).toContain('<pre>Error: &lt;script&gt;alert(3)&lt;/script&gt;\n    at ');
    expect(response.text).not.toMatch(/<script/i);
  });

  it('sends HTML with a CSP that allows no script and with nosniff', async () => {
    const { client } = await start(framework, {});
    const response = await client.get('/nope').set(html);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
