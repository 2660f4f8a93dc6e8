// Localised catalogues: `catalogs` picks the text per request from Accept-Language, falls back to the default
// locale field by field, and says so in Content-Language and Vary. Without `catalogs` nothing changes.
import express from 'express';
import Koa from 'koa';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorHandler as expressErrorHandler, notFound } from '../src/adapters/express/index.js';
import {
  catalog,
  createErrorRenderer,
  defineCatalog,
  Gone,
  InternalServerError,
  NotFound,
  renderError,
  ServiceUnavailable,
  TooManyRequests,
  type Catalog,
  type ResponseOptions,
} from '../src/index.js';
import { createErrorHandler as koaErrorHandler } from '../src/adapters/koa/index.js';
import { listen, type TestServer } from './contract/server.js';
import { ACCEPT, FORMATS } from './support/accept.js';
import { DE_404, DE_429, DE_429_DESCRIPTION, DE_500, DE_500_DESCRIPTION, DE_503_DESCRIPTION, germanCatalog } from './fixtures/de-catalog.js';

const EN_404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const EN_410 =
  'The resource requested by the client no longer exists. This status code indicates that the requested resource has been permanently deleted.';

const LOCALISED_VARY = 'Accept, Accept-Language';

const OPTIONS: ResponseOptions = { production: true, catalogs: { en: catalog, de: germanCatalog } };

function languageFor(acceptLanguage: string | undefined, options: ResponseOptions = OPTIONS): string | undefined {
  return renderError(new NotFound(), { acceptLanguage }, options).headers['Content-Language'];
}

function jsonFor(error: unknown, acceptLanguage: string | undefined, options: ResponseOptions = OPTIONS): unknown {
  return JSON.parse(renderError(error, { accept: 'application/json', acceptLanguage }, options).body);
}

describe('choosing the locale from Accept-Language', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'en'],
    ['', 'en'],
    ['*', 'en'],
    ['de', 'de'],
    ['DE', 'de'],
    ['en', 'en'],
    ['de;q=0.9, en;q=0.8', 'de'],
    ['en;q=0.8, de;q=0.9', 'de'],
    ['en, de;q=0.5', 'en'],
    ['fr', 'en'],
    ['fr, de;q=0.1', 'de'],
    // negotiator matches a range's prefix: de-AT and de-CH-1996 are served by `de`.
    ['de-AT', 'de'],
    ['de-CH-1996', 'de'],
    ['en-US, de;q=0.9', 'en'],
    // q=0 means "not this one"; with nothing left the default is served, never a 406.
    ['de;q=0', 'en'],
    ['de;q=0, *', 'en'],
    // RFC 4647: the more specific range sets de's weight (0.5), so the wildcard's q=1 goes to en.
    ['*, de;q=0.5', 'en'],
    ['fr-CH, fr;q=0.9, de;q=0.8, *;q=0.5', 'de'],
    ['not a language!!', 'en'],
  ])('Accept-Language %j is answered in %s', (acceptLanguage, language) => {
    expect(languageFor(acceptLanguage)).toBe(language);
  });

  it('a region-tagged catalogue serves its bare language, but not another region, and keeps its own spelling', () => {
    const options: ResponseOptions = { production: true, catalogs: { en: catalog, 'de-AT': germanCatalog } };
    expect(languageFor('de', options)).toBe('de-AT');
    expect(languageFor('de-at', options)).toBe('de-AT');
    expect(languageFor('de-DE', options)).toBe('en');
  });

  it('the default locale is the first key, or defaultLocale when given', () => {
    const germanFirst: ResponseOptions = { production: true, catalogs: { de: germanCatalog, en: catalog } };
    expect(languageFor(undefined, germanFirst)).toBe('de');
    expect(languageFor('fr', germanFirst)).toBe('de');
    expect(languageFor('*', germanFirst)).toBe('de');
    const englishDefault: ResponseOptions = { ...germanFirst, defaultLocale: 'en' };
    expect(languageFor(undefined, englishDefault)).toBe('en');
    expect(languageFor('fr', englishDefault)).toBe('en');
    expect(languageFor('de', englishDefault)).toBe('de');
  });

  it('answers the same Accept-Language the same way every time, also after the bounded cache was refilled', () => {
    const render = createErrorRenderer(OPTIONS);
    const languageOf = (acceptLanguage: string) => render(new NotFound(), { acceptLanguage }).headers['Content-Language'];
    expect(languageOf('en;q=0.1, de')).toBe('de');
    // More distinct values than the cache holds (256), so it is cleared at least once on the way.
    for (let i = 0; i < 600; i++) expect(languageOf(`x${i}, de;q=0.${(i % 9) + 1}`)).toBe('de');
    expect(languageOf('en;q=0.1, de')).toBe('de');
    expect(languageOf('de;q=0.1, en')).toBe('en');
  });
});

