// errata/node on plain node:http and node:http2 (compatibility API) servers, through real sockets.
import { connect, constants, createServer as createHttp2Server, type ClientHttp2Session, type Http2Server, type Http2ServerResponse } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createErrorHandler, handleError, type NodeErrorHandler, type NodeRequest, type NodeResponse } from '../../src/adapters/node/index.js';
import { NotFound, TooManyRequests } from '../../src/index.js';
import { listen, rawRequest, readResponse, type TestServer } from '../contract/server.js';

const D404 = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const D500 = 'The server has encountered a situation it does not know how to handle.';

type Route = (req: NodeRequest, res: NodeResponse) => void | Promise<void>;

/** A request listener that runs the route and hands anything it throws or rejects with to `onError`. */
function listener(routes: Record<string, Route>, onError: NodeErrorHandler = handleError) {
  return (req: NodeRequest, res: NodeResponse) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    const run = async () => {
      if (!route) throw new NotFound(`Cannot ${req.method} ${req.url}`);
      await route(req, res);
    };
    run().catch((error: unknown) => onError(error, req, res));
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function http1(routes: Record<string, Route>, onError?: NodeErrorHandler): Promise<string> {
  server = await listen(listener(routes, onError) as (req: IncomingMessage, res: ServerResponse) => void);
  return server.url;
}

/** Every errata line written to stderr or console.error while `run` goes on. */
async function stderrLines(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('errata:')) {
      lines.push(String(chunk));
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  // The default 5xx log goes through console.error, which vitest may intercept before it reaches stderr.
  const consoleSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('errata:')) lines.push(line);
    else write(`${line}\n`);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
    consoleSpy.mockRestore();
  }
  return lines;
}

describe('errata/node on node:http', () => {
  it('handleError answers an errata error with its documented JSON and headers', async () => {
    const url = await http1({ '/users/7': () => Promise.reject(new NotFound('User 7 does not exist')) });
    const res = await request(url).get('/users/7?token=secret');
    const body = JSON.stringify({ status: 404, error: 'Not Found', message: 'User 7 does not exist', description: D404, retryable: false });
    expect(res.status).toBe(404);
    expect(res.text).toBe(body);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      vary: 'Accept',
      'x-content-type-options': 'nosniff',
    });
  });

  it('negotiates the body from Accept and names the path without the query string', async () => {
    const url = await http1({}, createErrorHandler({ problemTypeBase: 'https://errata.test/errors/' }));
    const res = await request(url).get('/nope?token=secret').set('Accept', 'application/problem+json');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual({
      type: 'https://errata.test/errors/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nope?token=secret',
      instance: '/nope',
      description: D404,
      retryable: false,
    });
  });

  it('answers HEAD with the headers GET gets and no body', async () => {
    const url = await http1({ '/missing': () => Promise.reject(new NotFound()) });
    const get = await request(url).get('/missing');
    const head = await rawRequest(url, ['HEAD /missing HTTP/1.1']);
    expect([head.status, head.after, head.headers['content-length']]).toEqual([404, '', get.headers['content-length']]);
  });

  it('drops success-body and framing headers set before the error, keeps CORS, merges Vary and resets the reason phrase', async () => {
    const url = await http1({
      '/file': (_req, res) => {
        const node = res as ServerResponse;
        node.setHeader('ETag', '"v1"');
        node.setHeader('Content-Encoding', 'gzip');
        node.setHeader('Transfer-Encoding', 'chunked');
        node.setHeader('Access-Control-Allow-Origin', 'https://app.test');
        node.setHeader('Vary', 'Origin');
        node.statusMessage = 'Created';
        throw new NotFound();
      },
    });
    const res = await rawRequest(url, ['GET /file HTTP/1.1']);
    expect(res.status).toBe(404);
    expect([res.headers.etag, res.headers['content-encoding'], res.headers['transfer-encoding']]).toEqual([undefined, undefined, undefined]);
    expect([res.headers['access-control-allow-origin'], res.headers.vary]).toEqual(['https://app.test', 'Origin, Accept']);
    const statusLine = await rawStatusLine(url, '/file');
    expect(statusLine).toBe('HTTP/1.1 404 Not Found');
  });

  it('cuts off a response whose headers were already sent, so the client sees it incomplete', async () => {
    const url = await http1({
      '/stream': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        (res as ServerResponse).write('partial ');
        throw new Error('source failed');
      },
    });
    const lines = await stderrLines(async () => {
      const result = await readResponse(url, '/stream');
      expect(result).toEqual({ status: 200, body: 'partial ', complete: false });
    });
    // Reported all the same.
    expect(lines.filter((line) => line.startsWith('errata: 500 on GET /stream'))).toHaveLength(1);
  });

  it('leaves a finished response whole', async () => {
    const url = await http1({
      '/done': (_req, res) => {
        res.end('done');
        throw new Error('after the end');
      },
    }, createErrorHandler({ logger: false }));
    const result = await readResponse(url, '/done');
    expect(result).toEqual({ status: 200, body: 'done', complete: true });
  });

  it('writes each 5xx with its stack to stderr by default, as errata/express does; logger: false turns it off', async () => {
    const routes = { '/boom': () => Promise.reject(new Error('disk full')), '/missing': () => Promise.reject(new NotFound()) };
    const logged = await stderrLines(async () => {
      await http1(routes);
      const res = await request(server!.url).get('/boom?secret=1').set('X-Request-Id', 'req-9');
      expect([res.status, JSON.parse(res.text).message]).toEqual([500, 'Internal Server Error']);
      await request(server!.url).get('/missing');
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^errata: 500 on GET \/boom \(request id req-9\)\nError: disk full\n\s+at /);
    await server!.close();
    server = undefined;
    const silent = await stderrLines(async () => {
      await http1(routes, createErrorHandler({ logger: false }));
      await request(server!.url).get('/boom');
    });
    expect(silent).toEqual([]);
  });

  it("echoes req.id (set by the app) when the request has no X-Request-Id, and onError gets node's req", async () => {
    const seen: unknown[] = [];
    const url = await http1(
      {
        '/missing': (req) => {
          (req as { id?: string }).id = 'node-id-3';
          throw new NotFound();
        },
      },
      createErrorHandler({ onError: (error, context) => void seen.push([error.status, context.requestId, (context.request as IncomingMessage).url]) }),
    );
    const res = await request(url).get('/missing');
    expect([res.headers['x-request-id'], JSON.parse(res.text).requestId]).toEqual(['node-id-3', 'node-id-3']);
    expect(seen).toEqual([[404, 'node-id-3', '/missing']]);
  });

  it('development (production: false) shows the stack; a retry hint becomes Retry-After', async () => {
    const url = await http1(
      { '/slow': () => Promise.reject(new TooManyRequests({ retryAfter: 30 })), '/boom': () => Promise.reject(new Error('x')) },
      createErrorHandler({ production: false, logger: false }),
    );
    const slow = await request(url).get('/slow');
    expect([slow.status, slow.headers['retry-after'], JSON.parse(slow.text).retryAfter]).toEqual([429, '30', 30]);
    expect(JSON.parse((await request(url).get('/boom')).text).stack).toMatch(/^Error: x\n\s+at /);
  });

  it('answers the bare plain-text 500 when the response cannot be built (a throwing catalogue)', async () => {
    const hostile = new Proxy({}, {
      get() {
        throw new Error('catalogue unavailable');
      },
    });
    const lines = await stderrLines(async () => {
      const url = await http1({ '/fail': () => Promise.reject(new NotFound()) }, createErrorHandler({ catalog: hostile as never }));
      const res = await request(url).get('/fail');
      expect([res.status, res.headers['content-type'], res.text]).toEqual([500, 'text/plain; charset=utf-8', '500 Internal Server Error\n']);
    });
    expect(lines.some((line) => line.startsWith('errata: error response failed: Error: catalogue unavailable'))).toBe(true);
  });
});

