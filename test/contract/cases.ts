import Boom from '@hapi/boom';
import createHttpError from 'http-errors';
import { MethodNotAllowed, NotFound, ServiceUnavailable, TooManyRequests } from '../../src/index.js';
import { Maintenance, OutOfCredit } from '../support/problems.js';
import type { FrameworkName, RouteAction, Routes } from './frameworks.js';

/** The clock every contract request runs at, so a `Date` retry hint has an exact number of seconds. */
export const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MAINTENANCE_END = new Date(NOW + 120_000);

/** What one response must contain; the body of each format is derived from it (see expected.ts). */
export interface Expectation {
  status: number;
  /** The documented message, which is also the JSON `error` and the problem `title`. */
  title: string;
  /** The error's own message; `{method}` and `{path}` stand for the request's. Hidden in production when not exposed. */
  message?: string;
  /** Default: status < 500. */
  exposed?: boolean;
  description: string;
  retryable: boolean;
  retryAfter?: number;
  code?: string;
  details?: unknown;
  /** Headers the error implies (Retry-After, Allow), besides those every error response carries. */
  headers?: Readonly<Record<string, string>>;
  /** Whether development mode shows a stack trace (only errors with frames have one). */
  stack: boolean;
  /** An application problem's type and title (defineProblem); its members are `details`. */
  problem?: { type: string; title: string };
}

export interface ContractCase {
  name: string;
  /** The route; without one the request is unmatched. */
  action?: RouteAction;
  /** A POST body; other cases are GET (and HEAD). */
  body?: string;
  expect: Expectation;
  /** Where a framework really behaves differently; the comment on the case says why. */
  on?: Partial<Record<FrameworkName, Partial<Expectation>>>;
}

const D400 = 'Invalid request. Modify the request directly and do not attempt to retry it.';
const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const D405 = 'The request contains a method that is not supported by the resource. Modify the request directly and do not attempt to retry it.';
const D413 =
  'The server refused the request because the request was too large. The server may close the connection to prevent the client from continuously sending the request. If the server is only temporarily unable to process the request, a response message with Retry-After will be included.';
const D429 =
  'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.';
const D500 = 'The server has encountered a situation it does not know how to handle.';
const D503 = 'The server is not ready to handle the request. Common causes are a server that is down for maintenance or that is overloaded.';

// errata's own 4xx capture a stack only with NODE_ENV=development (vitest runs with NODE_ENV=test); foreign errors
// (http-errors, Boom, body parsers) bring their own.
const CLIENT_STACKS = process.env.NODE_ENV === 'development';
const notFound: Expectation = { status: 404, title: 'Not Found', description: D404, retryable: false, stack: CLIENT_STACKS };
const tooMany: Expectation = { status: 429, title: 'Too Many Requests', description: D429, retryable: true, stack: CLIENT_STACKS };
const internal: Expectation = { status: 500, title: 'Internal Server Error', description: D500, retryable: false, stack: false };

