import { toJsonSchema } from '@valibot/to-json-schema';
import express from 'express';
import express4 from 'express4';
import Koa from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { problemDocs as expressDocs } from '../src/adapters/express/problem-docs.js';
import { createErrorHandler } from '../src/adapters/express/index.js';
import { problemDocs as fetchDocs } from '../src/adapters/fetch/problem-docs.js';
import { problemDocs as koaDocs } from '../src/adapters/koa/problem-docs.js';
import { catalog, defineProblem, type JsonSchema } from '../src/index.js';
import { createProblemDocs, type ProblemDocsOptions } from '../src/problems/docs/index.js';

const BASE = 'https://api.example.com/problems/';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const CSP = "default-src 'none'; style-src 'unsafe-inline'";
const EVIL = `<script>alert(1)</script> "'&`;
const EVIL_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;';

const creditMembers = z.object({
  balance: z.number().describe('The balance, in cents'),
  accounts: z.array(z.string()).describe('Accounts the client may <top up>'),
  currency: z.enum(['EUR', 'USD']).optional(),
});
const OutOfCredit = defineProblem({
  type: `${BASE}out-of-credit`,
  status: 403,
  title: 'You do not have enough credit',
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  code: 'OUT_OF_CREDIT',
  members: creditMembers,
});
const lockedMembers = v.object({ until: v.pipe(v.string(), v.description('When the lock ends (RFC 3339)')) });
const AccountLocked = defineProblem({
  type: `${BASE}account-locked`,
  status: 423,
  title: 'The account is locked',
  description: 'Too many failed sign-ins locked the account for a while.',
  code: 'ACCOUNT_LOCKED',
  retryable: true,
  members: lockedMembers,
  // valibot's JSONSchema7 type has no index signature, which ProblemDefinition's JsonSchema asks for (reported to the lead).
  membersJsonSchema: toJsonSchema(lockedMembers) as JsonSchema,
});
const Evil = defineProblem({ type: `${BASE}evil`, status: 400, title: EVIL, description: EVIL, code: 'A&B' });
// Listed in the index, but served by whoever owns these URIs.
const Elsewhere = defineProblem({ type: 'https://other.example.org/problems/quota', status: 429, title: 'Quota exceeded', description: 'The monthly quota is spent.' });
const Legacy = defineProblem({ type: 'urn:example:legacy-failure', status: 500, title: 'Legacy failure', description: 'The legacy system failed.' });

const PROBLEMS = [OutOfCredit, AccountLocked, Evil, Elsewhere, Legacy];
const OPTIONS: ProblemDocsOptions = { statuses: [404, 503], problemTypeBase: BASE, examples: { OutOfCredit: { balance: 30, accounts: ['/account/12345'] } } };

const zodMembers = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    balance: { type: 'number', description: 'The balance, in cents' },
    accounts: { type: 'array', items: { type: 'string' }, description: 'Accounts the client may <top up>' },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
  },
  required: ['balance', 'accounts'],
};
const valibotMembers = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { until: { type: 'string', description: 'When the lock ends (RFC 3339)' } },
  required: ['until'],
};

const INDEX = [
  { type: `${BASE}out-of-credit`, title: OutOfCredit.problem.title, status: 403, code: 'OUT_OF_CREDIT', description: OutOfCredit.problem.description, href: '/problems/out-of-credit', members: zodMembers },
  { type: `${BASE}account-locked`, title: 'The account is locked', status: 423, code: 'ACCOUNT_LOCKED', description: AccountLocked.problem.description, href: '/problems/account-locked', members: valibotMembers },
  { type: `${BASE}evil`, title: EVIL, status: 400, code: 'A&B', description: EVIL, href: '/problems/evil' },
  { type: 'https://other.example.org/problems/quota', title: 'Quota exceeded', status: 429, description: 'The monthly quota is spent.', href: 'https://other.example.org/problems/quota' },
  { type: 'urn:example:legacy-failure', title: 'Legacy failure', status: 500, description: 'The legacy system failed.', href: null },
  { type: `${BASE}not-found`, title: 'Not Found', status: 404, description: catalog[404].description, href: '/problems/not-found' },
  { type: `${BASE}service-unavailable`, title: 'Service Unavailable', status: 503, description: catalog[503].description, href: '/problems/service-unavailable' },
];

