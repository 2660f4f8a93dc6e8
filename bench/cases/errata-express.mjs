import express from 'express';
import { NotFound, TooManyRequests } from '#errata';
import { createErrorHandler } from '#errata/express';
import { NOT_FOUND_JSON, CASE_URL } from './bodies.mjs';

// errata on Express 5, with the handler's defaults: production or not follows NODE_ENV, as for users.
const ERRATA_HEADERS = { 'cache-control': 'no-store', vary: 'Accept', 'x-content-type-options': 'nosniff' };

function errataApp(route, options) {
  const instance = express();
  instance.get('/items/:id', route);
  instance.use(createErrorHandler(options));
  return instance;
}

function throwNotFound() {
  throw new NotFound();
}

/** Checks a JSON body field by field; `stack` must be present when `withStack` (development). */
function jsonBodyCheck(expected, withStack) {
  return (text) => {
    const { stack, ...rest } = JSON.parse(text);
    if (JSON.stringify(rest) !== JSON.stringify(expected)) return `body ${text.slice(0, 300)}, expected ${JSON.stringify(expected)}`;
    if (withStack !== (typeof stack === 'string' && stack.includes('\n    at '))) return `body stack ${JSON.stringify(stack)}, expected ${withStack ? 'a stack' : 'none'}`;
    return undefined;
  };
}

const notFound = JSON.parse(NOT_FOUND_JSON);

export const errataExpressCases = {
  'errata-express': {
    label: 'errata: `throw new NotFound()`, production',
    framework: 'express',
    create: () => errataApp(throwNotFound),
    url: CASE_URL,
    expect: { status: 404, headers: { ...ERRATA_HEADERS, 'content-type': 'application/json; charset=utf-8', etag: undefined }, body: NOT_FOUND_JSON },
  },
  'errata-express-dev': {
    label: 'errata: `throw new NotFound()`, development (stack captured and sent)',
    framework: 'express',
    create: () => errataApp(throwNotFound),
    url: CASE_URL,
    expect: { status: 404, headers: { ...ERRATA_HEADERS, 'content-type': 'application/json; charset=utf-8' }, body: jsonBodyCheck(notFound, true) },
  },
  'errata-express-429': {
    label: 'errata: `throw new TooManyRequests({ retryAfter: 30 })`, production',
    framework: 'express',
    create: () =>
      errataApp(() => {
        throw new TooManyRequests({ retryAfter: 30 });
      }),
    url: CASE_URL,
    expect: {
      status: 429,
      headers: { ...ERRATA_HEADERS, 'retry-after': '30', 'content-type': 'application/json; charset=utf-8' },
      body: (text) => {
        const body = JSON.parse(text);
        return body.status === 429 && body.retryable === true && body.retryAfter === 30 && body.error === 'Too Many Requests'
          ? undefined
          : `429 body ${text}`;
      },
    },
  },
  'errata-express-500': {
    label: "errata: `throw new Error('db down')`, production (a 500 that hides the message)",
    framework: 'express',
    create: () =>
      errataApp(() => {
        throw new Error('db down');
      }),
    url: CASE_URL,
    expect: {
      status: 500,
      headers: { ...ERRATA_HEADERS, 'content-type': 'application/json; charset=utf-8' },
      body: (text) => {
        const body = JSON.parse(text);
        if (text.includes('db down') || 'stack' in body) return `500 body leaks: ${text}`;
        return body.status === 500 && body.error === 'Internal Server Error' ? undefined : `500 body ${text}`;
      },
    },
  },
  'errata-express-problem': {
    label: 'errata: `throw new NotFound()`, `Accept: application/problem+json`, production',
    framework: 'express',
    create: () => errataApp(throwNotFound),
    url: CASE_URL,
    headers: { accept: 'application/problem+json' },
    expect: {
      status: 404,
      headers: { ...ERRATA_HEADERS, 'content-type': 'application/problem+json; charset=utf-8' },
      body: (text) => {
        const body = JSON.parse(text);
        return body.type === 'about:blank' && body.title === 'Not Found' && body.status === 404 && body.instance === CASE_URL
          ? undefined
          : `problem body ${text}`;
      },
    },
  },
};