/** A 2 kB JSON body: twice the 1 kB limit both apps' parsers are given. */
export const LARGE_JSON = JSON.stringify({ data: 'x'.repeat(2048 - 11) });
export const MALFORMED_JSON = '{"name": nope}';
const PARSE_MESSAGE = (() => {
  try {
    JSON.parse(MALFORMED_JSON);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('MALFORMED_JSON parsed');
})();
/** JavaScriptCore's message for the same SyntaxError, as a Fetch handler on Bun exposes it. */
const BUN_PARSE_MESSAGE = 'JSON Parse error: Unexpected identifier "nope"';


export const cases: readonly ContractCase[] = [
  { name: 'throw new NotFound()', action: { throws: () => new NotFound() }, expect: notFound },
  {
    name: 'a NotFound with message, code and details',
    action: { throws: () => new NotFound('User 42 does not exist', { code: 'USER_NOT_FOUND', details: { id: '42' } }) },
    expect: { ...notFound, message: 'User 42 does not exist', code: 'USER_NOT_FOUND', details: { id: '42' } },
  },
  {
    name: 'an application problem (defineProblem) with members',
    action: { throws: () => new OutOfCredit({ balance: 30, accounts: ['/account/12345'] }) },
    expect: {
      status: 403,
      title: 'Forbidden',
      problem: { type: OutOfCredit.problem.type, title: OutOfCredit.problem.title },
      description: OutOfCredit.problem.description,
      retryable: false,
      code: 'OUT_OF_CREDIT',
      details: { balance: 30, accounts: ['/account/12345'] },
      stack: CLIENT_STACKS,
    },
  },
  {
    name: 'a 5xx application problem: members and message hidden in production',
    action: { throws: () => new Maintenance({ window: 'db7 restore' }, { message: 'db7 is restoring from backup', retryAfter: 60 }) },
    expect: {
      status: 503,
      title: 'Service Unavailable',
      problem: { type: Maintenance.problem.type, title: Maintenance.problem.title },
      message: 'db7 is restoring from backup',
      description: Maintenance.problem.description,
      retryable: true,
      retryAfter: 60,
      details: { window: 'db7 restore' },
      headers: { 'retry-after': '60' },
      stack: true,
    },
  },
  { name: 'next(new NotFound()) / ctx.throw(new NotFound())', action: { passes: () => new NotFound() }, expect: notFound },
  { name: 'next(createError(404)) from http-errors', action: { passes: () => createHttpError(404) }, expect: { ...notFound, stack: true } },
  {
    name: "ctx.throw(429, { headers: { 'Retry-After': '5' } })",
    action: { ctxThrow: [429, { headers: { 'Retry-After': '5' } }] },
    expect: { ...tooMany, retryAfter: 5, headers: { 'Retry-After': '5' }, stack: true },
  },
  { name: 'throw Boom.tooManyRequests()', action: { throws: () => Boom.tooManyRequests() }, expect: { ...tooMany, stack: true } },
  {
    name: 'TooManyRequests with retryAfter 30',
    action: { throws: () => new TooManyRequests({ retryAfter: 30 }) },
    expect: { ...tooMany, retryAfter: 30, headers: { 'Retry-After': '30' } },
  },
  {
    name: 'an async route rejecting with a 503 until a Date',
    action: { rejects: () => new ServiceUnavailable('Down for maintenance', { retryAfter: MAINTENANCE_END }) },
    expect: {
      status: 503,
      title: 'Service Unavailable',
      message: 'Down for maintenance',
      description: D503,
      retryable: true,
      retryAfter: 120,
      headers: { 'Retry-After': MAINTENANCE_END.toUTCString() },
      stack: true,
    },
  },
  {
    name: 'a 405 with allow',
    action: { throws: () => new MethodNotAllowed({ allow: ['GET', 'HEAD'] }) },
    expect: { status: 405, title: 'Method Not Allowed', description: D405, retryable: false, headers: { Allow: 'GET, HEAD' }, stack: CLIENT_STACKS },
  },
  { name: 'an unmatched route', expect: { ...notFound, message: 'Cannot {method} {path}' } },
  {
    name: 'a 2 kB JSON body over a 1 kB limit',
    action: { parsesJson: true },
    body: LARGE_JSON,
    expect: { status: 413, title: 'Request Entity Too Large', message: 'request entity too large', description: D413, retryable: false, stack: true },
    // Fastify's own error for it (FST_ERR_CTP_BODY_TOO_LARGE) keeps its message and code.
    on: {
      'Fastify 5': { message: 'Request body is too large', code: 'FST_ERR_CTP_BODY_TOO_LARGE' },
      // Nest turns Fastify's error into `new HttpException(err.message, err.statusCode)`: the message stays, the code is gone.
      'Nest 11 (Fastify)': { message: 'Request body is too large' },
      'Fastify 4': { message: 'Request body is too large', code: 'FST_ERR_CTP_BODY_TOO_LARGE' },
      'Nest 12 (Fastify)': { message: 'Request body is too large' },
      // Hono's bodyLimit, told to throw an HTTPException (its default answers a plain 413 itself), and a bare Fetch
      // handler's own PayloadTooLarge: errata errors, which capture a stack only with NODE_ENV=development.
      'Hono (Node)': { message: 'Payload Too Large', stack: CLIENT_STACKS },
      'Hono (Bun)': { message: 'Payload Too Large', stack: CLIENT_STACKS },
      'Fetch (Node)': { stack: CLIENT_STACKS },
      'Fetch (Bun)': { stack: CLIENT_STACKS },
      'Fetch (Deno)': { stack: CLIENT_STACKS },
    },
  },
  {
    name: 'a malformed JSON body',
    action: { parsesJson: true },
    body: MALFORMED_JSON,
    expect: { status: 400, title: 'Bad Request', message: PARSE_MESSAGE, description: D400, retryable: false, stack: true },
    // co-body marks its SyntaxError `status = 400` but not `expose`: Koa itself would answer the status text only.
    on: {
      'Koa 2': { exposed: false },
      'Koa 3': { exposed: false },
      // Fastify's own error for it (FST_ERR_CTP_INVALID_JSON_BODY) keeps its message and code.
      'Fastify 5': { message: "Body is not valid JSON but content-type is set to 'application/json'", code: 'FST_ERR_CTP_INVALID_JSON_BODY' },
      // Nest turns Fastify's error into an HttpException with its message and status, without the code.
      'Nest 11 (Fastify)': { message: "Body is not valid JSON but content-type is set to 'application/json'" },
      // Fastify 4's JSON parser hands on secure-json-parse's bare SyntaxError with statusCode 400: no code, no expose,
      // and no stack frames (the parser turns stack capture off).
      'Fastify 4': { exposed: false, stack: false },
      'Nest 12 (Fastify)': { message: "Body is not valid JSON but content-type is set to 'application/json'" },
      // Hono's validator('json') throws HTTPException(400) with its own message; a bare Fetch handler throws BadRequest.
      'Hono (Node)': { message: 'Malformed JSON in request body', stack: CLIENT_STACKS },
      'Hono (Bun)': { message: 'Malformed JSON in request body', stack: CLIENT_STACKS },
      'Fetch (Node)': { stack: CLIENT_STACKS },
      // The message is the runtime's own SyntaxError: Bun's JavaScriptCore words it differently from V8 (Node, Deno).
      'Fetch (Bun)': { message: BUN_PARSE_MESSAGE, stack: CLIENT_STACKS },
      'Fetch (Deno)': { stack: CLIENT_STACKS },
    },
  },
  { name: "throw 'a string'", action: { throws: () => 'a string' }, expect: internal },
  {
    name: 'throw new Error(secret)',
    action: { throws: () => new Error('password=hunter2') },
    // The original's stack (development only) is the one place its message appears.
    expect: { ...internal, stack: true },
  },
  {
    name: 'throw null',
    action: { throws: () => null },
    expect: internal,
    // Express's router reads a falsy thrown value as "no error" (`next(null)`): routing goes on to notFound.
    on: {
      'Express 4': { ...notFound, message: 'Cannot {method} {path}' },
      'Express 5': { ...notFound, message: 'Cannot {method} {path}' },
    },
  },
  {
    name: 'Promise.reject(undefined)',
    action: { rejects: () => undefined },
    expect: internal,
    on: {
      // An Express 4 route hands its rejection to next() itself, and next(undefined) means "no error".
      'Express 4': { ...notFound, message: 'Cannot {method} {path}' },
      // Express 5 turns a falsy rejection into `new Error('Rejected promise')`, whose stack shows in development.
      'Express 5': { stack: true },
    },
  },
];

/** The path of a case's route (unmatched cases get `/nope`). */
export function pathOf(index: number): string {
  return cases[index]?.action ? `/case/${index}` : '/nope';
}

/** Each case's route by its path; a Bun or Deno server process builds the same map from the same table. */
export function routesOf(table: readonly ContractCase[]): Routes {
  const routes = new Map<string, RouteAction>();
  table.forEach((contractCase, index) => {
    if (contractCase.action) routes.set(pathOf(index), contractCase.action);
  });
  return routes;
}

/** A case's expectation on one framework. */
export function expectationFor(contractCase: ContractCase, framework: FrameworkName): Expectation {
  const override = contractCase.on?.[framework];
  return override ? { ...contractCase.expect, ...override } : contractCase.expect;
}
