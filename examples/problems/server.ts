// An API with two application problems: it throws them, documents them in its OpenAPI document, and serves a
// page for each at its type URI's path. Run: npm run start:problems, then
//   curl -i -X POST localhost:3000/orders -H 'Content-Type: application/json' -d '{"cost":50}'
//   curl localhost:3000/problems/out-of-credit        (the problem's documentation page; JSON index at /problems/)
//   curl localhost:3000/openapi.json
//   npm run example:problems:client                    (reads the problems back, typed)
import express, { type Express } from 'express';
import { openApiResponses, parseWith } from '../../src/index.js';
import { createErrorHandler, notFound, problemDocs } from '../../src/adapters/express/index.js';
import { z } from 'zod';
import { serveIfMain } from '../shared.js';
import { AccountLocked, OutOfCredit, PROBLEM_TYPE_BASE, problems } from './definitions.js';

const LOCK_AFTER = 3;
const LOCK_SECONDS = 15 * 60;
const Order = z.object({ cost: z.number().int().positive() });
const SignIn = z.object({ user: z.string(), password: z.string() });
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The OpenAPI 3.1 document: each operation refers to the problems it can answer with. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Orders', version: '1.0.0' },
    paths: {
      '/orders': { post: { operationId: 'createOrder', responses: { 201: { description: 'The order.' }, 403: ref('OutOfCredit'), 422: ref('UnprocessableEntity') } } },
      '/sessions': { post: { operationId: 'signIn', responses: { 201: { description: 'Signed in.' }, 401: ref('Unauthorized'), 423: ref('AccountLocked') } } },
    },
    components: { responses: openApiResponses([401, 422, 404, ...problems], { problemTypeBase: PROBLEM_TYPE_BASE }) },
  };
}

export function createApp(): Express {
  let balance = 30;
  const failures = new Map<string, number>();
  const app = express();
  const document = JSON.stringify(openApiDocument());

  // GET /problems/ (the index) and /problems/<name> (a page per problem, and per catalogue status used above).
  app.use(problemDocs(problems, { statuses: [401, 404, 422], problemTypeBase: PROBLEM_TYPE_BASE }));
  app.get('/openapi.json', (_req, res) => void res.type('application/json').send(document));

  app.post('/orders', express.json(), async (req, res) => {
    const { cost } = await parseWith(Order, req.body); // a 422 with field details when invalid
    if (cost > balance) throw new OutOfCredit({ balance, cost, accounts: ['/accounts/12345'] });
    balance -= cost;
    res.status(201).json({ cost, balance });
  });

  app.post('/sessions', express.json(), async (req, res) => {
    const { user, password } = await parseWith(SignIn, req.body);
    const attempts = failures.get(user) ?? 0;
    if (attempts >= LOCK_AFTER) {
      throw new AccountLocked({ unlocksAt: new Date(Date.now() + LOCK_SECONDS * 1000).toISOString(), attempts }, { retryAfter: LOCK_SECONDS });
    }
    if (password !== 'correct horse') {
      failures.set(user, attempts + 1);
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ signedIn: false });
      return;
    }
    failures.delete(user);
    res.status(201).json({ signedIn: true });
  });

  app.use(notFound);
  app.use(createErrorHandler({ problemTypeBase: PROBLEM_TYPE_BASE }));
  return app;
}

serveIfMain(import.meta.url, 'Problems', createApp, 3000, (base) =>
  [
    `curl -i -X POST -H 'Content-Type: application/json' -H 'Accept: application/problem+json' -d '{"cost":50}' ${base}/orders`,
    `curl -s ${base}/problems/ | head -c 400; echo`,
    `curl -s -H 'Accept: text/html' ${base}/problems/out-of-credit | head -c 400; echo`,
    `curl -s ${base}/openapi.json | head -c 400; echo`,
    `BASE=${base} npm run example:problems:client`,
  ].join('\n'),
);
