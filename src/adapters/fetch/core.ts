import { reportFailure } from '../../integrations/report.js';
import { createHandlerCore, pathOf, type AdapterRequest } from '../../middleware/core.js';
import { LAST_RESORT_BODY, LAST_RESORT_HEADERS } from '../../middleware/last-resort.js';
import { prepareErrorResponse } from '../../middleware/node-response.js';
import type { ErrorHandlerOptions } from '../../middleware/options.js';
import { recordOnGlobalSpan } from './trace.js';

/**
 * The bare plain-text 500 of errata's Node entries for when errata's own response cannot be built: a forged error
 * with an invalid status, a catalogue that throws.
 */
function lastResort(method: string | undefined, failure: unknown): Response {
  reportFailure('error response', failure);
  return new Response(method === 'HEAD' ? null : LAST_RESORT_BODY, { status: 500, headers: LAST_RESORT_HEADERS });
}

/** NODE_ENV where there is a `process` (Node, Bun, Deno); elsewhere (edge runtimes) unset, which is production. */
function nodeEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV;
}

/**
 * The request facts of a Fetch API `Request`. `Accept-Language` and `traceparent` are read only when asked for
 * (with `catalogs`; without a usable `X-Request-Id`): each `get` of a `Headers` lower-cases and checks the name.
 */
class FetchRequestFacts implements AdapterRequest {
  readonly accept: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly requestIdHeader: string | undefined;
  readonly frameworkRequestId: unknown;
  readonly #headers: Headers | undefined;

  constructor(request: Request | undefined, path: string | undefined, frameworkRequestId: unknown) {
    const headers = request?.headers;
    this.#headers = headers;
    this.accept = headers?.get('accept') ?? undefined;
    this.method = request?.method;
    this.path = path ?? pathOf(request?.url);
    this.requestIdHeader = headers?.get('x-request-id') ?? undefined;
    this.frameworkRequestId = frameworkRequestId;
  }

  get acceptLanguage(): string | undefined {
    return this.#headers?.get('accept-language') ?? undefined;
  }

  get traceparentHeader(): string | undefined {
    return this.#headers?.get('traceparent') ?? undefined;
  }
}

/** The request facts of a Fetch API `Request` (none without one: the response is errata's default JSON). */
export function factsOf(request: Request | undefined, path?: string, frameworkRequestId?: unknown): AdapterRequest {
  return new FetchRequestFacts(request, path, frameworkRequestId);
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

/** Whether a `Headers` holds no header. */
export function isEmptyHeaders(headers: Headers): boolean {
  let empty = true;
  headers.forEach(() => {
    empty = false;
  });
  return empty;
}

/** Whether a header value starts or ends with a space or a tab, which `Headers` would strip. */
function hasOuterWhitespace(value: string): boolean {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09;
}

/** How one set of header names (in the renderer's order) is listed by `Headers`: lower-cased, sorted, deduplicated. */
interface HeaderLayout {
  names: readonly string[];
  /** Per listed name, its lower-cased form and the index in `names` of the spelling whose value it takes (the last). */
  listed: readonly (readonly [string, number])[];
}

// The renderer writes the same names in the same order for most responses: their layouts are kept, a few at a time.
const MAX_LAYOUTS = 16;
const layouts: HeaderLayout[] = [];

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function layoutOf(names: readonly string[]): HeaderLayout | undefined {
  for (const layout of layouts) if (sameNames(layout.names, names)) return layout;
  const last = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const lower = (names[i] as string).toLowerCase();
    // A record cannot hold this name as a header: such a response is built as before.
    if (lower === '__proto__') return undefined;
    last.set(lower, i);
  }
  const listed = [...last.keys()].sort().map((lower) => [lower, last.get(lower) as number] as const);
  const layout = { names, listed };
  if (layouts.length >= MAX_LAYOUTS) layouts.shift();
  layouts.push(layout);
  return layout;
}

/**
 * The rendered headers as `new Headers(headers)` would list them (lower-case names, sorted, a later spelling of a
 * name replacing an earlier one), in a plain record: the same response on every runtime, and @hono/node-server
 * writes a record straight to Node's response, where a `Headers` is copied, sorted and copied again.
 * `undefined` when a value has whitespace `Headers` would strip, or a name a record cannot hold (`__proto__`):
 * such a rare response goes through `Headers.set` as before.
 */
function asHeadersRecord(headers: Record<string, string>): Record<string, string> | undefined {
  const names = Object.keys(headers);
  const layout = layoutOf(names);
  if (layout === undefined) return undefined;
  const record: Record<string, string> = {};
  for (const [lower, index] of layout.listed) {
    const value = headers[names[index] as string] as string;
    if (hasOuterWhitespace(value)) return undefined;
    record[lower] = value;
  }
  return record;
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
        // Nothing earlier to drop or merge: the rendered headers as they are, listed as `Headers` would list them.
        const record = isEmptyHeaders(earlier) ? asHeadersRecord(headers) : undefined;
        if (record !== undefined) out = record;
        else {
          prepareErrorResponse(nodeView(earlier), headers);
          out = new Headers(earlier);
          for (const name of Object.keys(headers)) out.set(name, headers[name] as string);
        }
      }
      // HEAD: no body, and the Content-Length GET would have.
      return new Response(facts.method === 'HEAD' ? null : body, { status, headers: out });
    } catch (failure) {
      return lastResort(facts.method, failure);
    }
  };
}
