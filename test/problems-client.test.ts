import type { RequestListener } from 'node:http';
import express from 'express';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { errorHandler as expressErrorHandler } from '../src/adapters/express/index.js';
import { errorHandler as koaErrorHandler } from '../src/adapters/koa/index.js';
import { BadGateway, defineProblem, errorFromResponse, Forbidden, HttpError, TooManyRequests, type StandardSchemaV1 } from '../src/index.js';
import { listen, type TestServer } from './contract/server.js';
import { AccountLocked, OutOfCredit } from './support/problems.js';

// Two problems of one status (picked by type, else code), one per schema library, and one with no schema.
const Paused = defineProblem({
  type: 'https://api.example.com/problems/paused',
  status: 429,
  title: 'Your integration is paused',
  description: 'An administrator paused this integration. Requests resume when it is unpaused.',
  code: 'PAUSED',
});
// Thrown by the server, unknown to the client.
const Unlisted = defineProblem({
  type: 'https://api.example.com/problems/unlisted',
  status: 403,
  title: 'Not on the list',
  description: 'The client was not told about this problem.',
  code: 'UNLISTED',
  members: z.object({ list: z.string() }),
});
// 5xx problems: production hides the members (and own message) of the one, the other has none to hide.
const Upstream = defineProblem({
  type: 'https://api.example.com/problems/upstream',
  status: 502,
  title: 'The ledger did not answer',
  description: 'The ledger service is slow or down. Try again in a minute.',
  code: 'UPSTREAM',
  members: z.object({ upstream: z.string() }),
});
const Maintenance = defineProblem({
  type: 'https://api.example.com/problems/maintenance',
  status: 503,
  title: 'Down for maintenance',
  description: 'The API is being upgraded.',
  code: 'MAINTENANCE',
});
const PROBLEMS = [OutOfCredit, AccountLocked, Paused, Upstream, Maintenance];

type CreditMembers = { balance: number; accounts: string[] };
const credit: CreditMembers = { balance: 30, accounts: ['/account/12345'] };

/** What each route throws; each call makes a fresh error, so the client's result can be compared with one. */
const THROWN: Readonly<Record<string, () => HttpError>> = {
  credit: () => new OutOfCredit(credit),
  'credit-message': () => new OutOfCredit(credit, { message: 'The request costs 50; your balance is 30.' }),
  locked: () => new AccountLocked({ unlocksAt: '2026-12-02T05:00:00Z', attempts: 5 }),
  'locked-no-attempts': () => new AccountLocked({ unlocksAt: '2026-12-02T05:00:00Z' }),
  paused: () => new Paused({ retryAfter: 30 }),
  upstream: () => new Upstream({ upstream: 'ledger' }, { message: 'ledger.internal:5432 refused the connection' }),
  maintenance: () => new Maintenance({ retryAfter: 600 }),
  // Production does not check members: the server answers with what it was given.
  'credit-bad': () => new OutOfCredit({ balance: 'thirty', accounts: credit.accounts } as unknown as CreditMembers),
  'locked-bad': () => new AccountLocked({ unlocksAt: 42 } as unknown as { unlocksAt: string }),
  unlisted: () => new Unlisted({ list: 'beta' }),
  // Not a problem at all: a plain 403 that carries the problem's code and members as `details`.
  'plain-with-code': () => new Forbidden('The request costs 50; your balance is 30.', { code: 'OUT_OF_CREDIT', details: credit }),
};

const ACCEPT = { json: 'application/json', problem: 'application/problem+json', html: 'text/html', text: 'text/plain' } as const;
type Format = keyof typeof ACCEPT;

function expressApp(): RequestListener {
  const app = express();
  app.get('/:case', (req) => {
    throw THROWN[req.params.case]!();
  });
  app.use(expressErrorHandler);
  return app;
}

function koaApp(): RequestListener {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler);
  app.use((ctx) => {
    throw THROWN[ctx.path.slice(1)]!();
  });
  return app.callback();
}

/** What a reader of the error relies on; `members` and `type` only exist on problem errors. */
function fieldsOf(error: HttpError) {
  const { status, name, message, description, code, details, retryAfter, retryable } = error;
  const { type, title, members } = error as HttpError & { type?: string; title?: string; members?: unknown };
  return { status, name, message, description, code, details, retryAfter, retryable, type, title, members };
}

const SERVERS = [
  ['Express 5', expressApp],
  ['Koa 3', koaApp],
] as const;

