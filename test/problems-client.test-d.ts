import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { FromResponseOptions, ResponseProblem } from '../src/client/from-response.js';
import { defineProblem, errorFromResponse, Forbidden, HttpError, NotFound } from '../src/index.js';

const OutOfCredit = defineProblem({
  type: 'https://api.example.com/problems/out-of-credit',
  status: 403,
  title: 'You do not have enough credit',
  description: 'Top up, then try again.',
  code: 'OUT_OF_CREDIT',
  members: z.object({ balance: z.number(), accounts: z.array(z.string()) }),
});
const AccountLocked = defineProblem({
  type: 'https://api.example.com/problems/account-locked',
  status: 403,
  title: 'Your account is locked',
  description: 'Wait.',
  members: v.object({ unlocksAt: v.string() }),
});
const Paused = defineProblem({ type: 'https://api.example.com/problems/paused', status: 429, title: 'Paused', description: 'D' });

type OutOfCreditError = InstanceType<typeof OutOfCredit>;
type AccountLockedError = InstanceType<typeof AccountLocked>;
type PausedError = InstanceType<typeof Paused>;

declare const response: Response;

describe('fromResponse with problems: types', () => {
  it('returns the given problems\' instances or an HttpError', async () => {
    const error = await HttpError.fromResponse(response, { problems: [OutOfCredit, AccountLocked, Paused] });
    expectTypeOf(error).toEqualTypeOf<HttpError | OutOfCreditError | AccountLockedError | PausedError>();
    const same = await errorFromResponse(response, { problems: [OutOfCredit, AccountLocked, Paused] });
    expectTypeOf(same).toEqualTypeOf<HttpError | OutOfCreditError | AccountLockedError | PausedError>();
  });

  it('narrows with instanceof to the typed members of each schema library', async () => {
    const error = await HttpError.fromResponse(response, { problems: [OutOfCredit, AccountLocked, Paused] });
    if (error instanceof OutOfCredit) {
      expectTypeOf(error.members).toEqualTypeOf<{ balance: number; accounts: string[] }>();
      expectTypeOf(error.members.balance).toBeNumber();
      expectTypeOf(error.status).toEqualTypeOf<403>();
      expectTypeOf(error.type).toBeString();
    }
    if (error instanceof AccountLocked) expectTypeOf(error.members.unlocksAt).toBeString();
    if (error instanceof Paused) expectTypeOf(error.members).toBeUndefined();
    // Problems are instances of their status class: code that handles a 403 still does.
    if (error instanceof OutOfCredit) expectTypeOf(error).toMatchTypeOf<Forbidden>();
  });

  it('has no members before narrowing', async () => {
    const error = await errorFromResponse(response, { problems: [OutOfCredit] });
    // @ts-expect-error an HttpError (another body) has no members
    void error.members;
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
  });

  it('returns HttpError without problems, as before', async () => {
    expectTypeOf(await HttpError.fromResponse(response)).toEqualTypeOf<HttpError>();
    expectTypeOf(await errorFromResponse(response)).toEqualTypeOf<HttpError>();
    expectTypeOf(await errorFromResponse(response, {})).toEqualTypeOf<HttpError>();
    expectTypeOf(await errorFromResponse(response, { problems: [] })).toEqualTypeOf<HttpError>();
  });

  it('accepts only classes defineProblem made', () => {
    // @ts-expect-error a status class is not a problem
    void HttpError.fromResponse(response, { problems: [NotFound] });
    // @ts-expect-error problems is a list
    void errorFromResponse(response, { problems: OutOfCredit });
    const problems: readonly ResponseProblem[] = [OutOfCredit, AccountLocked, Paused];
    void errorFromResponse(response, { problems });
  });

  it('a list kept apart keeps its element types', async () => {
    const options: FromResponseOptions<typeof OutOfCredit | typeof Paused> = { problems: [OutOfCredit, Paused] };
    expectTypeOf(await HttpError.fromResponse(response, options)).toEqualTypeOf<HttpError | OutOfCreditError | PausedError>();
    const problems = [OutOfCredit, AccountLocked] as const;
    expectTypeOf(await errorFromResponse(response, { problems })).toEqualTypeOf<HttpError | OutOfCreditError | AccountLockedError>();
  });
});
