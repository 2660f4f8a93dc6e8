// Issue 17: the rate-limit headers in one configured form (draft 6, 7, 8 or none), whatever the error or the
// limiter wrote; several policies; the draft's Retry-After rule; the draft's problem types. Through real
// express-rate-limit 8 and koa-ratelimit 6 on real Express and Koa servers.
import { createRequire } from 'node:module';
import express from 'express';
import express4 from 'express4';
import { rateLimit } from 'express-rate-limit';
import createHttpError from 'http-errors';
import Koa, { type Middleware } from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { catalog, createErrorRenderer, renderError, ServiceUnavailable, TooManyRequests, type RateLimitHeaderForm, type RateLimitPolicy } from '../src/index.js';
import {
  createErrorHandler as expressErrorHandler,
  rateLimitHandler as expressRateLimitHandler,
  serviceUnavailable as expressServiceUnavailable,
} from '../src/adapters/express/index.js';
import { createErrorHandler as koaErrorHandler, rateLimitHandler as koaRateLimitHandler } from '../src/adapters/koa/index.js';
import { isInnerList, parseDictionary, parseItemField, parseList, type BareItem, type Member } from '../src/rate-limit/structured-fields.js';
import { listen } from './contract/server.js';

const WINDOW_MS = 60_000;
const FORMS: readonly RateLimitHeaderForm[] = ['draft-6', 'draft-7', 'draft-8', false];
const RATE_LIMIT_NAMES = ['ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** The rate-limit headers of a response (lower-case names, as Node's client gives them). */
function rateLimitHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of RATE_LIMIT_NAMES) {
    const value = headers[name];
    if (value !== undefined) found[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return found;
}

// -- The structure each draft gives its fields, checked with the RFC 9651 parser (itself checked against the suite).

const isInteger = (item: BareItem | undefined) => item?.type === 'integer' && item.value >= 0;
const asItems = (members: Member[] | undefined) => (members ?? []).map((member) => (isInnerList(member) ? undefined : member));

/** Whether each header present is what its draft says it is; returns the names that are not. */
function malformed(form: RateLimitHeaderForm, headers: Record<string, string>): string[] {
  const wrong: string[] = [];
  const check = (name: string, ok: boolean) => {
    if (!ok) wrong.push(name);
  };
  for (const [name, value] of Object.entries(headers)) {
    if (form === 'draft-8') {
      // A List of Strings; RateLimit: r (required), t, pk; RateLimit-Policy: q (required), qu, w, pk.
      const items = asItems(parseList(value));
      const allowed = name === 'ratelimit' ? ['r', 't', 'pk'] : ['q', 'qu', 'w', 'pk'];
      const required = name === 'ratelimit' ? 'r' : 'q';
      check(
        name,
        items.length > 0 &&
          items.every(
            (item) =>
              item?.value.type === 'string' &&
              isInteger(item.params.get(required)) &&
              [...item.params].every(([key, param]) => allowed.includes(key) && (key === 'pk' ? param.type === 'binary' : key === 'qu' ? param.type === 'string' : isInteger(param))),
          ),
      );
    } else if (name === 'ratelimit') {
      // Draft 7: a Dictionary of limit, remaining, reset, each a non-negative Integer.
      const dictionary = parseDictionary(value);
      check(name, dictionary !== undefined && [...dictionary].every(([key, member]) => ['limit', 'remaining', 'reset'].includes(key) && !isInnerList(member) && isInteger(member.value)));
    } else if (name === 'ratelimit-policy') {
      // Drafts 6 and 7: a List of Integer quotas, each with a window `w`, no quota twice.
      const items = asItems(parseList(value));
      const quotas = items.map((item) => item?.value.type === 'integer' && item.value.value);
      check(name, items.length > 0 && items.every((item) => isInteger(item?.value) && isInteger(item?.params.get('w'))) && new Set(quotas).size === quotas.length);
    } else {
      // Draft 6's counts: an Integer Item each.
      check(name, isInteger(parseItemField(value)?.value));
    }
  }
  return wrong;
}

/** The one set each form sends for express-rate-limit's `limit: 2` per minute, used up, a minute before its reset. */
function expectedSet(form: RateLimitHeaderForm, name = 'default', pk = ''): Record<string, string> {
  switch (form) {
    case 'draft-6':
      return { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '60', 'ratelimit-policy': '2;w=60' };
    case 'draft-7':
      return { ratelimit: 'limit=2, remaining=0, reset=60', 'ratelimit-policy': '2;w=60' };
    case 'draft-8':
      return { ratelimit: `"${name}";r=0;t=60${pk}`, 'ratelimit-policy': `"${name}";q=2;w=60${pk}` };
    case false:
      return {};
  }
}

const limitedBody = (retryAfter: number) => ({
  status: 429,
  error: 'Too Many Requests',
  message: 'Too Many Requests',
  description: catalog[429].description,
  retryable: true,
  retryAfter,
});

async function send(listener: Parameters<typeof listen>[0], count: number, accept = 'application/json') {
  const server = await listen(listener);
  try {
    const responses = [];
    for (let i = 0; i < count; i++) responses.push(await request(server.url).get('/').set('Accept', accept));
    return responses;
  } finally {
    await server.close();
  }
}

type StandardHeaders = 'draft-6' | 'draft-7' | 'draft-8' | false;
const LIMITER_CONFIGS = (['draft-6', 'draft-7', 'draft-8', false] as const).flatMap((standardHeaders: StandardHeaders) =>
  [true, false].map((legacyHeaders) => ({ standardHeaders, legacyHeaders })),
);

describe.each(FORMS)('express-rate-limit 8 on Express 5, errata’s rateLimitHeaders: %s', (form) => {
  function app(limiter: { standardHeaders: StandardHeaders; legacyHeaders: boolean }) {
    const instance = express();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 2, ...limiter, handler: expressRateLimitHandler() }));
    instance.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: form }));
    return instance;
  }

  it.each(LIMITER_CONFIGS)(
    'standardHeaders $standardHeaders, legacyHeaders $legacyHeaders: the 429 carries exactly one set, in errata’s form, parsing as its draft says',
    async (limiter) => {
      const responses = await send(app(limiter), 3);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
      const limited = responses[2]!;
      // A draft 8 limiter names its policy and hashes the client into a partition key: both are kept.
      const limiterPolicy = limiter.standardHeaders === 'draft-8' ? String(responses[1]!.headers['ratelimit-policy']) : undefined;
      const pk = limiterPolicy === undefined ? '' : /;pk=:[A-Za-z0-9+/=]+:$/.exec(limiterPolicy.replaceAll(' ', ''))![0];
      const name = limiterPolicy === undefined ? 'default' : '2-in-1min';
      const sent = rateLimitHeaders(limited.headers);
      expect(sent).toEqual(expectedSet(form, name, pk));
      expect(malformed(form, sent)).toEqual([]);
      expect(limited.headers['retry-after']).toBe('60');
      expect(limited.body).toEqual(limitedBody(60));
    },
  );
});