describe.each(SERVERS)('%s throws a problem; fetch and fromResponse give it back', (_name, makeApp) => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await listen(makeApp());
    base = server.url;
  });
  afterAll(() => server.close());

  async function get(path: string, format: Format): Promise<Response> {
    const response = await fetch(`${base}/${path}`, { headers: { accept: ACCEPT[format] } });
    // The format under test is the one answered: a negotiation change must not turn this into another test.
    expect(response.headers.get('content-type')).toBe(`${format === 'problem' ? 'application/problem+json' : ACCEPT[format]}; charset=utf-8`);
    return response;
  }

  const typed = [
    ['credit', OutOfCredit],
    ['credit-message', OutOfCredit],
    ['locked', AccountLocked],
    ['locked-no-attempts', AccountLocked],
    ['paused', Paused],
  ] as const;

  describe.each(['json', 'problem'] as const)('in %s', (format) => {
    it.each(typed)('/%s gives an instance of the problem class, with the members, code, message and retryAfter thrown', async (path, Problem) => {
      const error = await HttpError.fromResponse(await get(path, format), { problems: PROBLEMS });
      expect(error).toBeInstanceOf(Problem);
      expect(error.constructor).toBe(Problem);
      expect(fieldsOf(error)).toEqual(fieldsOf(THROWN[path]!()));
    });

    it('errorFromResponse gives the same typed error as HttpError.fromResponse', async () => {
      const error = await errorFromResponse(await get('credit', format), { problems: [OutOfCredit] });
      expect(error).toBeInstanceOf(OutOfCredit);
      expect(error).toBeInstanceOf(Forbidden);
      expect(fieldsOf(error)).toEqual({
        status: 403,
        name: 'OutOfCreditError',
        message: 'You do not have enough credit',
        description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
        code: 'OUT_OF_CREDIT',
        details: credit,
        retryAfter: undefined,
        retryable: false,
        type: 'https://api.example.com/problems/out-of-credit',
        title: 'You do not have enough credit',
        members: credit,
      });
    });

    it('a 429 problem keeps its retryAfter from the body and the Retry-After header', async () => {
      const response = await get('paused', format);
      expect(response.headers.get('retry-after')).toBe('30');
      const error = await HttpError.fromResponse(response, { problems: PROBLEMS });
      expect(error).toBeInstanceOf(Paused);
      expect(error).toBeInstanceOf(TooManyRequests);
      expect([error.retryAfter, error.retryable, (error as InstanceType<typeof Paused>).members]).toEqual([30, true, undefined]);
    });

    it.each(['credit-bad', 'locked-bad'])('/%s: members that fail the schema give what fromResponse gives without problems', async (path) => {
      const error = await HttpError.fromResponse(await get(path, format), { problems: PROBLEMS });
      const today = await HttpError.fromResponse(await get(path, format));
      expect(error.constructor).toBe(Forbidden);
      expect(fieldsOf(error)).toEqual(fieldsOf(today));
      expect(error.code).toBe(path === 'credit-bad' ? 'OUT_OF_CREDIT' : 'ACCOUNT_LOCKED');
    });

    it('a problem the client was not given comes back as it does without problems', async () => {
      const error = await HttpError.fromResponse(await get('unlisted', format), { problems: PROBLEMS });
      const today = await HttpError.fromResponse(await get('unlisted', format));
      expect(error.constructor).toBe(Forbidden);
      expect(fieldsOf(error)).toEqual(fieldsOf(today));
      expect([error.code, error.message]).toEqual(['UNLISTED', 'Not on the list']);
    });

    it('a 5xx problem with a schema comes back as its status class: production hides the members the schema needs', async () => {
      const error = await HttpError.fromResponse(await get('upstream', format), { problems: PROBLEMS });
      expect(error.constructor).toBe(BadGateway);
      expect([error.status, error.code, error.message, error.details]).toEqual([502, 'UPSTREAM', 'The ledger did not answer', undefined]);
    });

    it('a 5xx problem without a schema has nothing hidden, and comes back typed', async () => {
      const error = await HttpError.fromResponse(await get('maintenance', format), { problems: PROBLEMS });
      expect(error).toBeInstanceOf(Maintenance);
      expect(fieldsOf(error)).toEqual(fieldsOf(THROWN.maintenance!()));
    });

    it('a plain 403 with a problem\'s code and members as details is read as that problem', async () => {
      const error = await HttpError.fromResponse(await get('plain-with-code', format), { problems: PROBLEMS });
      expect(error).toBeInstanceOf(OutOfCredit);
      expect([error.message, error.code, (error as InstanceType<typeof OutOfCredit>).members]).toEqual([
        'The request costs 50; your balance is 30.',
        'OUT_OF_CREDIT',
        credit,
      ]);
    });
  });

  describe.each(['html', 'text'] as const)('in %s', (format) => {
    it.each(typed)('/%s gives the plain status class: a page carries no type, code or members', async (path) => {
      const thrown = THROWN[path]!();
      const error = await HttpError.fromResponse(await get(path, format), { problems: PROBLEMS });
      expect(error.constructor).toBe(thrown.status === 429 ? TooManyRequests : Forbidden);
      expect(fieldsOf(error)).toEqual(fieldsOf(thrown.status === 429 ? new TooManyRequests({ retryAfter: 30 }) : new Forbidden()));
    });
  });
});