describe('an Accept-Language past the documented limits (512 characters, 32 ranges) negotiates as absent', () => {
  /** `value` padded to exactly `length` characters inside its last range, so the range count stays the same. */
  const padded = (value: string, length: number) => value + 'a'.repeat(length - value.length);

  it('512 characters are negotiated; 513 give the default locale', () => {
    const atLimit = padded('de,x-', 512);
    expect(atLimit).toHaveLength(512);
    expect(languageFor(atLimit)).toBe('de');
    expect(languageFor(padded('de,x-', 513))).toBe('en');
    // The default locale, whichever it is.
    expect(languageFor(padded('en,x-', 513), { ...OPTIONS, defaultLocale: 'de' })).toBe('de');
  });

  it('32 comma-separated ranges are negotiated; 33 give the default locale', () => {
    const ranges = (count: number) => ['de', ...Array.from({ length: count - 1 }, () => 'x')].join(',');
    expect(languageFor(ranges(32))).toBe('de');
    expect(languageFor(ranges(33))).toBe('en');
  });

  it('a long but ordinary browser header is well within them', () => {
    // Chrome's form for a user with sixteen regional languages: each followed by its bare language, q falling by
    // 0.1 down to 0.1.
    const languages = ['fr-CH', 'it-CH', 'en-GB', 'es-ES', 'pt-BR', 'nl-NL', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'pl-PL', 'cs-CZ', 'hu-HU', 'el-GR', 'tr-TR', 'de-AT'];
    const header = languages
      .flatMap((tag) => [tag, tag.slice(0, 2)])
      .map((range, i) => (i === 0 ? range : `${range};q=0.${Math.max(1, 10 - i)}`))
      .join(',');
    expect(header.split(',')).toHaveLength(32);
    expect(header.length).toBeLessThanOrEqual(512);
    // en-GB (q=0.6) comes before de-AT (q=0.1); without English, the German range is found, last as it is.
    expect(languageFor(header)).toBe('en');
    expect(languageFor(header.replaceAll(/\ben(?=[-;])/g, 'xx'))).toBe('de');
  });
});

describe('per-field fallback to the default locale', () => {
  it('a status with only a translated message gets the default description', () => {
    expect(jsonFor(new NotFound(), 'de')).toEqual({ status: 404, error: DE_404, message: DE_404, description: EN_404, retryable: false });
  });

  it('a fully translated status is all German; retryable stays the default catalogue’s (the German entry says false)', () => {
    expect(jsonFor(new TooManyRequests({ retryAfter: 30 }), 'de')).toEqual({
      status: 429,
      error: DE_429,
      message: DE_429,
      description: DE_429_DESCRIPTION,
      retryable: true,
      retryAfter: 30,
    });
  });

  it('a status with only a translated description gets the default message', () => {
    expect(jsonFor(new ServiceUnavailable(), 'de')).toEqual({
      status: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
      description: DE_503_DESCRIPTION,
      retryable: true,
    });
  });

  it('a status the German catalogue lacks is answered from the default locale', () => {
    expect(jsonFor(new Gone(), 'de')).toEqual({ status: 410, error: 'Gone', message: 'Gone', description: EN_410, retryable: false });
  });

  it("an error's own message is the application's text and is not translated; the title is", () => {
    expect(jsonFor(new NotFound('User 42 does not exist'), 'de')).toEqual({
      status: 404,
      error: DE_404,
      message: 'User 42 does not exist',
      description: EN_404,
      retryable: false,
    });
  });

  it('a hidden 5xx message in production is replaced by the German title', () => {
    expect(jsonFor(new InternalServerError('db password wrong'), 'de')).toEqual({
      status: 500,
      error: DE_500,
      message: DE_500,
      description: DE_500_DESCRIPTION,
      retryable: false,
    });
  });

  it('the fallback is the default locale’s own catalogue, not errata’s', () => {
    const english = defineCatalog({ 404: { description: 'No such page.' } });
    const options: ResponseOptions = { production: true, catalogs: { en: english, de: germanCatalog } };
    expect(jsonFor(new NotFound(), 'de', options)).toEqual({ status: 404, error: DE_404, message: DE_404, description: 'No such page.', retryable: false });
    expect(jsonFor(new NotFound(), 'en', options)).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: 'No such page.', retryable: false });
  });

  it('the problem type keeps the default name in every language (the German entry’s derived name is not used)', () => {
    const options: ResponseOptions = { ...OPTIONS, problemTypeBase: 'https://example.com/errors/' };
    const { body } = renderError(new NotFound(), { accept: 'application/problem+json', acceptLanguage: 'de', path: '/users/42' }, options);
    expect(JSON.parse(body)).toEqual({
      type: 'https://example.com/errors/not-found',
      title: DE_404,
      status: 404,
      detail: EN_404,
      instance: '/users/42',
      description: EN_404,
      retryable: false,
    });
  });
});

