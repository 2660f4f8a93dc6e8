import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineProblem, Forbidden, HttpError, type ProblemClass, type TooManyRequests } from '../src/index.js';

const OutOfCredit = defineProblem({
  type: 'https://api.example.com/problems/out-of-credit',
  status: 403,
  title: 'You do not have enough credit',
  description: 'Top up, then try again.',
  members: z.object({ balance: z.number(), accounts: z.array(z.string()), note: z.string().optional() }),
});
const Locked = defineProblem({
  type: 'https://api.example.com/problems/account-locked',
  status: 423,
  title: 'Locked',
  description: 'Wait.',
  members: v.object({ unlocksAt: v.string() }),
});
const Tagged = defineProblem({ type: 'https://api.example.com/problems/tagged', status: 400, title: 'T', description: 'D', members: type({ 'tag?': 'string' }) });
const Paused = defineProblem({ type: 'https://api.example.com/problems/paused', status: 429, title: 'Paused', description: 'D' });

describe('defineProblem types', () => {
  it('requires the members the schema requires, with their types', () => {
    new OutOfCredit({ balance: 30, accounts: [] });
    new OutOfCredit({ balance: 30, accounts: [], note: 'x' }, { message: 'm', retryAfter: 5 });
    // @ts-expect-error balance is required
    new OutOfCredit({ accounts: [] });
    // @ts-expect-error balance is a number
    new OutOfCredit({ balance: '30', accounts: [] });
    // @ts-expect-error members are required
    new OutOfCredit();
    new Locked({ unlocksAt: '2026-12-02T05:00:00Z' });
    // @ts-expect-error unlocksAt is required (valibot)
    new Locked({});
  });

  it('makes members optional when the schema requires none, and absent when there is no schema', () => {
    new Tagged();
    new Tagged({ tag: 'x' });
    // @ts-expect-error tag is a string (arktype)
    new Tagged({ tag: 1 });
    new Paused();
    new Paused({ retryAfter: 60, limit: 10, remaining: 0 });
    // @ts-expect-error a problem without a schema takes options only
    new Paused({ balance: 1 }, {});
  });

  it('does not let an occurrence change what the definition fixes', () => {
    // @ts-expect-error the description is the definition's
    new OutOfCredit({ balance: 1, accounts: [] }, { description: 'x' });
    // @ts-expect-error the code is the definition's
    new Paused({ code: 'X' });
  });

  it('types instances as the status class with typed members', () => {
    const error = new OutOfCredit({ balance: 30, accounts: [] });
    expectTypeOf(error.status).toEqualTypeOf<403>();
    expectTypeOf(error).toExtend<Forbidden>();
    expectTypeOf(error).toExtend<HttpError<403>>();
    expectTypeOf(error.members.balance).toEqualTypeOf<number>();
    expectTypeOf(error.type).toEqualTypeOf<string>();
    expectTypeOf(new Paused()).toExtend<TooManyRequests>();
    expectTypeOf(Locked).toExtend<ProblemClass<423, { unlocksAt: string }>>();
    expectTypeOf(OutOfCredit.status).toEqualTypeOf<403>();
  });

  it('narrows a caught error with instanceof', () => {
    const caught: unknown = new OutOfCredit({ balance: 1, accounts: [] });
    if (caught instanceof OutOfCredit) expectTypeOf(caught.members.accounts).toEqualTypeOf<string[]>();
  });

  it('types the definition\'s example by its members schema', () => {
    defineProblem({ type: 'https://x.example/p/e', status: 403, title: 'T', description: 'D', members: z.object({ balance: z.number() }), example: { balance: 1 } });
    // @ts-expect-error the example's balance must be a number
    defineProblem({ type: 'https://x.example/p/e', status: 403, title: 'T', description: 'D', members: z.object({ balance: z.number() }), example: { balance: '1' } });
  });

  it('refuses a status outside the documented error statuses', () => {
    // @ts-expect-error 200 is not an error status
    defineProblem({ type: 'https://x.example/p', status: 200, title: 'T', description: 'D' });
  });
});