describe('express-rate-limit 8 on Express 4', () => {
  it.each(LIMITER_CONFIGS)('standardHeaders $standardHeaders, legacyHeaders $legacyHeaders: one draft 8 set on the 429', async (limiter) => {
    const instance = express4();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 2, ...limiter, identifier: 'per-minute', handler: expressRateLimitHandler() }));
    instance.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: 'draft-8' }));
    const [, , limited] = await send(instance, 3);
    const sent = rateLimitHeaders(limited!.headers);
    const name = limiter.standardHeaders === 'draft-8' ? 'per-minute' : 'default';
    expect(Object.keys(sent).sort()).toEqual(['ratelimit', 'ratelimit-policy']);
    expect(sent.ratelimit).toMatch(new RegExp(`^"${name}";r=0;t=60(;pk=:[A-Za-z0-9+/=]+:)?$`));
    expect(malformed('draft-8', sent)).toEqual([]);
  });
});

describe('two express-rate-limit limiters (draft 8): a burst limit passed, a daily one used up', () => {
  function app(problemTypes: boolean) {
    const instance = express();
    // Appended one after the other: express-rate-limit's draft 8 headers list both policies by the time the second refuses.
    instance.use(rateLimit({ windowMs: 1000, limit: 100, standardHeaders: 'draft-8', legacyHeaders: false, identifier: 'burst' }));
    instance.use(rateLimit({ windowMs: 86_400_000, limit: 1, standardHeaders: 'draft-8', legacyHeaders: false, identifier: 'daily', handler: expressRateLimitHandler() }));
    instance.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: 'draft-8', rateLimitProblemTypes: problemTypes }));
    return instance;
  }

  it('the 429 lists both policies, the violated one last, and Retry-After waits for the daily reset', async () => {
    const [, limited] = await send(app(false), 2);
    expect(limited!.status).toBe(429);
    const sent = rateLimitHeaders(limited!.headers);
    const pk = /pk=:[A-Za-z0-9+/=]+:/.exec(sent.ratelimit ?? '')?.[0];
    expect(sent).toEqual({
      ratelimit: `"burst";r=98;t=1;${pk}, "daily";r=0;t=86400;${pk}`,
      'ratelimit-policy': `"burst";q=100;w=1;${pk}, "daily";q=1;w=86400;${pk}`,
    });
    expect(malformed('draft-8', sent)).toEqual([]);
    expect(limited!.headers['retry-after']).toBe('86400');
    expect(limited!.body).toEqual(limitedBody(86_400));
  });

  it('with rateLimitProblemTypes, a problem+json 429 is quota-exceeded and names the violated policy', async () => {
    const [, limited] = await send(app(true), 2, 'application/problem+json');
    expect(limited!.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(limited!.text)).toEqual({
      type: 'https://iana.org/assignments/http-problem-types#quota-exceeded',
      title: 'Request cannot be satisfied as assigned quota has been exceeded',
      status: 429,
      detail: catalog[429].description,
      instance: '/',
      'violated-policies': ['daily'],
      description: catalog[429].description,
      retryable: true,
      retryAfter: 86_400,
    });
    // The members errata always sends keep their order; the draft's member follows `instance`.
    expect(Object.keys(JSON.parse(limited!.text))).toEqual(['type', 'title', 'status', 'detail', 'instance', 'violated-policies', 'description', 'retryable', 'retryAfter']);
    expect(limited!.headers['content-length']).toBe(String(Buffer.byteLength(limited!.text)));
  });
});

