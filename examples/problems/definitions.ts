// The API's application problems, defined once and imported by the server (to throw them), its OpenAPI document,
// its docs pages and the client (to read them back typed). Each `type` URI is served by the server itself at
// /problems/<name>, so dereferencing it gives the problem's documentation (RFC 9457 §3.1.1).
import * as v from 'valibot';
import { z } from 'zod';
import { defineProblem } from '../../src/index.js';

/** Where the problem types live; the server serves their pages under this path. */
export const PROBLEM_TYPE_BASE = 'https://api.example.com/problems/';

/** 403: the order costs more than the account's balance. Members defined with zod. */
export const OutOfCredit = defineProblem({
  type: `${PROBLEM_TYPE_BASE}out-of-credit`,
  status: 403,
  title: 'You do not have enough credit',
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  code: 'OUT_OF_CREDIT',
  members: z.object({
    balance: z.number().describe('The balance, in credits.'),
    cost: z.number().describe('What the request costs, in credits.'),
    accounts: z.array(z.string()).describe('Accounts that can be topped up.'),
  }),
  example: { balance: 30, cost: 50, accounts: ['/accounts/12345'] },
});

/** 423: too many failed sign-ins. Members defined with valibot. */
export const AccountLocked = defineProblem({
  type: `${PROBLEM_TYPE_BASE}account-locked`,
  status: 423,
  title: 'Your account is locked',
  description: 'Too many failed sign-ins. The account unlocks by itself at the time given; until then, every sign-in is refused.',
  code: 'ACCOUNT_LOCKED',
  retryable: true,
  members: v.object({ unlocksAt: v.string(), attempts: v.number() }),
  // valibot has no JSON Schema of its own: @valibot/to-json-schema would make this; written out here.
  membersJsonSchema: {
    type: 'object',
    properties: { unlocksAt: { type: 'string', format: 'date-time', description: 'When the lock ends.' }, attempts: { type: 'integer', description: 'Failed sign-ins in a row.' } },
    required: ['unlocksAt', 'attempts'],
  },
  example: { unlocksAt: '2026-12-02T05:00:00.000Z', attempts: 3 },
});

/** Every problem the API answers with, for OpenAPI, the docs pages and the client. */
export const problems = [OutOfCredit, AccountLocked] as const;
