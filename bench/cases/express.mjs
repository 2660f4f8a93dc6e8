import express from 'express';
import { NOT_FOUND_JSON, NOT_FOUND_LENGTH, CASE_URL, notFoundBody } from './bodies.mjs';

// Express 5 cases: `GET /items/42` answered with a 404. Each `create` returns a Node request listener.
const JSON_TYPE = 'application/json; charset=utf-8';

function app(route, ...after) {
  const instance = express();
  instance.get('/items/:id', route);
  for (const middleware of after) instance.use(middleware);
  return instance;
}

export const expressCases = {
  'express-manual': {
    label: 'Express: the route writes status, headers and `JSON.stringify(body)` by hand (no error path)',
    framework: 'express',
    create: () =>
      app((_req, res) => {
        const body = JSON.stringify(notFoundBody());
        res.statusCode = 404;
        res.setHeader('Content-Type', JSON_TYPE);
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
      }),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'express-bare-error': {
    label: 'Express, bare error path: the route throws `{ status: 404 }` (no stack), a 4-argument middleware writes by hand',
    framework: 'express',
    create: () =>
      app(
        () => {
          throw { status: 404 };
        },
        // Four parameters, as Express recognises error middleware by its arity.
        (err, _req, res, _next) => {
          const body = JSON.stringify(notFoundBody());
          res.statusCode = err.status;
          res.setHeader('Content-Type', JSON_TYPE);
          res.setHeader('Content-Length', Buffer.byteLength(body));
          res.end(body);
        },
      ),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'express-floor': {
    label: 'Express floor: `res.status(404).json({...})`',
    framework: 'express',
    create: () => app((_req, res) => res.status(404).json(notFoundBody())),
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE, 'content-length': NOT_FOUND_LENGTH }, body: NOT_FOUND_JSON },
  },
  'express-http-errors': {
    label: '`throw createError(404)` (http-errors) + a minimal JSON handler',
    framework: 'express',
    create: async () => {
      const { default: createError } = await import('http-errors');
      return app(
        () => {
          throw createError(404);
        },
        (err, _req, res, _next) => res.status(err.status).json({ status: err.status, error: err.message }),
      );
    },
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE }, body: '{"status":404,"error":"Not Found"}' },
  },
  'express-boom': {
    label: '`throw Boom.notFound()` + a minimal JSON handler',
    framework: 'express',
    create: async () => {
      const Boom = await import('@hapi/boom');
      return app(
        () => {
          throw Boom.notFound();
        },
        (err, _req, res, _next) => res.status(err.output.statusCode).set(err.output.headers).json(err.output.payload),
      );
    },
    url: CASE_URL,
    expect: { status: 404, headers: { 'content-type': JSON_TYPE }, body: '{"statusCode":404,"error":"Not Found","message":"Not Found"}' },
  },
  'express-finalhandler': {
    label: "`throw createError(404)`, Express's own finalhandler (HTML)",
    framework: 'express',
    create: async () => {
      const { default: createError } = await import('http-errors');
      return app(() => {
        throw createError(404);
      });
    },
    url: CASE_URL,
    expect: {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' },
      body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Not Found</pre>\n</body>\n</html>\n',
    },
  },
};