/** The koa-ratelimit 6 options these tests use (the package ships no types). */
interface KoaRateLimitOptions {
  driver: 'memory';
  db: Map<unknown, unknown>;
  duration: number;
  max: number;
  id: (ctx: unknown) => string;
  headers?: { remaining: string; reset: string; total: string };
  onLimited?: (ctx: never) => void;
  throw?: boolean;
}
const ratelimit = createRequire(import.meta.url)('koa-ratelimit') as (options: KoaRateLimitOptions) => Middleware;

describe.each([
  ['Koa 3', Koa],
  ['Koa 2', Koa2],
] as const)('koa-ratelimit 6 on %s', (_name, KoaClass) => {
  function app(form: RateLimitHeaderForm, limiter: Partial<KoaRateLimitOptions>) {
    const instance = new KoaClass();
    instance.silent = true;
    instance.use(koaErrorHandler({ production: true, rateLimitHeaders: form }));
    instance.use(ratelimit({ driver: 'memory', db: new Map(), duration: WINDOW_MS, max: 2, id: () => 'client', ...limiter }));
    instance.use((ctx) => {
      ctx.body = 'ok';
    });
    return instance.callback();
  }

  it.each(FORMS)('onLimited: rateLimitHandler({ duration }), errata’s form %s: one set, koa-ratelimit’s own taken off', async (form) => {
    const responses = await send(app(form, { onLimited: koaRateLimitHandler({ duration: WINDOW_MS }) }), 3);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
    // What koa-ratelimit sends on the requests it lets through is its own business.
    expect(responses[1]!.headers['x-ratelimit-limit']).toBe('2');
    const sent = rateLimitHeaders(responses[2]!.headers);
    expect(sent).toEqual(expectedSet(form));
    expect(malformed(form, sent)).toEqual([]);
    expect(responses[2]!.headers['retry-after']).toBe('60');
    expect(responses[2]!.body).toEqual(limitedBody(60));
  });

  it('under the header names koa-ratelimit was given, with a policy name: one draft 8 set', async () => {
    const headers = { remaining: 'Limit-Left', reset: 'Limit-Reset-At', total: 'Limit-Max' };
    const responses = await send(app('draft-8', { headers, onLimited: koaRateLimitHandler({ headers, duration: WINDOW_MS, name: 'per-client' }) }), 3);
    const limited = responses[2]!;
    expect(rateLimitHeaders(limited.headers)).toEqual({ ratelimit: '"per-client";r=0;t=60', 'ratelimit-policy': '"per-client";q=2;w=60' });
    expect([limited.headers['limit-left'], limited.headers['limit-max'], limited.headers['limit-reset-at']]).toEqual([undefined, undefined, undefined]);
  });

  it('with only `throw: true` (no onLimited), its X-RateLimit-* on the error and the response become one draft 7 set', async () => {
    const responses = await send(app('draft-7', { throw: true }), 3);
    const sent = rateLimitHeaders(responses[2]!.headers);
    expect(sent).toEqual({ ratelimit: 'limit=2, remaining=0, reset=60' });
    expect(malformed('draft-7', sent)).toEqual([]);
    expect(responses[2]!.headers['retry-after']).toBe('60');
  });
});