const PROBLEM_JSON = { 'content-type': 'application/problem+json' };
const creditBody = {
  type: OutOfCredit.problem.type,
  title: OutOfCredit.problem.title,
  status: 403,
  detail: OutOfCredit.problem.description,
  description: OutOfCredit.problem.description,
  retryable: false,
  code: 'OUT_OF_CREDIT',
  ...credit,
};

function problemResponse(body: Record<string, unknown>, status = 403): Response {
  return new Response(JSON.stringify(body), { status, headers: PROBLEM_JSON });
}

describe('which problem a body is', () => {
  it('the type decides over the code when both name a listed problem', async () => {
    const error = await errorFromResponse(problemResponse({ ...creditBody, code: 'ACCOUNT_LOCKED' }), { problems: [AccountLocked, OutOfCredit] });
    expect(error).toBeInstanceOf(OutOfCredit);
    expect(error.code).toBe('OUT_OF_CREDIT');
  });

  it('a problem+json body of an unlisted type is matched by its code (another deployment\'s type URIs)', async () => {
    const body = { ...creditBody, type: 'https://staging.example.com/problems/account-locked', code: 'ACCOUNT_LOCKED', unlocksAt: 'soon' };
    delete (body as Partial<typeof body>).balance;
    delete (body as Partial<typeof body>).accounts;
    const error = await errorFromResponse(problemResponse(body), { problems: [OutOfCredit, AccountLocked] });
    expect(error).toBeInstanceOf(AccountLocked);
    expect((error as InstanceType<typeof AccountLocked>).members).toEqual({ unlocksAt: 'soon' });
  });

  it('a response whose status is not the problem\'s is not that problem', async () => {
    const body = { status: 402, error: 'Payment Required', message: 'You do not have enough credit', code: 'OUT_OF_CREDIT', details: credit };
    const response = new Response(JSON.stringify(body), { status: 402, headers: { 'content-type': 'application/json' } });
    const error = await errorFromResponse(response, { problems: [OutOfCredit] });
    expect(error).not.toBeInstanceOf(OutOfCredit);
    expect([error.status, error.code, error.details]).toEqual([402, 'OUT_OF_CREDIT', credit]);
  });

  it('a body whose status disagrees with the response is not read at all, as without problems', async () => {
    const error = await errorFromResponse(problemResponse(creditBody, 400), { problems: [OutOfCredit] });
    expect(fieldsOf(error)).toEqual(fieldsOf(new HttpError(400)));
  });

  it('members named like the body\'s own fields are not this problem\'s (the server never sends them)', async () => {
    const body = { status: 403, error: 'Forbidden', message: 'm', code: 'OUT_OF_CREDIT', details: { ...credit, type: 'x' } };
    const response = new Response(JSON.stringify(body), { status: 403, headers: { 'content-type': 'application/json' } });
    const error = await errorFromResponse(response, { problems: [OutOfCredit] });
    expect(error.constructor).toBe(Forbidden);
    expect(error.details).toEqual({ ...credit, type: 'x' });
  });

  it('a `__proto__` member stays a member and never becomes the prototype', async () => {
    const text = JSON.stringify(creditBody).replace(/}$/, ',"__proto__":{"polluted":true}}');
    const error = await errorFromResponse(new Response(text, { status: 403, headers: PROBLEM_JSON }), { problems: [OutOfCredit] });
    const members = (error as InstanceType<typeof OutOfCredit>).members as object;
    expect(Object.getPrototypeOf(members)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(members, '__proto__')?.value).toEqual({ polluted: true });
  });
});

