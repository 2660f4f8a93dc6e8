// What errata answers where Koa's own onerror would: the shared expectations of the ported Koa suites.
import { Duplex, Readable, Writable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import { expect } from 'vitest';
import { catalog, type Catalog } from '../../../src/index.js';
import type { Reply } from './koa-transport.js';

/**
 * errata's default body for `status` in production (NODE_ENV=test is production): JSON, the documented title and
 * description from the catalogue, and `message` only when the error exposed its own.
 */
export function errataJson(status: number, message?: string): string {
  const entry = (catalog as Catalog)[status];
  if (entry === undefined) throw new Error(`no catalogue entry for ${status}`);
  return JSON.stringify({ status, error: entry.message, message: message ?? entry.message, description: entry.description, retryable: entry.retryable });
}

/** The reply is errata's production JSON error response for `status`, whole: status, framing, the headers errata always sends, body. */
export function expectErrataJson(reply: Reply, status: number, message?: string): void {
  const body = errataJson(status, message);
  expect(reply.status).toBe(status);
  expect(reply.text).toBe(body);
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  expect(reply.headers['cache-control']).toBe('no-store');
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.complete).toBe(true);
}

/**
 * Koa's test-helpers/context.js: a context over fake request and response streams, for tests that call
 * `ctx.onerror` directly instead of going through a request.
 */
export function fakeContext(app: Koa): Koa.Context {
  const socket = new Duplex();
  const req = Object.assign({ headers: {}, socket }, Readable.prototype) as unknown as IncomingMessage;
  const headers: Record<string, unknown> = {};
  const res = Object.assign({ _headers: headers, socket }, Writable.prototype, {
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  }) as unknown as ServerResponse;
  Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
  return app.createContext(req, res);
}