// -- The renderer itself: each form, several policies, values at their bounds.

const TWO_POLICIES = [
  { name: 'burst', quota: 10, window: 1, remaining: 3, reset: 1 },
  { name: 'daily', quota: 1000, window: 86_400, remaining: 0, reset: 3600.2, unit: 'requests', partitionKey: 'user-1' },
];

describe('TooManyRequests({ policies }) in each form', () => {
  const error = new TooManyRequests({ policies: TWO_POLICIES });

  it.each<[RateLimitHeaderForm, Record<string, string>]>([
    // Draft 6 and 7 state one service limit, the violated one; RateLimit-Policy lists every windowed quota.
    ['draft-6', { 'RateLimit-Limit': '1000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '3601', 'RateLimit-Policy': '10;w=1, 1000;w=86400' }],
    ['draft-7', { RateLimit: 'limit=1000, remaining=0, reset=3601', 'RateLimit-Policy': '10;w=1, 1000;w=86400' }],
    [
      'draft-8',
      {
        RateLimit: '"burst";r=3;t=1, "daily";r=0;t=3601;pk=:dXNlci0x:',
        'RateLimit-Policy': '"burst";q=10;w=1, "daily";q=1000;qu="requests";w=86400;pk=:dXNlci0x:',
      },
    ],
    [false, {}],
  ])('%s', (form, expected) => {
    const { headers, body } = renderError(error, { accept: 'application/json' }, { production: true, rateLimitHeaders: form });
    const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => RATE_LIMIT_NAMES.includes(name.toLowerCase())));
    expect(sent).toEqual(expected);
    // The violated policy's reset, rounded up, in the header and the body alike.
    expect(headers['Retry-After']).toBe('3601');
    expect(JSON.parse(body)).toMatchObject({ retryAfter: 3601 });
  });

  it('err.headers holds draft 6, the default form, and the policies survive into the other forms', () => {
    expect(error.headers).toEqual({
      'RateLimit-Limit': 1000,
      'RateLimit-Remaining': 0,
      'RateLimit-Reset': 3601,
      'RateLimit-Policy': '10;w=1, 1000;w=86400',
      'Retry-After': '3601',
    });
    expect(renderError(error).headers['RateLimit-Limit']).toBe('1000');
  });

  it('Retry-After is never before the violated policy’s reset: an earlier retryAfter, date or per-status default is raised', () => {
    expect(new TooManyRequests({ policies: TWO_POLICIES, retryAfter: 5 }).headers['Retry-After']).toBe('3601');
    expect(new TooManyRequests({ policies: TWO_POLICIES, retryAfter: new Date(Date.now() + 60_000) }).headers['Retry-After']).toBe('3601');
    // A later hint stays.
    expect(new TooManyRequests({ policies: TWO_POLICIES, retryAfter: 7200 }).headers['Retry-After']).toBe('7200');
    const noReset = new TooManyRequests({ policies: [{ name: 'daily', quota: 5, remaining: 0 }] });
    expect(noReset.headers['Retry-After']).toBeUndefined();
    const { headers, body } = renderError(noReset, { accept: 'application/json' }, { retryAfter: { 429: 30 } });
    expect([headers['Retry-After'], JSON.parse(body).retryAfter]).toEqual(['30', 30]);
    // The single-limit form is one policy: violated (remaining 0), its reset wins over an earlier retryAfter.
    expect(new TooManyRequests({ limit: 10, remaining: 0, reset: 30, retryAfter: 10 }).headers['Retry-After']).toBe('30');
    // Not known to be violated: the author's hint stands, as it always has.
    expect(new TooManyRequests({ reset: 30, retryAfter: 10 }).headers['Retry-After']).toBe('10');
  });

  it('no violated policy: no Retry-After from the policies (none of them holds the client back)', () => {
    const error = new TooManyRequests({ policies: [{ name: 'a', quota: 10, remaining: 4, reset: 9 }] });
    expect(error.retryAfter).toBeUndefined();
    expect(renderError(error, {}, { rateLimitHeaders: 'draft-8' }).headers.RateLimit).toBe('"a";r=4;t=9');
  });
});

