// The application problems the problem tests share: one per schema library (zod, valibot, arktype), two of one
// status (403, told apart by type and code), one 5xx whose members production hides.
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { defineProblem } from '../../src/index.js';

export const OutOfCredit = defineProblem({
  type: 'https://api.example.com/problems/out-of-credit',
  status: 403,
  title: 'You do not have enough credit',
  description: 'Your balance is lower than the cost of this request. Top up your account, then try again.',
  code: 'OUT_OF_CREDIT',
  members: z.object({ balance: z.number(), accounts: z.array(z.string()) }),
});

export const AccountLocked = defineProblem({
  type: 'https://api.example.com/problems/account-locked',
  status: 403,
  title: 'Your account is locked',
  description: 'Too many failed sign-ins. The account unlocks by itself at the time given.',
  code: 'ACCOUNT_LOCKED',
  members: v.object({ unlocksAt: v.string(), attempts: v.optional(v.number()) }),
});

export const Maintenance = defineProblem({
  type: 'https://api.example.com/problems/maintenance',
  status: 503,
  title: 'Down for maintenance',
  description: 'The service is being upgraded. It will be back shortly.',
  members: type({ window: 'string' }),
});
