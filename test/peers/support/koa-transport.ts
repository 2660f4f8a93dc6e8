// Shared by the ported Koa suites (test/peers/koa-*.test.ts): the Koa versions, errata first on every app, and one
// client that speaks HTTP/1.1 or HTTP/2 (Node's http2 compatibility API, cleartext) through a real socket.
import { createRequire } from 'node:module';
import { createServer as createHttp1Server, request as http1Request, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { connect as http2Connect, constants as http2Constants, createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Koa2 from 'koa2';
import { errorHandler } from '../../../src/adapters/koa/index.js';

export type KoaClass = typeof Koa;

/** Each Koa major the suites run on, with the major as a number for the few tests that apply to one only. */
export const KOA_VERSIONS: ReadonlyArray<readonly [name: string, Koa: KoaClass, major: 2 | 3]> = [
  ['Koa 2', Koa2, 2],
  ['Koa 3', Koa, 3],
];

export type Transport = 'HTTP/1.1' | 'HTTP/2';
export const TRANSPORTS: readonly Transport[] = ['HTTP/1.1', 'HTTP/2'];

/**
 * `ERRATA_PEERS_BASELINE=1` runs the suites on Koa alone: every test that passes as-is must pass there too (that
 * is what makes it a faithful port), and only the "by design" ones may fail. Never set in CI.
 */
export const BASELINE = process.env.ERRATA_PEERS_BASELINE === '1';

/**
 * A new Koa app with errata's handler first (the README's order), as every ported request test starts. Silent:
 * Koa's default 'error' listener would print each 5xx these tests provoke; what is answered does not change.
 */
export function koaApp(KoaClass: KoaClass, handler: Koa.Middleware = errorHandler): Koa {
  const app = new KoaClass();
  app.silent = true;
  if (!BASELINE) app.use(handler);
  return app;
}

/** What the client saw. Header names are lower-case; repeated ones are joined with ", ". */
export interface Reply {
  status: number;
  /** HTTP/1.1 only: the reason phrase (HTTP/2 has none). */
  statusMessage: string | undefined;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  /** The response ended normally (HTTP/1.1: the message was complete; HTTP/2: the stream ended with NO_ERROR). */
  complete: boolean;
  /** HTTP/2 only: the RST_STREAM code the stream closed with (`NGHTTP2_NO_ERROR` when it ended normally). */
  resetCode: number | undefined;
}

export interface ExchangeOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Abort the request when the first body bytes arrive (a client going away mid-response). */
  abortOnData?: boolean;
  /** How long the server stays up after the reply (so an abort can reach it) before it is closed. */
  afterAbortMs?: number;
  /** A response that neither ends nor breaks within this long rejects: a hang fails rather than stalls. */
  timeoutMs?: number;
}

function headerRecord(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name.startsWith(':')) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function startHttp1(listener: RequestListener) {
  const server = createHttp1Server(listener);
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function startHttp2(listener: RequestListener) {
  // Koa's callback takes the compatibility API's request and response as it takes HTTP/1's.
  const server = createHttp2Server(listener as unknown as Parameters<typeof createHttp2Server>[0]);
  const sessions = new Set<import('node:http2').ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A server for `listener` on 127.0.0.1 over `transport`: its base URL and how to stop it. */
export async function serve(listener: RequestListener, transport: Transport): Promise<{ url: string; close: () => Promise<void> }> {
  const { server, close } = transport === 'HTTP/2' ? startHttp2(listener) : startHttp1(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close };
}

function http1Exchange(url: string, options: ExchangeOptions, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http1Request(new URL(options.path ?? '/', url), { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage, headers: headerRecord(res.headers), body, text: body.toString('utf8'), complete: res.complete, resetCode: undefined });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (options.abortOnData) {
          req.destroy();
          finish();
        }
      });
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`HTTP/1.1 ${options.method ?? 'GET'} ${options.path ?? '/'}: no complete or broken response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

function http2Exchange(url: string, options: ExchangeOptions, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(url);
    // A session-level failure (the server destroying the session) surfaces through the stream's close below.
    session.on('error', () => {});
    const stream = session.request({ ':method': options.method ?? 'GET', ':path': options.path ?? '/', ...options.headers });
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, string> = {};
    let ended = false;
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`HTTP/2 ${options.method ?? 'GET'} ${options.path ?? '/'}: no complete or broken response within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on('response', (responseHeaders) => {
      status = Number(responseHeaders[':status']);
      headers = headerRecord(responseHeaders);
    });
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.abortOnData) stream.close(http2Constants.NGHTTP2_CANCEL);
    });
    stream.on('end', () => (ended = true));
    // A reset with an error code also emits 'error'; what the client saw is read on 'close'.
    stream.on('error', () => {});
    stream.on('close', () => {
      clearTimeout(timer);
      const resetCode = stream.rstCode;
      session.close();
      if (status === 0 && !options.abortOnData) {
        reject(new Error(`HTTP/2 ${options.method ?? 'GET'} ${options.path ?? '/'}: the stream closed without a response (code ${String(resetCode)})`));
        return;
      }
      const body = Buffer.concat(chunks);
      resolve({ status, statusMessage: undefined, headers, body, text: body.toString('utf8'), complete: ended && resetCode === http2Constants.NGHTTP2_NO_ERROR, resetCode });
    });
    stream.end();
  });
}

/** One request to `listener` on a server of its own over `transport`; the server is closed afterwards. */
export async function exchange(listener: RequestListener, transport: Transport, options: ExchangeOptions = {}): Promise<Reply> {
  const { url, close } = await serve(listener, transport);
  try {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const reply = transport === 'HTTP/2' ? await http2Exchange(url, options, timeoutMs) : await http1Exchange(url, options, timeoutMs);
    if (options.afterAbortMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.afterAbortMs));
    return reply;
  } finally {
    await close();
  }
}

/** The `statuses` module the given Koa major reads reason phrases from (Koa 2 and 3 ship different majors of it). */
export function koaStatuses(major: 2 | 3): { message?: Record<number, string | undefined> } & Record<number, string | undefined> {
  const requireFromKoa = createRequire(createRequire(import.meta.url).resolve(major === 2 ? 'koa2/package.json' : 'koa/package.json'));
  return requireFromKoa('statuses');
}