describe('policy names and values are written within their syntax, an unknown value left out', () => {
  const draft8 = (policies: readonly RateLimitPolicy[]) =>
    renderError(new TooManyRequests({ policies }), {}, { rateLimitHeaders: 'draft-8' }).headers;

  it('a name with a quote and a backslash is escaped as an sf-string, and parses back to itself', () => {
    const headers = draft8([{ name: 'say "hi" \\o/', quota: 1, remaining: 0 }]);
    expect(headers['RateLimit-Policy']).toBe('"say \\"hi\\" \\\\o/";q=1');
    const item = parseList(headers['RateLimit-Policy']!)![0]!;
    expect(!isInnerList(item) && item.value).toEqual({ type: 'string', value: 'say "hi" \\o/' });
  });

  it('a name that is no sf-string (non-ASCII, control characters, over 256 characters, not a string) is "default"', () => {
    for (const name of ['día', 'a\nb', 'x'.repeat(257), 42 as unknown as string]) {
      expect(draft8([{ name, quota: 1, remaining: 0 }]).RateLimit).toBe('"default";r=0');
    }
  });

  it('at most 32 policies are written; entries that are not objects are skipped', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, quota: 1, remaining: 1 }));
    expect(parseList(draft8(many).RateLimit!)).toHaveLength(32);
    expect(draft8([null as unknown as RateLimitPolicy, { name: 'a', quota: 1, remaining: 0 }]).RateLimit).toBe('"a";r=0');
  });

  it('the policies are copied when the error is made: changing them afterwards changes nothing', () => {
    const policy = { name: 'a', quota: 5, remaining: 0, reset: 10 };
    const error = new TooManyRequests({ policies: [policy] });
    policy.remaining = 3;
    policy.name = 'b';
    expect(renderError(error, {}, { rateLimitHeaders: 'draft-8' }).headers.RateLimit).toBe('"a";r=0;t=10');
  });

  it('counts are clamped to the largest Integer, seconds to 2^31 − 1, fractions rounded (counts down, seconds up)', () => {
    expect(draft8([{ quota: 1e21, remaining: 2.9, reset: 1e21, window: 0.2 }])).toMatchObject({
      RateLimit: '"default";r=2;t=2147483647',
      'RateLimit-Policy': '"default";q=999999999999999;w=1',
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1, '5' as unknown as number, undefined])('%s is unknown: its parameter, or the item that needs it, is left out', (value) => {
    expect(draft8([{ name: 'p', quota: value, remaining: value, reset: value, window: value }])).not.toHaveProperty('RateLimit');
    expect(draft8([{ name: 'p', quota: 5, remaining: 0, reset: value, window: value }])).toMatchObject({ RateLimit: '"p";r=0', 'RateLimit-Policy': '"p";q=5' });
  });

  it('a window of 0 is left out (drafts 9 and 10: non-zero); a partition key over 256 bytes and a unit that is no sf-string too', () => {
    expect(draft8([{ quota: 5, remaining: 0, window: 0, partitionKey: new Uint8Array(257), unit: 'bytes\u00e9' }])['RateLimit-Policy']).toBe('"default";q=5');
    expect(draft8([{ quota: 5, remaining: 0, partitionKey: new Uint8Array([0xff, 0, 1]) }])['RateLimit-Policy']).toBe('"default";q=5;pk=:/wAB:');
  });
});

