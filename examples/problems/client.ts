// The client side of the problems example: it calls the API and reads each error back as the problem class the
// server threw, its members typed by the same schemas. Run the server first (npm run start:problems), then
// npm run example:problems:client (or BASE=http://host:port).
import { pathToFileURL } from 'node:url';
import { HttpError } from '../../src/index.js';
import { AccountLocked, OutOfCredit, problems } from './definitions.js';

async function post(base: string, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, base), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/problem+json' }, body: JSON.stringify(body) });
}

/** What the client makes of one error response: a sentence per problem, typed members included. */
export async function describeFailure(response: Response): Promise<string> {
  const error = await HttpError.fromResponse(response, { problems });
  if (error instanceof OutOfCredit) return `out of credit: ${error.members.cost} needed, ${error.members.balance} left; top up ${error.members.accounts.join(', ')}`;
  if (error instanceof AccountLocked) return `locked after ${error.members.attempts} attempts until ${error.members.unlocksAt}; retry in ${error.retryAfter} s`;
  return `${error.status} ${error.message}`;
}

/** Spends more than the balance, then signs in wrongly until the account locks; one line per answer. */
export async function run(base: string): Promise<string[]> {
  const lines: string[] = [];
  const order = await post(base, '/orders', { cost: 50 });
  lines.push(order.ok ? 'ordered' : await describeFailure(order));
  const invalid = await post(base, '/orders', { cost: -1 });
  lines.push(invalid.ok ? 'ordered' : await describeFailure(invalid));
  for (let attempt = 1; attempt <= 4; attempt++) {
    const signIn = await post(base, '/sessions', { user: 'ada', password: 'wrong' });
    lines.push(signIn.ok ? 'signed in' : await describeFailure(signIn));
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await run(process.env.BASE ?? 'http://localhost:3000')) console.log(line);
}
