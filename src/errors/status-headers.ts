import { formatRetryAfter, normalizeRetryAfter, parseHttpDate, type RetryAfter } from '../retry/retry-after.js';
import type { HttpErrorOptions, StatusOptions } from './options.js';

type AnyStatusOptions = HttpErrorOptions & Partial<StatusOptions[keyof StatusOptions]> & {
  allow?: readonly string[];
  challenge?: string | readonly string[];
  size?: number;
  upgrade?: string;
  limit?: number;
  remaining?: number;
  reset?: number;
};

function list(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join(', ');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Finds a header in a record regardless of case. */
export function findHeader(headers: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  if (!headers) return undefined;
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** The headers an error implies (its own, Retry-After, and those its status requires), and its retry hint. */
export function statusHeaders(status: number, options: AnyStatusOptions): { headers: Record<string, string | number>; retryAfter: RetryAfter | undefined } {
  const headers: Record<string, string | number> = options.headers ? { ...options.headers } : {};
  let retryAfter = normalizeRetryAfter(options.retryAfter);

  switch (status) {
    case 401:
    case 407:
      if (options.challenge !== undefined) headers[status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'] = list(options.challenge);
      break;
    case 405:
      if (options.allow !== undefined) headers.Allow = list(options.allow);
      break;
    case 416:
      if (isCount(options.size)) headers['Content-Range'] = `bytes */${Math.floor(options.size)}`;
      break;
    case 426:
      if (options.upgrade !== undefined) headers.Upgrade = options.upgrade;
      break;
    case 429:
      if (isCount(options.limit)) headers['RateLimit-Limit'] = Math.floor(options.limit);
      if (isCount(options.remaining)) headers['RateLimit-Remaining'] = Math.floor(options.remaining);
      if (isCount(options.reset)) {
        headers['RateLimit-Reset'] = Math.ceil(options.reset);
        retryAfter ??= Math.ceil(options.reset);
      }
      break;
  }

  if (retryAfter !== undefined) {
    for (const key in headers) if (key.toLowerCase() === 'retry-after') delete headers[key];
    headers['Retry-After'] = formatRetryAfter(retryAfter);
  } else {
    // A Retry-After given as a raw header (http-errors, ctx.throw) still counts as the error's hint.
    const raw = findHeader(headers, 'retry-after');
    if (typeof raw === 'number') retryAfter = normalizeRetryAfter(raw);
    else if (typeof raw === 'string') {
      if (/^\s*\d+\s*$/.test(raw)) retryAfter = Number(raw);
      else {
        const time = parseHttpDate(raw);
        if (time !== undefined) retryAfter = new Date(time);
      }
    }
  }
  return { headers, retryAfter };
}