/** The status line of a GET, raw, to see the reason phrase. */
async function rawStatusLine(url: string, path: string): Promise<string> {
  const { connect: tcp } = await import('node:net');
  const { hostname, port } = new URL(url);
  const socket = tcp(Number(port), hostname);
  socket.end(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  let data = '';
  for await (const chunk of socket) data += String(chunk);
  return data.slice(0, data.indexOf('\r\n'));
}

describe('errata/node on node:http2 (compatibility API, h2c)', () => {
  let h2: Http2Server | undefined;
  let session: ClientHttp2Session | undefined;
  afterEach(async () => {
    session?.destroy();
    await new Promise<void>((resolve) => (h2 ? h2.close(() => resolve()) : resolve()));
    h2 = undefined;
    session = undefined;
  });

  async function start(routes: Record<string, Route>, onError?: NodeErrorHandler): Promise<ClientHttp2Session> {
    h2 = createHttp2Server(listener(routes, onError));
    await new Promise<void>((resolve) => h2!.listen(0, '127.0.0.1', resolve));
    session = connect(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    return session;
  }

  function exchange(client: ClientHttp2Session, path: string, method = 'GET') {
    return new Promise<{ headers: Record<string, unknown>; body: string; code: number }>((resolve, reject) => {
      const stream = client.request({ ':path': path, ':method': method, accept: 'text/plain' });
      let body = '';
      let headers: Record<string, unknown> = {};
      stream.setEncoding('utf8');
      stream.on('response', (h) => (headers = h));
      stream.on('data', (chunk: string) => (body += chunk));
      stream.on('close', () => resolve({ headers, body, code: stream.rstCode ?? 0 }));
      stream.on('error', () => undefined);
      setTimeout(() => reject(new Error('no answer')), 3000).unref();
      stream.end();
    });
  }

  it('answers an error with status, headers and the negotiated body', async () => {
    const client = await start({ '/missing': () => Promise.reject(new NotFound()) }, createErrorHandler({ logger: false }));
    const res = await exchange(client, '/missing');
    expect([res.headers[':status'], res.headers['content-type'], res.headers['cache-control'], res.body]).toEqual([
      404,
      'text/plain; charset=utf-8',
      'no-store',
      `404 Not Found\n\n${D404}\n`,
    ]);
  });

  it('answers HEAD with no body', async () => {
    const client = await start({ '/boom': () => Promise.reject(new Error('x')) }, createErrorHandler({ logger: false }));
    const res = await exchange(client, '/boom', 'HEAD');
    expect([res.headers[':status'], res.headers['content-length'], res.body]).toEqual([500, String(Buffer.byteLength(`500 Internal Server Error\n\n${D500}\n`)), '']);
  });

  it('resets a stream whose headers were already sent with INTERNAL_ERROR; the session goes on', async () => {
    const client = await start(
      {
        '/stream': (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          (res as Http2ServerResponse).write('partial ');
          throw new Error('source failed');
        },
        '/missing': () => Promise.reject(new NotFound()),
      },
      createErrorHandler({ logger: false }),
    );
    const cut = await exchange(client, '/stream');
    expect([cut.headers[':status'], cut.code]).toEqual([200, constants.NGHTTP2_INTERNAL_ERROR]);
    expect((await exchange(client, '/missing')).headers[':status']).toBe(404);
  });
});