describe('rate-limit headers already on an error, in any form, are replaced by the configured one', () => {
  it.each(FORMS)('a foreign (http-errors) 429 with draft 8 fields and legacy ones, rendered as %s', (form) => {
    const foreign = createHttpError(429, {
      headers: {
        RateLimit: '"per-minute";r=0;t=42',
        'RateLimit-Policy': '"per-minute";q=2;w=60',
        'X-RateLimit-Limit': '2',
        'X-RateLimit-Remaining': '0',
      },
    });
    const { headers } = renderError(foreign, {}, { rateLimitHeaders: form });
    const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => RATE_LIMIT_NAMES.includes(name.toLowerCase())));
    expect(sent).toEqual(
      {
        'draft-6': { 'RateLimit-Limit': '2', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '42', 'RateLimit-Policy': '2;w=60' },
        'draft-7': { RateLimit: 'limit=2, remaining=0, reset=42', 'RateLimit-Policy': '2;w=60' },
        'draft-8': { RateLimit: '"per-minute";r=0;t=42', 'RateLimit-Policy': '"per-minute";q=2;w=60' },
        false: {},
      }[String(form)],
    );
    expect(headers['Retry-After']).toBe('42');
  });

  it('a malformed field (the draft: ignored) is dropped, not passed on', () => {
    const { headers } = renderError(createHttpError(429, { headers: { RateLimit: 'r=0;"default"', 'RateLimit-Reset': '7' } }), {}, { rateLimitHeaders: 'draft-8' });
    expect(Object.keys(headers).filter((name) => RATE_LIMIT_NAMES.includes(name.toLowerCase()))).toEqual([]);
  });

  it('a 503 with a temporarily lowered RateLimit-Policy (the draft’s example) is written in the configured form too', () => {
    const error = createHttpError(503, { headers: { 'RateLimit-Policy': '"hourly";q=10;w=3600' } });
    expect(renderError(error, {}, { rateLimitHeaders: 'draft-7' }).headers['RateLimit-Policy']).toBe('10;w=3600');
    expect(renderError(error, {}, { rateLimitHeaders: 'draft-8' }).headers['RateLimit-Policy']).toBe('"hourly";q=10;w=3600');
  });

  it('a 429 a route throws after a limiter let the request through: the limiter’s headers are not sent beside errata’s', async () => {
    const instance = express();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 100, standardHeaders: 'draft-7', legacyHeaders: true }));
    instance.get('/', () => {
      throw new TooManyRequests({ policies: [{ name: 'uploads', quota: 5, window: 3600, remaining: 0, reset: 120 }] });
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: 'draft-8' }));
    const [response] = await send(instance, 1);
    expect(rateLimitHeaders(response!.headers)).toEqual({ ratelimit: '"uploads";r=0;t=120', 'ratelimit-policy': '"uploads";q=5;w=3600' });
    expect(response!.headers['retry-after']).toBe('120');
  });

  it('a 404 after a limiter let the request through keeps the limiter’s headers: they describe this request, and errata has none', async () => {
    const instance = express();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 100, standardHeaders: 'draft-7', legacyHeaders: false }));
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: 'draft-8' }));
    instance.use((_req, _res, next) => next());
    const [response] = await send(instance, 1);
    expect(response!.status).toBe(404);
    expect(rateLimitHeaders(response!.headers)).toEqual({ ratelimit: 'limit=100, remaining=99, reset=60', 'ratelimit-policy': '100;w=60' });
  });

  it('rateLimitHeaders: false on a 429 sends no rate-limit header at all, only Retry-After', async () => {
    const instance = express();
    instance.use(rateLimit({ windowMs: WINDOW_MS, limit: 1, standardHeaders: 'draft-8', legacyHeaders: true, handler: expressRateLimitHandler() }));
    instance.get('/', (_req, res) => {
      res.send('ok');
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitHeaders: false }));
    const [, limited] = await send(instance, 2);
    expect(limited!.status).toBe(429);
    expect(rateLimitHeaders(limited!.headers)).toEqual({});
    expect(limited!.headers['retry-after']).toBe('60');
  });

  it('an unknown form is a TypeError when the renderer is made', () => {
    expect(() => createErrorRenderer({ rateLimitHeaders: 'draft-9' as RateLimitHeaderForm })).toThrow(
      new TypeError(`rateLimitHeaders must be 'draft-6', 'draft-7', 'draft-8' or false, not "draft-9"`),
    );
    expect(() => createErrorRenderer({ rateLimitHeaders: true as unknown as RateLimitHeaderForm })).toThrow(TypeError);
  });
});