describe('Content-Language, Vary and the page language', () => {
  it.each(FORMATS)('%s: Content-Language is the chosen locale and Vary names Accept-Language', (format) => {
    for (const [acceptLanguage, language] of [['de', 'de'], ['fr', 'en'], [undefined, 'en']] as const) {
      const { headers } = renderError(new NotFound(), { accept: ACCEPT[format], acceptLanguage }, OPTIONS);
      expect(headers['Content-Language']).toBe(language);
      expect(headers.Vary).toBe(LOCALISED_VARY);
      expect(headers['Content-Type']).toBe(`${ACCEPT[format]}; charset=utf-8`);
    }
  });

  it('the full header set of a German JSON 429', () => {
    const { status, headers } = renderError(new TooManyRequests({ retryAfter: 30 }), { accept: 'application/json', acceptLanguage: 'de' }, OPTIONS);
    const body = JSON.stringify({ status: 429, error: DE_429, message: DE_429, description: DE_429_DESCRIPTION, retryable: true, retryAfter: 30 });
    expect(status).toBe(429);
    expect(headers).toEqual({
      'Retry-After': '30',
      'Cache-Control': 'no-store',
      Vary: LOCALISED_VARY,
      'Content-Language': 'de',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
  });

  it('Content-Length counts bytes, not characters, of translated text', () => {
    const { headers, body } = renderError(new ServiceUnavailable(), { accept: 'text/plain', acceptLanguage: 'de' }, OPTIONS);
    expect(body).toBe(`503 Service Unavailable\n\n${DE_503_DESCRIPTION}\nThis is temporary: try again later.\n`);
    expect(headers['Content-Length']).toBe(String(Buffer.byteLength(body)));
    expect(Buffer.byteLength(body)).toBeGreaterThan(body.length);
  });

  it('the text page is in the chosen language', () => {
    const { body } = renderError(new NotFound(), { accept: 'text/plain', acceptLanguage: 'de' }, OPTIONS);
    expect(body).toBe(`404 ${DE_404}\n\n${EN_404}\n`);
  });

  it('the HTML page declares the chosen language in <html lang>', () => {
    const german = renderError(new NotFound(), { accept: 'text/html', acceptLanguage: 'de-AT' }, OPTIONS).body;
    expect(german.startsWith('<!DOCTYPE html><html lang="de"><head>')).toBe(true);
    expect(german).toContain(`<title>404 ${DE_404}</title>`);
    expect(german).toContain(`<h1>404 ${DE_404}</h1><p class="description">${EN_404}</p>`);
    const fallback = renderError(new NotFound(), { accept: 'text/html', acceptLanguage: 'fr' }, OPTIONS).body;
    expect(fallback.startsWith('<!DOCTYPE html><html lang="en"><head>')).toBe(true);
    const region = renderError(new NotFound(), { accept: 'text/html', acceptLanguage: 'pt' }, { production: true, catalogs: { en: catalog, 'pt-BR': catalog } });
    expect(region.body.startsWith('<!DOCTYPE html><html lang="pt-BR"><head>')).toBe(true);
    expect(region.headers['Content-Language']).toBe('pt-BR');
  });

  it('HEAD gets no body but the same Content-Language and Vary', () => {
    const { headers, body } = renderError(new NotFound(), { method: 'HEAD', acceptLanguage: 'de' }, OPTIONS);
    expect(body).toBe('');
    expect(headers['Content-Language']).toBe('de');
    expect(headers.Vary).toBe(LOCALISED_VARY);
  });

  it.each(FORMATS)('%s without catalogs: no Content-Language, Vary stays Accept, the page stays English', (format) => {
    for (const options of [{ production: true }, { production: true, catalog: germanCatalog }] satisfies ResponseOptions[]) {
      const { headers, body } = renderError(new NotFound(), { accept: ACCEPT[format], acceptLanguage: 'de' }, options);
      expect(headers).not.toHaveProperty('Content-Language');
      expect(headers.Vary).toBe('Accept');
      if (format === 'html') expect(body.startsWith('<!DOCTYPE html><html lang="en"><head>')).toBe(true);
    }
  });

  it('an error’s own Content-Language header never overrides the negotiated one', () => {
    const error = new NotFound({ headers: { 'Content-Language': 'fr', 'X-Kept': 'yes' } });
    const { headers } = renderError(error, { acceptLanguage: 'de' }, OPTIONS);
    expect(headers['Content-Language']).toBe('de');
    expect(headers['X-Kept']).toBe('yes');
    expect(renderError(error, { acceptLanguage: 'de' }, { production: true }).headers).not.toHaveProperty('Content-Language');
  });
});

describe('checking the options once, at creation', () => {
  const bad: [string, ResponseOptions, RegExp][] = [
    ['an empty catalogs', { catalogs: {} }, /`catalogs` is empty/],
    ['catalogs that is not an object', { catalogs: 'en' as unknown as Record<string, Catalog> }, /must be an object/],
    ['catalogs that is null', { catalogs: null as unknown as Record<string, Catalog> }, /must be an object/],
    ['catalogs that is an array', { catalogs: [catalog] as unknown as Record<string, Catalog> }, /must be an object/],
    ['a key that is not a language tag', { catalogs: { en: catalog, de_DE: germanCatalog } }, /"de_DE" is not a language tag/],
    ['a wildcard key', { catalogs: { '*': catalog } }, /"\*" is not a language tag/],
    ['a key with markup', { catalogs: { 'de"><script>': catalog } }, /is not a language tag/],
    ['a subtag longer than 8', { catalogs: { englishxx: catalog } }, /is not a language tag/],
    ['a key twice in different case', { catalogs: { de: germanCatalog, DE: germanCatalog } }, /twice, in different case/],
    ['a catalogue that is not an object', { catalogs: { en: catalog, de: null as unknown as Catalog } }, /`catalogs.de` is not a catalogue/],
    ['a defaultLocale that is not a key', { catalogs: { en: catalog }, defaultLocale: 'fr' }, /`defaultLocale` "fr" is not a key of `catalogs` \(en\)/],
    ['a catalog that is not the default locale’s', { catalogs: { en: catalog, de: germanCatalog }, catalog: germanCatalog }, /`catalog` and `catalogs` disagree/],
  ];

  it.each(bad)('%s is a TypeError from createErrorRenderer, renderError and both createErrorHandler', (_name, options, message) => {
    expect(() => createErrorRenderer(options)).toThrow(TypeError);
    expect(() => createErrorRenderer(options)).toThrow(message);
    expect(() => renderError(new NotFound(), {}, options)).toThrow(message);
    expect(() => expressErrorHandler(options)).toThrow(message);
    expect(() => koaErrorHandler(options)).toThrow(message);
  });

  it('catalog may repeat the default locale’s catalogue; catalogs decides the text', () => {
    const english = defineCatalog({ 404: { description: 'No such page.' } });
    const options: ResponseOptions = { production: true, catalog: english, catalogs: { en: english, de: germanCatalog } };
    expect(jsonFor(new NotFound(), 'de', options)).toEqual({ status: 404, error: DE_404, message: DE_404, description: 'No such page.', retryable: false });
    expect(jsonFor(new NotFound(), undefined, options)).toEqual({ status: 404, error: 'Not Found', message: 'Not Found', description: 'No such page.', retryable: false });
  });

  it('catalogs: undefined is the same as no catalogs', () => {
    const { headers } = renderError(new NotFound(), { acceptLanguage: 'de' }, { production: true, catalogs: undefined });
    expect(headers).not.toHaveProperty('Content-Language');
    expect(headers.Vary).toBe('Accept');
  });
});

describe.each([
  {
    name: 'Express 5',
    app: (options: ResponseOptions): RequestListener => {
      const app = express();
      app.get('/limited', () => {
        throw new TooManyRequests({ retryAfter: 30 });
      });
      app.get('/stale', (_req, res) => {
        // A success path had started to describe a French body.
        res.setHeader('Content-Language', 'fr');
        throw new Gone();
      });
      app.use(notFound);
      app.use(expressErrorHandler(options));
      return app;
    },
  },
  {
    name: 'Koa 3',
    app: (options: ResponseOptions): RequestListener => {
      const app = new Koa();
      app.silent = true;
      app.use(koaErrorHandler(options));
      app.use(async (ctx) => {
        if (ctx.path === '/limited') throw new TooManyRequests({ retryAfter: 30 });
        if (ctx.path === '/stale') {
          ctx.set('Content-Language', 'fr');
          throw new Gone();
        }
      });
      return app.callback();
    },
  },
])('$name end to end', ({ app }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (options: ResponseOptions) => (server = await listen(app(options))).url;
  const notFoundMessage = 'Cannot GET /nope';

  it('a German client gets the German JSON body, Content-Language: de and Vary: Accept, Accept-Language', async () => {
    const res = await request(await start(OPTIONS)).get('/nope').set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.8');
    expect(res.status).toBe(404);
    expect(res.headers['content-language']).toBe('de');
    expect(res.headers.vary).toBe(LOCALISED_VARY);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ status: 404, error: DE_404, message: notFoundMessage, description: EN_404, retryable: false });
  });

  it('a 429 in German with its Retry-After', async () => {
    const res = await request(await start(OPTIONS)).get('/limited').set('Accept-Language', 'de');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.headers['content-language']).toBe('de');
    expect(res.body).toEqual({ status: 429, error: DE_429, message: DE_429, description: DE_429_DESCRIPTION, retryable: true, retryAfter: 30 });
  });

  it('the HTML page in German, with <html lang="de">', async () => {
    const res = await request(await start(OPTIONS)).get('/limited').set('Accept', 'text/html').set('Accept-Language', 'de');
    expect(res.status).toBe(429);
    expect(res.headers['content-language']).toBe('de');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text.startsWith('<!DOCTYPE html><html lang="de"><head>')).toBe(true);
    expect(res.text).toContain(`<h1>429 ${DE_429}</h1><p class="description">${DE_429_DESCRIPTION}</p><p class="hint">Try again in 30 seconds.</p>`);
  });

  it('no Accept-Language, or one nothing matches, gets the default locale', async () => {
    const url = await start(OPTIONS);
    for (const acceptLanguage of [undefined, 'fr-FR, fr;q=0.9']) {
      const req = request(url).get('/stale');
      const res = await (acceptLanguage === undefined ? req : req.set('Accept-Language', acceptLanguage));
      expect(res.status).toBe(410);
      expect(res.headers['content-language']).toBe('en');
      expect(res.headers.vary).toBe(LOCALISED_VARY);
      expect(res.body).toEqual({ status: 410, error: 'Gone', message: 'Gone', description: EN_410, retryable: false });
    }
  });

  it('the Content-Language a route had set is replaced by the negotiated one', async () => {
    const res = await request(await start(OPTIONS)).get('/stale').set('Accept-Language', 'de');
    expect(res.status).toBe(410);
    expect(res.headers['content-language']).toBe('de');
  });

  it('a 16 KB adversarial Accept-Language gets the default locale, though its first range is German', async () => {
    // Node's default limit is 16 KB for every header together: thousands of ranges in one value that fits.
    let acceptLanguage = 'de';
    for (let k = 0; acceptLanguage.length + 2 <= 16_000; k++) acceptLanguage += `,${String.fromCharCode(97 + (k % 26))}`;
    expect(acceptLanguage.length).toBeGreaterThan(15_990);
    const res = await request(await start(OPTIONS)).get('/nope').set('Accept-Language', acceptLanguage);
    expect(res.status).toBe(404);
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toBe(LOCALISED_VARY);
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: notFoundMessage, description: EN_404, retryable: false });
  });

  it('without catalogs: no Content-Language (a stale one is removed) and Vary: Accept', async () => {
    const url = await start({ production: true });
    for (const path of ['/nope', '/stale']) {
      const res = await request(url).get(path).set('Accept-Language', 'de');
      expect(res.headers).not.toHaveProperty('content-language');
      expect(res.headers.vary).toBe('Accept');
    }
    const res = await request(url).get('/nope').set('Accept-Language', 'de');
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: notFoundMessage, description: EN_404, retryable: false });
  });
});