describe('members without a body to say them', () => {
  const Optional = defineProblem({
    type: 'https://api.example.com/problems/optional',
    status: 409,
    title: 'Optional members',
    description: 'Every member is optional.',
    members: z.object({ hint: z.string().optional() }),
  });
  const Absent = defineProblem({
    type: 'https://api.example.com/problems/absent',
    status: 409,
    title: 'Members may be absent',
    description: 'The members may be left out.',
    members: z.object({ hint: z.string() }).optional(),
  });
  const bare = (Problem: typeof Optional | typeof Absent) => ({ type: Problem.problem.type, title: Problem.problem.title, status: 409 });

  it('gives `{}` when the schema needs an object (problem+json cannot tell an empty object from none)', async () => {
    const error = await errorFromResponse(problemResponse(bare(Optional), 409), { problems: [Optional] });
    expect(error).toBeInstanceOf(Optional);
    expect((error as InstanceType<typeof Optional>).members).toEqual({});
  });

  it('gives `undefined` when the schema accepts no members', async () => {
    const error = await errorFromResponse(problemResponse(bare(Absent), 409), { problems: [Absent] });
    expect(error).toBeInstanceOf(Absent);
    expect((error as InstanceType<typeof Absent>).members).toBeUndefined();
  });
});

describe('schemas that cannot be checked on the spot', () => {
  function schemaOf(validate: StandardSchemaV1<{ n: number }>['~standard']['validate']): StandardSchemaV1<{ n: number }> {
    return { '~standard': { version: 1, vendor: 'test', validate } };
  }

  it('an async schema is not awaited: the members are taken as sent (types only)', async () => {
    let rejected = false;
    const Async = defineProblem({
      type: 'https://api.example.com/problems/async',
      status: 400,
      title: 'Async',
      description: 'D',
      members: schemaOf(() => Promise.reject(new Error('never awaited')).finally(() => (rejected = true))),
    });
    const error = await errorFromResponse(problemResponse({ type: Async.problem.type, title: 'Async', status: 400, n: 'x' }, 400), { problems: [Async] });
    expect(error).toBeInstanceOf(Async);
    expect((error as InstanceType<typeof Async>).members).toEqual({ n: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The rejection happened and was handled: vitest fails the run on an unhandled one.
    expect(rejected).toBe(true);
  });

  it('a schema that throws on the members counts as failing: the status class comes back', async () => {
    const Throws = defineProblem({
      type: 'https://api.example.com/problems/throws',
      status: 400,
      title: 'Throws',
      description: 'D',
      members: schemaOf(() => {
        throw new Error('schema bug');
      }),
    });
    const error = await errorFromResponse(problemResponse({ type: Throws.problem.type, title: 'Throws', status: 400, n: 1 }, 400), { problems: [Throws] });
    expect(error.constructor).not.toBe(Throws);
    expect([error.status, error.message]).toEqual([400, 'Throws']);
  });
});

describe('the problems option', () => {
  it('rejects a class defineProblem did not make, before reading the body', async () => {
    const response = problemResponse(creditBody);
    await expect(errorFromResponse(response, { problems: [Forbidden] as never })).rejects.toThrow(
      new TypeError('fromResponse: options.problems[0] is not a class made by defineProblem'),
    );
    await expect(HttpError.fromResponse(response, { problems: OutOfCredit as never })).rejects.toThrow(
      new TypeError('fromResponse: options.problems must be an array of classes made by defineProblem'),
    );
    expect(response.bodyUsed).toBe(false);
  });

  it('an empty list reads as no list', async () => {
    const error = await errorFromResponse(problemResponse(creditBody), { problems: [] });
    expect(fieldsOf(error)).toEqual(fieldsOf(await errorFromResponse(problemResponse(creditBody))));
  });
});

describe('in development (NODE_ENV=development), where a problem checks its members when made', () => {
  it('reads the same: typed when the members pass, the status class when they fail, never a throw', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.resetModules();
    try {
      // The flag is read when the module loads: a fresh copy, as a development client would load it.
      const fresh = await import('../src/index.js');
      const Dev = fresh.defineProblem({ ...OutOfCredit.problem, name: 'Dev' });
      expect(() => new Dev({ balance: 'thirty', accounts: [] } as never)).toThrow(TypeError);
      const typed = await fresh.errorFromResponse(problemResponse(creditBody), { problems: [Dev] });
      expect(typed).toBeInstanceOf(Dev);
      expect((typed as InstanceType<typeof Dev>).members).toEqual(credit);
      const failing = await fresh.errorFromResponse(problemResponse({ ...creditBody, balance: 'thirty' }), { problems: [Dev] });
      expect(failing.constructor).toBe(fresh.Forbidden);
      expect([failing.status, failing.code, failing.message]).toEqual([403, 'OUT_OF_CREDIT', 'You do not have enough credit']);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