describe('the draft’s problem types (rateLimitProblemTypes)', () => {
  const problem = (error: unknown, options: Parameters<typeof renderError>[2] = { rateLimitProblemTypes: true }) =>
    renderError(error, { accept: 'application/problem+json', path: '/things' }, { production: true, ...options });

  it('a 429 without a violated policy keeps its ordinary type; so does any 429 when the option is off, and the json format', () => {
    expect(JSON.parse(problem(new TooManyRequests({ retryAfter: 5 })).body).type).toBe('about:blank');
    expect(JSON.parse(problem(new TooManyRequests({ policies: TWO_POLICIES }), {}).body).type).toBe('about:blank');
    const json = renderError(new TooManyRequests({ policies: TWO_POLICIES }), { accept: 'application/json' }, { rateLimitProblemTypes: true });
    expect(JSON.parse(json.body)).not.toHaveProperty('violated-policies');
  });

  it('HEAD: no body, and the Content-Length of the body a GET would get', () => {
    const get = problem(new TooManyRequests({ policies: TWO_POLICIES }));
    const head = renderError(new TooManyRequests({ policies: TWO_POLICIES }), { accept: 'application/problem+json', path: '/things', method: 'HEAD' }, { production: true, rateLimitProblemTypes: true });
    expect(head.body).toBe('');
    expect(head.headers['Content-Length']).toBe(get.headers['Content-Length']);
    expect(get.headers['Content-Length']).toBe(String(Buffer.byteLength(get.body)));
  });

  it('serviceUnavailable’s 503 is temporary-reduced-capacity; another 503 is not', async () => {
    const instance = express();
    let down = true;
    instance.use(expressServiceUnavailable({ when: () => down, retryAfter: 5 }));
    instance.get('/', () => {
      throw new ServiceUnavailable({ retryAfter: 5 });
    });
    instance.use(expressErrorHandler({ production: true, logger: false, rateLimitProblemTypes: true }));
    const server = await listen(instance);
    try {
      const guarded = await request(server.url).get('/').set('Accept', 'application/problem+json');
      expect(guarded.status).toBe(503);
      expect(JSON.parse(guarded.text)).toEqual({
        type: 'https://iana.org/assignments/http-problem-types#temporary-reduced-capacity',
        title: 'Request cannot be satisfied due to temporary server capacity constraints',
        status: 503,
        detail: catalog[503].description,
        instance: '/',
        description: catalog[503].description,
        retryable: true,
        retryAfter: 5,
      });
      down = false;
      const thrown = await request(server.url).get('/').set('Accept', 'application/problem+json');
      expect(JSON.parse(thrown.text).type).toBe('about:blank');
    } finally {
      await server.close();
    }
  });
});