function expressApp(make: () => express.Express = express): express.Express {
  const app = make();
  app.use(expressDocs(PROBLEMS, OPTIONS));
  app.use((req, res) => {
    res.status(200).type('text/plain').send(`next: ${req.method} ${req.originalUrl}`);
  });
  return app;
}

function koaApp(Make: typeof Koa = Koa): Koa {
  const app = new Make();
  app.use(koaDocs(PROBLEMS, OPTIONS));
  app.use((ctx) => {
    ctx.type = 'text/plain';
    ctx.body = `next: ${ctx.method} ${ctx.originalUrl}`;
  });
  return app;
}

const servers = [
  { name: 'Express 5', listener: () => expressApp() },
  { name: 'Koa 3', listener: () => koaApp().callback() },
  { name: 'Express 4', listener: () => expressApp(express4 as unknown as () => express.Express) },
  { name: 'Koa 2', listener: () => koaApp(Koa2 as unknown as typeof Koa).callback() },
];

/** The text of the first element matching `pattern`'s single group. */
function pick(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1];
}

function unescape(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function expectPageHeaders(headers: Record<string, string>, length: number): void {
  expect(headers['content-type']).toBe(HTML);
  expect(headers['content-security-policy']).toBe(CSP);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cache-control']).toBe('public, max-age=300');
  expect(headers.etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
  expect(headers['content-length']).toBe(String(length));
}

describe.each(servers)('problemDocs through $name', ({ listener }) => {
  it("serves a problem's page at its type URI's path: title, status, code, retry hint, members, example, index link", async () => {
    const response = await request(listener()).get('/problems/out-of-credit');
    expect(response.status).toBe(200);
    expectPageHeaders(response.headers, Buffer.byteLength(response.text));
    const html = response.text;
    expect(pick(html, /<title>(.*?)<\/title>/)).toBe('You do not have enough credit');
    expect(pick(html, /<h1>(.*?)<\/h1>/)).toBe('You do not have enough credit');
    expect(pick(html, /<p class="description">(.*?)<\/p>/)).toBe(OutOfCredit.problem.description);
    expect(pick(html, /<dl class="facts">(.*?)<\/dl>/)).toBe(
      `<dt>Type</dt><dd><code class="type">${BASE}out-of-credit</code></dd><dt>Status</dt><dd class="status">403 Forbidden</dd>` +
        '<dt>Code</dt><dd><code class="code">OUT_OF_CREDIT</code></dd><dt>Retry</dt><dd class="retry">No: repeating the same request will not help.</dd>',
    );
    expect(pick(html, /<table class="members">.*?<tbody>(.*?)<\/tbody>/)).toBe(
      '<tr><td><code>balance</code></td><td><code>number</code></td><td>yes</td><td>The balance, in cents</td></tr>' +
        '<tr><td><code>accounts</code></td><td><code>array of string</code></td><td>yes</td><td>Accounts the client may &lt;top up&gt;</td></tr>' +
        '<tr><td><code>currency</code></td><td><code>&quot;EUR&quot; | &quot;USD&quot;</code></td><td>no</td><td></td></tr>',
    );
    expect(pick(html, /<p class="meta">(.*?)<\/p>/)).toBe('<a href="/problems/">All problem types</a>');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows as the example exactly the problem+json body the error handler sends for an instance', async () => {
    const html = (await request(listener()).get('/problems/out-of-credit')).text;
    const example = unescape(pick(html, /<pre class="example">([\s\S]*?)<\/pre>/) ?? '');
    const [head, body] = example.split('\n\n');
    expect(head).toBe('HTTP/1.1 403 Forbidden\nContent-Type: application/problem+json');
    // The same instance through errata's Express error handler, in production (NODE_ENV=test), with no request path.
    const app = express();
    app.use(() => {
      throw new OutOfCredit({ balance: 30, accounts: ['/account/12345'] });
    });
    app.use(createErrorHandler({ problemTypeBase: BASE, logger: false }));
    const sent = await request(app).get('/').set('Accept', 'application/problem+json');
    const { instance, ...withoutInstance } = sent.body as Record<string, unknown>;
    expect(instance).toBe('/');
    expect(JSON.parse(body ?? '')).toEqual(withoutInstance);
    expect(body).toBe(JSON.stringify(withoutInstance, null, 2));
  });

  it('documents a valibot problem from membersJsonSchema, with its retry hint', async () => {
    const response = await request(listener()).get('/problems/account-locked');
    expect(response.status).toBe(200);
    expect(pick(response.text, /<dd class="status">(.*?)<\/dd>/)).toBe('423 Locked');
    expect(pick(response.text, /<dd class="retry">(.*?)<\/dd>/)).toBe('Yes: the same request may succeed later.');
    expect(pick(response.text, /<tbody>(.*?)<\/tbody>/)).toBe(
      '<tr><td><code>until</code></td><td><code>string</code></td><td>yes</td><td>When the lock ends (RFC 3339)</td></tr>',
    );
    // The example members are made from the JSON Schema: a string for `until`.
    expect(JSON.parse(unescape(pick(response.text, /<pre class="example">[\s\S]*?\n\n([\s\S]*?)<\/pre>/) ?? ''))).toMatchObject({ until: 'string' });
  });

  it("serves the catalogue's per-status pages at problemTypeBase + kebab-case name", async () => {
    const response = await request(listener()).get('/problems/service-unavailable');
    expect(response.status).toBe(200);
    expect(pick(response.text, /<h1>(.*?)<\/h1>/)).toBe('Service Unavailable');
    expect(pick(response.text, /<dd class="status">(.*?)<\/dd>/)).toBe('503 Service Unavailable');
    expect(pick(response.text, /<dd class="retry">(.*?)<\/dd>/)).toBe('Yes: the same request may succeed later.');
    expect(pick(response.text, /<p class="members-none">(.*?)<\/p>/)).toBe('This problem has no extension members.');
    expect(JSON.parse(unescape(pick(response.text, /<pre class="example">[\s\S]*?\n\n([\s\S]*?)<\/pre>/) ?? ''))).toEqual({
      type: `${BASE}service-unavailable`,
      title: 'Service Unavailable',
      status: 503,
      detail: catalog[503].description,
      description: catalog[503].description,
      retryable: true,
    });
  });

  it('answers the base path with the JSON index of every problem, served here or not', async () => {
    for (const path of ['/problems/', '/problems']) {
      const response = await request(listener()).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.headers.vary).toBe('Accept');
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBeUndefined();
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.text)));
      expect(JSON.parse(response.text)).toEqual(INDEX);
    }
  });

  it('answers the base path with an HTML index when the client prefers text/html', async () => {
    const response = await request(listener()).get('/problems/').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(response.status).toBe(200);
    expectPageHeaders(response.headers, Buffer.byteLength(response.text));
    expect(response.headers.vary).toBe('Accept');
    expect(pick(response.text, /<h1>(.*?)<\/h1>/)).toBe('Problem types');
    const rows = [...response.text.matchAll(/<tr><td>(.*?)<\/td>/g)].map((match) => match[1]);
    expect(rows).toEqual([
      '<a href="/problems/out-of-credit">You do not have enough credit</a>',
      '<a href="/problems/account-locked">The account is locked</a>',
      `<a href="/problems/evil">${EVIL_ESCAPED}</a>`,
      '<a href="https://other.example.org/problems/quota">Quota exceeded</a> <span class="meta">(documented elsewhere)</span>',
      'Legacy failure <span class="meta">(documented elsewhere)</span>',
      '<a href="/problems/not-found">Not Found</a>',
      '<a href="/problems/service-unavailable">Service Unavailable</a>',
    ]);
    expect(response.text).not.toMatch(/<script/i);
  });

  it('escapes markup and quotes in a title, description and code everywhere they appear', async () => {
    const page = (await request(listener()).get('/problems/evil')).text;
    expect(pick(page, /<title>(.*?)<\/title>/)).toBe(EVIL_ESCAPED);
    expect(pick(page, /<h1>(.*?)<\/h1>/)).toBe(EVIL_ESCAPED);
    expect(pick(page, /<p class="description">(.*?)<\/p>/)).toBe(EVIL_ESCAPED);
    expect(pick(page, /<code class="code">(.*?)<\/code>/)).toBe('A&amp;B');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain(`"'&`);
    const example = pick(page, /<pre class="example">([\s\S]*?)<\/pre>/) ?? '';
    expect(example).not.toMatch(/[<>"']/);
    expect(JSON.parse(unescape(example).split('\n\n')[1] ?? '')).toMatchObject({ title: EVIL, detail: EVIL, code: 'A&B' });
  });

  it('passes on other paths, other methods and types it does not serve', async () => {
    const app = listener();
    for (const [method, path] of [
      ['get', '/orders/7'],
      ['get', '/problems/unknown'],
      ['get', '/problems/quota'],
      ['get', '/problems/out-of-credit/'],
      ['post', '/problems/out-of-credit'],
      ['put', '/problems/'],
      ['delete', '/problems/not-found'],
      ['options', '/problems/'],
    ] as const) {
      const response = await request(app)[method](path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      if (method !== 'options') expect(response.text).toBe(`next: ${method.toUpperCase()} ${path}`);
    }
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const app = listener();
    for (const path of ['/problems/out-of-credit', '/problems/']) {
      const get = await request(app).get(path);
      const head = await request(app).head(path);
      expect(head.status).toBe(200);
      expect(head.text).toBeUndefined();
      for (const name of ['content-type', 'content-length', 'etag', 'cache-control', 'x-content-type-options', 'content-security-policy', 'vary']) {
        expect([name, head.headers[name]]).toEqual([name, get.headers[name]]);
      }
    }
  });

  it('answers a matching If-None-Match with 304, its ETag and no body; a stale one with the page', async () => {
    const app = listener();
    const first = await request(app).get('/problems/out-of-credit');
    const etag = first.headers.etag as string;
    const again = await request(app).get('/problems/out-of-credit').set('If-None-Match', `"stale", W/${etag}`);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    expect(again.text).toBe('');
    const stale = await request(app).get('/problems/out-of-credit').set('If-None-Match', '"stale"');
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it('ignores the query and resolves dot segments as a browser would', async () => {
    const app = listener();
    const plain = await request(app).get('/problems/not-found');
    const query = await request(app).get('/problems/not-found?from=mail\\x');
    const dotted = await request(app).get('/problems/x/../not-found');
    expect([query.status, dotted.status]).toEqual([200, 200]);
    expect(query.text).toBe(plain.text);
    expect(dotted.text).toBe(plain.text);
  });
});

describe('problemDocs: where pages are served', () => {
  it('matches the full path when Express mounts it under the base path', async () => {
    const app = express();
    app.use('/problems', expressDocs([OutOfCredit]));
    const response = await request(app).get('/problems/out-of-credit');
    expect(response.status).toBe(200);
    expect(pick(response.text, /<h1>(.*?)<\/h1>/)).toBe('You do not have enough credit');
  });

  it("defaults the base to the first problem's directory, and serves nothing of another origin", async () => {
    const app = express();
    app.use(expressDocs([Elsewhere, OutOfCredit]));
    const index = await request(app).get('/problems/');
    expect(index.status).toBe(200);
    expect((index.body as Array<{ href: string | null }>).map((item) => item.href)).toEqual(['/problems/quota', `${BASE}out-of-credit`]);
    expect((await request(app).get('/problems/out-of-credit')).status).toBe(404);
  });

  it('refuses at once what it cannot serve', () => {
    expect(() => expressDocs([OutOfCredit], { statuses: true })).toThrow(
      new TypeError("problemDocs: statuses need problemTypeBase (without it the catalogue's problems are 'about:blank')"),
    );
    expect(() => expressDocs([Legacy])).toThrow(new TypeError('problemDocs: give base (an http(s) URL) to say where the docs are served'));
    const Twin = defineProblem({ type: `${BASE}out-of-credit`, status: 402, title: 'Twin', description: 'Same type.', name: 'Twin' });
    expect(() => koaDocs([OutOfCredit, Twin])).toThrow(new TypeError(`problemDocs: two problems have the type ${BASE}out-of-credit`));
    const NotFoundTwin = defineProblem({ type: `${BASE}not-found`, status: 404, title: 'Missing', description: 'Same type as the catalogue’s.' });
    expect(() => koaDocs([NotFoundTwin], { statuses: [404], problemTypeBase: BASE })).toThrow(new TypeError(`problemDocs: two problems have the type ${BASE}not-found`));
    expect(() => expressDocs([{} as never])).toThrow(new TypeError('problemDocs: each problem must be a class made by defineProblem'));
    expect(() => expressDocs([OutOfCredit], { examples: { OutOfCredit: { balance: 'thirty', accounts: [] } } })).toThrow(
      new TypeError('problemDocs: the example members of OutOfCredit from the examples option do not match its schema: balance: Invalid input: expected number, received string'),
    );
    const Dated = defineProblem({ type: `${BASE}dated`, status: 409, title: 'Dated', description: 'Dated.', members: z.object({ at: z.date() }) });
    expect(() => expressDocs([Dated])).toThrow(
      new TypeError("problemDocs: Dated's members schema cannot be written as JSON Schema (Date cannot be represented in JSON Schema); give membersJsonSchema in its definition"),
    );
    expect(() => expressDocs([OutOfCredit], { statuses: [404, 200 as never], problemTypeBase: BASE })).toThrow(
      new RangeError('problemDocs: status 200 is not an error status (400–599)'),
    );
  });
});

describe('problemDocs: what a page says', () => {
  it("shows a 5xx problem's members, says production answers without them, and shows the body without them", async () => {
    const Upstream = defineProblem({
      type: `${BASE}upstream-failed`,
      status: 502,
      title: 'The payment provider failed',
      description: 'The payment provider answered with an error.',
      members: z.object({ provider: z.string() }),
    });
    const docs = fetchDocs([Upstream]);
    const html = (await docs(new Request('http://localhost/problems/upstream-failed'))?.text()) ?? '';
    expect(pick(html, /<tbody>(.*?)<\/tbody>/)).toBe('<tr><td><code>provider</code></td><td><code>string</code></td><td>yes</td><td></td></tr>');
    expect(pick(html, /<\/table><p class="meta">(.*?)<\/p>/)).toBe('A 5xx problem is answered without its members in production.');
    expect(JSON.parse(unescape(pick(html, /<pre class="example">[\s\S]*?\n\n([\s\S]*?)<\/pre>/) ?? ''))).toEqual({
      type: `${BASE}upstream-failed`,
      title: 'The payment provider failed',
      status: 502,
      detail: 'The payment provider answered with an error.',
      description: 'The payment provider answered with an error.',
      retryable: true,
    });
  });

  it('says when a schema gives no JSON Schema, and takes the heading and Cache-Control given', async () => {
    const NoJson = defineProblem({ type: `${BASE}no-json`, status: 409, title: 'Conflict of plans', description: 'Plans conflict.', members: lockedMembers });
    expect(() => fetchDocs([NoJson])).toThrow(
      new TypeError('problemDocs: no example members for NoJson (it has no JSON Schema to make them from); give example members as problemDocs(…, { examples: { NoJson: { … } } })'),
    );
    const docs = fetchDocs([NoJson], { title: 'Acme API problems', cacheControl: 'public, max-age=60', examples: { NoJson: { until: '2026-12-02T05:00:00Z' } } });
    const page = docs(new Request('http://localhost/problems/no-json'));
    expect(page?.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(pick((await page?.text()) ?? '', /<p class="members-none">(.*?)<\/p>/)).toBe(
      'This problem has extension members, but no JSON Schema of them is known (give <code>membersJsonSchema</code>).',
    );
    const index = docs(new Request('http://localhost/problems/', { headers: { Accept: 'text/html' } }));
    expect(pick((await index?.text()) ?? '', /<h1>(.*?)<\/h1>/)).toBe('Acme API problems');
    expect(await docs(new Request('http://localhost/problems/'))?.json()).toEqual([
      { type: `${BASE}no-json`, title: 'Conflict of plans', status: 409, description: 'Plans conflict.', href: '/problems/no-json' },
    ]);
  });
});

describe('problemDocs in development', () => {
  it('makes example members that pass the schema from formats and minimums, and refuses ones that fail it, naming the examples option', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.resetModules();
    try {
      // A problem checks its members when made in development: the module reads NODE_ENV when it loads.
      const { defineProblem: define } = await import('../src/problems/define-problem.js');
      const { createProblemDocs } = await import('../src/problems/docs/index.js');
      const exampleBody = (docs: ReturnType<typeof createProblemDocs>, path: string): unknown =>
        JSON.parse(unescape(pick(docs({ method: 'GET', path })?.body ?? '', /<pre class="example">[\s\S]*?\n\n([\s\S]*?)<\/pre>/) ?? ''));
      const Owed = define({
        type: `${BASE}owed`,
        status: 402,
        title: 'Pay first',
        description: 'Pay.',
        members: z.object({ owed: z.number().min(1), count: z.int().positive(), at: z.iso.datetime(), contact: z.email(), note: z.string().min(10) }),
      });
      expect(exampleBody(createProblemDocs([Owed]), '/problems/owed')).toMatchObject({
        owed: 1,
        count: 1,
        at: '2026-01-01T00:00:00Z',
        contact: 'user@example.com',
        note: 'stringxxxx',
      });
      const Ref = define({ type: `${BASE}bad-ref`, status: 400, title: 'Bad reference', description: 'Bad.', members: z.object({ ref: z.string().regex(/^AC-\d+$/) }) });
      expect(() => createProblemDocs([Ref])).toThrow(
        new TypeError(
          "problemDocs: no example members for BadRef (its JSON Schema gives none, and no placeholder fits it); give example members as problemDocs(…, { examples: { BadRef: { … } } })",
        ),
      );
      expect(exampleBody(createProblemDocs([Ref], { examples: { BadRef: { ref: 'AC-12' } } }), '/problems/bad-ref')).toMatchObject({ ref: 'AC-12' });
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('problemDocs for the Fetch API', () => {
  const docs = fetchDocs(PROBLEMS, OPTIONS);

  it('answers a page, the index and HEAD with a Response', async () => {
    const page = docs(new Request('http://localhost/problems/out-of-credit'));
    expect(page?.status).toBe(200);
    expect(page?.headers.get('Content-Type')).toBe(HTML);
    expect(page?.headers.get('Content-Security-Policy')).toBe(CSP);
    const html = (await page?.text()) ?? '';
    expect(page?.headers.get('Content-Length')).toBe(String(Buffer.byteLength(html)));
    expect(pick(html, /<h1>(.*?)<\/h1>/)).toBe('You do not have enough credit');
    const index = docs(new Request('http://localhost/problems/', { headers: { Accept: 'application/json' } }));
    expect(await index?.json()).toEqual(INDEX);
    const head = docs(new Request('http://localhost/problems/out-of-credit', { method: 'HEAD' }));
    expect(head?.status).toBe(200);
    expect(head?.headers.get('Content-Length')).toBe(page?.headers.get('Content-Length'));
    expect(head?.body).toBeNull();
  });

  it('answers an absolute-form request target by its path, and no path with a backslash (URL would read a slash)', () => {
    // Through a socket the clients here rewrite a backslash to `/` before sending: the core is asked directly.
    const docs = createProblemDocs(PROBLEMS, OPTIONS);
    expect(docs({ method: 'GET', path: '/problems\\not-found' })).toBeUndefined();
    expect(docs({ method: 'GET', path: '/problems/not-found?q=\\' })?.status).toBe(200);
    expect(docs({ method: 'GET', path: 'http://api.example.com/problems/not-found?x=1' })?.status).toBe(200);
    expect(docs({ method: 'GET', path: 'ftp://api.example.com/problems/not-found' })).toBeUndefined();
  });

  it('returns undefined for other paths and methods', () => {
    expect(docs(new Request('http://localhost/orders/7'))).toBeUndefined();
    expect(docs(new Request('http://localhost/problems/out-of-credit', { method: 'POST', body: '{}' }))).toBeUndefined();
  });
});
