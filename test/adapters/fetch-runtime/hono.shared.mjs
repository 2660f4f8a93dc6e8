// errata/hono's tests on the BUILT entry: Hono served by @hono/node-server on Node, Bun.serve on Bun, Deno.serve on Deno.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { catchNonErrors, createErrorHandler, createNotFound, errorHandler, notFound } from '../../../dist/hono.js';
import { NotFound } from '../../../dist/index.js';
import { assertEqual, headersOf, serve } from './harness.mjs';

const D401 = 'The authorization information provided by the client is incorrect or invalid.';
const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const D503 = 'The server is not ready to handle the request. Common causes are a server that is down for maintenance or that is overloaded.';

/** Serves `app` for the length of `body`, which gets a `get(path, init)` over the real socket. */
async function withApp(app, body) {
  const server = await serve(app.fetch);
  try {
    await body((path, init) => fetch(`${server.url}${path}`, init));
  } finally {
    await server.close();
  }
}

export const tests = [
  {
    name: 'app.onError(errorHandler) answers a thrown errata error with its documented JSON',
    run: async () => {
      const app = new Hono();
      app.get('/users/:id', () => {
        throw new NotFound('User 7 does not exist', { code: 'USER_NOT_FOUND' });
      });
      app.onError(errorHandler);
      await withApp(app, async (get) => {
        const response = await get('/users/7');
        assertEqual([response.status, response.headers.get('content-type'), response.headers.get('cache-control')], [404, 'application/json; charset=utf-8', 'no-store'], 'head');
        assertEqual(await response.json(), { status: 404, error: 'Not Found', message: 'User 7 does not exist', description: D404, retryable: false, code: 'USER_NOT_FOUND' }, 'body');
      });
    },
  },
  {
    name: "an HTTPException keeps its status and message, and onError sees it as the original",
    run: async () => {
      const seen = [];
      const app = new Hono();
      app.get('/me', () => {
        throw new HTTPException(401, { message: 'Token expired' });
      });
      app.onError(createErrorHandler({ onError: (error, context) => void seen.push([error.status, error.cause === context.original, context.original instanceof HTTPException]) }));
      await withApp(app, async (get) => {
        const response = await get('/me', { headers: { accept: 'text/plain' } });
        assertEqual(response.status, 401, 'status');
        assertEqual(await response.text(), `401 Unauthorized\n\nToken expired\n${D401}\n`, 'body');
      });
      assertEqual(seen, [[401, true, true]], 'onError');
    },
  },
  {
    name: "an HTTPException's 5xx message is hidden in production, as errata's own are",
    run: async () => {
      const app = new Hono();
      app.get('/db', () => {
        throw new HTTPException(503, { message: 'pool exhausted at db-7' });
      });
      app.onError(createErrorHandler({ production: true, logger: false }));
      await withApp(app, async (get) => {
        const response = await get('/db');
        assertEqual(await response.json(), { status: 503, error: 'Service Unavailable', message: 'Service Unavailable', description: D503, retryable: true }, 'body');
      });
    },
  },
  {
    name: 'an HTTPException made with its own res is answered with that response, and still reported',
    run: async () => {
      const seen = [];
      const app = new Hono();
      app.get('/login', () => {
        throw new HTTPException(401, { res: new Response('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="app"' } }) });
      });
      app.onError(createErrorHandler({ onError: (error) => void seen.push(error.status) }));
      await withApp(app, async (get) => {
        const response = await get('/login');
        assertEqual([response.status, response.headers.get('www-authenticate'), await response.text()], [401, 'Basic realm="app"', 'Unauthorized'], 'response');
      });
      assertEqual(seen, [401], 'reported');
    },
  },
  {
    name: 'app.notFound(notFound) names the method and path, never the query string',
    run: async () => {
      const app = new Hono();
      app.get('/', (c) => c.text('home'));
      app.notFound(notFound);
      app.onError(errorHandler);
      await withApp(app, async (get) => {
        const response = await get('/nope?token=secret');
        assertEqual(response.status, 404, 'status');
        assertEqual((await response.json()).message, 'Cannot GET /nope', 'message');
        assertEqual(await (await get('/')).text(), 'home', 'routes still answer');
      });
    },
  },
  {
    name: 'HEAD of a failing GET route gets the headers and no body',
    run: async () => {
      const app = new Hono();
      app.get('/missing', () => {
        throw new NotFound();
      });
      app.onError(errorHandler);
      await withApp(app, async (get) => {
        const getResponse = await get('/missing');
        const head = await get('/missing', { method: 'HEAD' });
        assertEqual([head.status, head.headers.get('content-length'), await head.text()], [404, getResponse.headers.get('content-length'), ''], 'head');
      });
    },
  },
  {
    name: 'headers set with c.header() before the error: success-body ones go, CORS and cookies stay, Vary is merged',
    run: async () => {
      const app = new Hono();
      app.get('/file', (c) => {
        c.header('ETag', '"v1"');
        c.header('Content-Encoding', 'gzip');
        c.header('Access-Control-Allow-Origin', 'https://app.test');
        c.header('Vary', 'Origin');
        c.header('Set-Cookie', 'seen=1; Path=/');
        throw new NotFound();
      });
      app.onError(errorHandler);
      await withApp(app, async (get) => {
        const headers = headersOf(await get('/file'));
        assertEqual(
          [headers.etag, headers['content-encoding'], headers['access-control-allow-origin'], headers.vary, headers['set-cookie'], headers['content-type']],
          [undefined, undefined, 'https://app.test', 'Origin, Accept', 'seen=1; Path=/', 'application/json; charset=utf-8'],
          'headers',
        );
      });
    },
  },
  {
    name: "hono's cors() middleware still adds its headers to the error response",
    run: async () => {
      const app = new Hono();
      app.use(cors({ origin: 'https://app.test' }));
      app.get('/boom', () => {
        throw new NotFound();
      });
      app.onError(errorHandler);
      await withApp(app, async (get) => {
        const response = await get('/boom', { headers: { origin: 'https://app.test' } });
        assertEqual([response.status, response.headers.get('access-control-allow-origin')], [404, 'https://app.test'], 'cors');
      });
    },
  },
  {
    name: "hono's requestId() middleware id is echoed when the request has no X-Request-Id",
    run: async () => {
      const app = new Hono();
      app.use(requestId({ generator: () => 'hono-id-1' }));
      app.get('/missing', () => {
        throw new NotFound();
      });
      app.onError(errorHandler);
      app.notFound(createNotFound());
      await withApp(app, async (get) => {
        const response = await get('/missing');
        assertEqual([response.headers.get('x-request-id'), (await response.json()).requestId], ['hono-id-1', 'hono-id-1'], 'framework id');
        const unmatched = await get('/nope');
        assertEqual([unmatched.status, (await unmatched.json()).requestId], [404, 'hono-id-1'], 'not found id');
      });
    },
  },
  {
    name: 'an unknown error is a 500 with the status text; the 5xx goes to the console by default',
    run: async () => {
      const lines = [];
      const original = console.error;
      const app = new Hono();
      app.get('/boom', () => {
        throw new Error('password=hunter2');
      });
      app.onError(errorHandler);
      console.error = (...args) => lines.push(args.join(' '));
      try {
        await withApp(app, async (get) => {
          const response = await get('/boom');
          assertEqual([response.status, (await response.json()).message], [500, 'Internal Server Error'], 'response');
        });
      } finally {
        console.error = original;
      }
      assertEqual(lines.filter((line) => line.startsWith('errata: 500 on GET /boom\nError: password=hunter2')).length, 1, 'logged');
    },
  },
  {
    name: 'a thrown non-Error, which Hono never hands to onError, is answered by catchNonErrors',
    run: async () => {
      const app = new Hono();
      app.use(catchNonErrors);
      app.get('/string', () => {
        throw 'a string';
      });
      app.onError(errorHandler);
      const original = console.error;
      console.error = () => undefined;
      try {
        await withApp(app, async (get) => {
          const response = await get('/string');
          assertEqual([response.status, response.headers.get('content-type'), (await response.json()).message], [500, 'application/json; charset=utf-8', 'Internal Server Error'], 'response');
        });
      } finally {
        console.error = original;
      }
    },
  },
];
