import { reportFailure } from '../../integrations/report.js';
import { createHandlerCore, pathOf, type AdapterRequest } from '../../middleware/core.js';
import { prepareErrorResponse } from '../../middleware/node-response.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';
import { recordOnGlobalSpan } from './trace.js';

const LAST_RESORT_BODY = '500 Internal Server Error\n';

/**
 * The bare plain-text 500 of errata's Node entries (src/middleware/last-resort.ts) for when errata's own response
 * cannot be built: a forged error with an invalid status, a catalogue that throws.
 */
function lastResort(method: string | undefined, failure: unknown): Response {
  reportFailure('error response', failure);
  return new Response(method === 'HEAD' ? null : LAST_RESORT_BODY, {
    status: 500,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(LAST_RESORT_BODY.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** NODE_ENV where there is a `process` (Node, Bun, Deno); elsewhere (edge runtimes) unset, which is production. */
function nodeEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV;
}

/** The request facts of a Fetch API `Request` (none without one: the response is errata's default JSON). */
export function factsOf(request: Request | undefined, path?: string, frameworkRequestId?: unknown): AdapterRequest {
  const headers = request?.headers;
  return {
    accept: headers?.get('accept') ?? undefined,
    acceptLanguage: headers?.get('accept-language') ?? undefined,
    method: request?.method,
    path: path ?? pathOf(request?.url),
    requestIdHeader: headers?.get('x-request-id') ?? undefined,
    traceparentHeader: headers?.get('traceparent') ?? undefined,
    frameworkRequestId,
  };
}

/** A `Headers` seen as the part of Node's response that `prepareErrorResponse` reads and edits. */
function nodeView(headers: Headers) {
  return {
    getHeaderNames: () => {
      const names: string[] = [];
      headers.forEach((_value, name) => names.push(name));
      return names;
    },
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name) ?? undefined,
  };
}

/**
 * The Fetch API core, shared by errata/fetch and errata/hono: what was thrown becomes a `Response`. `earlier`
 * holds headers a framework had already set for this request (Hono's `c.header`): those describing a success body,
 * framing and a limiter's rate-limit set are dropped and a `Vary` is merged, as on Node's response; the rest stay.
 */
export function createFetchCore<R>(options: ErrorHandlerOptions<R>) {
  // Decided here, not in the renderer (which reads `process.env`), so that a runtime without `process` works.
  const production = options.production ?? nodeEnv() !== 'development';
  // A 5xx nobody asked to hear about still reaches stderr (console.error), as with errata/express.
  const handle = createHandlerCore({ ...options, production }, { logServerErrorsByDefault: true, traceError: recordOnGlobalSpan });

  return function respond(thrown: unknown, request: R, facts: AdapterRequest, earlier?: Headers): Response {
    const { response } = handle(thrown, request, facts);
    try {
      const { status, headers, body } = response();
      let out: Headers | Record<string, string> = headers;
      if (earlier) {
        prepareErrorResponse(nodeView(earlier), headers);
        out = new Headers(earlier);
        for (const name of Object.keys(headers)) out.set(name, headers[name] as string);
      }
      // HEAD: no body, and the Content-Length GET would have.
      return new Response(facts.method === 'HEAD' ? null : body, { status, headers: out });
    } catch (failure) {
      return lastResort(facts.method, failure);
    }
  };
}
