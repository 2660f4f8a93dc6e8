import type { ServerResponse } from 'node:http';
import { ownsRateLimitHeaders, RATE_LIMIT_HEADER_NAMES } from '../rate-limit/policies.js';

// Headers describing a success body that must not stay on an error response (as finalhandler does).
export const STALE_HEADERS = ['Content-Encoding', 'Content-Language', 'Content-Range', 'Content-Disposition', 'ETag', 'Last-Modified'];

/**
 * Framing and hop-by-hop headers (RFC 9110 §7.6.1, RFC 9112 §6): a route's copy describes a message that is not the
 * one errata writes. `Transfer-Encoding` beside errata's `Content-Length` makes clients reject the response
 * (RFC 9112 §6.2), and a `Trailer` makes Node throw. `Upgrade` is dropped too: only a 426 asks for one, through
 * the error's own headers.
 */
export const FRAMING_HEADERS = [
  'Transfer-Encoding', 'Content-Length', 'Connection', 'Keep-Alive', 'TE', 'Trailer', 'Upgrade', 'Host', 'Proxy-Connection', 'Expect',
];

const DROPPED = new Set([...STALE_HEADERS, ...FRAMING_HEADERS].map((name) => name.toLowerCase()));

type WritableResponse = Pick<ServerResponse, 'getHeaderNames' | 'removeHeader' | 'getHeader'> & { statusMessage?: string };

/**
 * Readies a Node response that a route may have started to shape for errata's error response: drops the
 * {@link STALE_HEADERS} and {@link FRAMING_HEADERS}, forgets a reason phrase set earlier (`409 Created` otherwise),
 * and merges a `Vary` set earlier (by CORS middleware, say) into the error's own, so caches keep keying on both.
 * When the rendered headers hold errata's rate-limit set (a 429, or an error stating its rate limits), a
 * limiter's rate-limit headers of every form, and its Retry-After, are dropped too: the response carries one set, in
 * the configured form, and a Retry-After that agrees with the body (errata's own, or none).
 * One `getHeaderNames()` instead of a `removeHeader` per name, each of which validates and lower-cases it.
 */
export function prepareErrorResponse(res: WritableResponse, headers: Record<string, string>): void {
  const names = res.getHeaderNames();
  // Asked only when a route set headers: usually none are, and the answer is a WeakSet lookup per error.
  const ownRateLimit = names.length > 0 && ownsRateLimitHeaders(headers);
  for (const name of names) {
    if (DROPPED.has(name) || (ownRateLimit && (RATE_LIMIT_HEADER_NAMES.has(name) || name === 'retry-after'))) res.removeHeader(name);
    else if (name === 'vary') {
      const merged = mergeVary(res.getHeader('vary'), headers.Vary);
      if (merged !== undefined) headers.Vary = merged;
    }
  }
  // Node answers an empty reason phrase with the standard one for the status. HTTP/2 has none (Node warns when one
  // is read or set on its compatibility response).
  if (!('stream' in res) && res.statusMessage) res.statusMessage = '';
}

/** `Vary` values joined without repeats (case-insensitively), `*` absorbing the rest. */
export function mergeVary(existing: unknown, own: string | undefined): string | undefined {
  const fields: string[] = [];
  const seen = new Set<string>();
  const add = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) add(item);
    else if (typeof value === 'string') {
      for (const field of value.split(',')) {
        const name = field.trim();
        if (name === '' || seen.has(name.toLowerCase())) continue;
        seen.add(name.toLowerCase());
        fields.push(name);
      }
    }
  };
  add(existing);
  add(own);
  if (seen.has('*')) return '*';
  return fields.length > 0 ? fields.join(', ') : undefined;
}

// RFC 9113 §7 INTERNAL_ERROR (node:http2's NGHTTP2_INTERNAL_ERROR), written out so HTTP/1-only servers never load http2.
const HTTP2_INTERNAL_ERROR = 2;

/** The stream under a response of Node's HTTP/2 compatibility API. */
export interface Http2StreamLike {
  destroyed: boolean;
  close: (code: number) => void;
}

/** The stream under a response of Node's HTTP/2 compatibility API; HTTP/1's ServerResponse has none. */
export function http2StreamOf(res: object): Http2StreamLike | undefined {
  const stream = (res as { stream?: unknown }).stream;
  return typeof stream === 'object' && stream !== null ? (stream as Http2StreamLike) : undefined;
}

/**
 * Cuts a response that cannot be finished, so the client sees it incomplete. HTTP/1 loses the connection (the
 * framing cannot be trusted after a partial body): what the route wrote in this tick is still corked in the socket
 * (Node uncorks on the next tick), so it is flushed first and the client receives the status and the partial body
 * rather than a bare reset, and nothing written after can make the body look complete. An HTTP/2 stream is reset
 * with INTERNAL_ERROR (a reset with NO_ERROR would read as a complete body); the session's other streams go on.
 */
export function cutResponse(res: Pick<ServerResponse, 'socket' | 'destroy'>): void {
  const stream = http2StreamOf(res);
  if (stream) {
    if (!stream.destroyed) stream.close(HTTP2_INTERNAL_ERROR);
    return;
  }
  const socket = res.socket;
  if (socket) while (socket.writableCorked > 0) socket.uncork();
  res.destroy();
}
