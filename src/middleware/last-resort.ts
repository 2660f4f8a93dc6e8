import type { ServerResponse } from 'node:http';
import { reportFailure } from '../integrations/report.js';

const BODY = '500 Internal Server Error\n';
const HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Content-Length': String(Buffer.byteLength(BODY)),
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Writes a bare `500 Internal Server Error` in plain text when errata's own response could not be built or
 * written (a forged errata error with an invalid status, a catalogue that throws): the framework's fallback
 * would otherwise answer, and Express's shows the stack outside `NODE_ENV=production`. Every header set so far
 * is removed, as Koa's onerror does, since none of them is known to be safe.
 */
export function writeLastResort(res: ServerResponse, method: string | undefined, failure: unknown): void {
  reportFailure('error response', failure);
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(500, HEADERS);
    res.end(method === 'HEAD' ? undefined : BODY);
  } catch {
    // Nothing can be written any more: close the connection rather than leave the client waiting.
    res.destroy();
  }
}
