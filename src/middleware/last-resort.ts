import type { ServerResponse } from 'node:http';
import { reportFailure } from '../integrations/report.js';

/**
 * The body of errata's bare 500, in ASCII (its length is its byte length). Shared with errata/fetch, which is why
 * this module uses no Node global at load time.
 *
 * @example
 * new Response(LAST_RESORT_BODY, { status: 500, headers: LAST_RESORT_HEADERS });
 */
export const LAST_RESORT_BODY = '500 Internal Server Error\n';

/**
 * The headers of errata's bare 500.
 *
 * @example
 * res.writeHead(500, LAST_RESORT_HEADERS);
 */
export const LAST_RESORT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Content-Length': String(LAST_RESORT_BODY.length),
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
    res.writeHead(500, LAST_RESORT_HEADERS);
    res.end(method === 'HEAD' ? undefined : LAST_RESORT_BODY);
  } catch {
    // Nothing can be written any more: close the connection rather than leave the client waiting.
    res.destroy();
  }
}
