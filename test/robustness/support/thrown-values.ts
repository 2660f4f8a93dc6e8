import fc from 'fast-check';
import { createError } from '../../../src/errors/create-error.js';
import type { HttpErrorOptions } from '../../../src/errors/options.js';

/**
 * One generated thrown value. `marker` is a unique word placed in its message and details (when it has
 * any), so a test can look for it in the response; `exposedOnPurpose` is true when the value itself asks for
 * its message to be shown (`expose: true`), the one case where a 5xx may show it.
 */
export interface ThrownCase {
  kind: string;
  value: unknown;
  marker: string | undefined;
  exposedOnPurpose: boolean;
}

const markerArb = fc.stringMatching(/^[a-z]{12}$/).map((letters) => `mk${letters}`);

// Header names and values as an error might carry them: valid tokens, junk, CR/LF, non-ASCII, objects.
const headerNameArb = fc.oneof(
  fc.constantFrom('X-Trace', 'Set-Cookie', 'Retry-After', 'retry-after', 'Content-Type', 'X-Request-Id', 'Location', 'Vary'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/),
  fc.string({ maxLength: 12 }),
);
const headerValueArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 10 }).map((text) => `${text}\r\nX-Injected: 1`),
  fc.constantFrom('a\nb', 'a\rb', 'café', '\u2028', '5\r\nSet-Cookie: x=1', '120', 'Wed, 21 Oct 2015 07:28:00 GMT'),
  fc.integer(),
  fc.double(),
  fc.object({ maxDepth: 1 }),
  fc.constant(undefined),
  fc.constant(null),
);
const headersArb = fc.oneof(fc.dictionary(headerNameArb, headerValueArb, { maxKeys: 4 }), fc.anything({ maxDepth: 1 }));

const statusArb = fc.oneof(
  fc.integer({ min: 400, max: 599 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.constantFrom('500', '404', 'abc', 404n, null, undefined, true, Number.NaN, 599.5, 1e21),
  fc.anything({ maxDepth: 0 }),
);

/** Details a client may not be able to receive: cycles, BigInt, a throwing toJSON, frozen, huge. */
function detailsArb(marker: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.anything({ maxDepth: 2 }).map((data) => ({ marker, data })),
    fc.constant(null).map(() => {
      const cycle: Record<string, unknown> = { marker };
      cycle.self = cycle;
      return cycle;
    }),
    fc.bigInt().map((n) => ({ marker, n })),
    fc.constant(null).map(() => ({
      marker,
      toJSON() {
        throw new Error(`toJSON ${marker}`);
      },
    })),
    fc.constant(null).map(() => Object.freeze({ marker, list: Object.freeze([1, 2]) })),
    fc.integer({ min: 1, max: 200_000 }).map((n) => `${'d'.repeat(n)}${marker}`),
    fc.constant(Symbol(marker)),
  );
}

/** The http-errors / Koa vocabulary with fields of any type; the message carries the marker. */
function fieldsArb(marker: string) {
  return fc.record(
    {
      status: statusArb,
      statusCode: statusArb,
      headers: headersArb,
      expose: fc.oneof(fc.boolean(), fc.anything({ maxDepth: 0 })),
      details: detailsArb(marker),
      type: fc.constantFrom('entity.too.large', 'entity.parse.failed', 'constructor', 'toString', 'x'),
      code: fc.anything({ maxDepth: 0 }),
    },
    { requiredKeys: [] },
  );
}

function withMarker<T>(build: (marker: string) => fc.Arbitrary<T>): fc.Arbitrary<{ marker: string; built: T }> {
  return markerArb.chain((marker) => build(marker).map((built) => ({ marker, built })));
}

const anythingCase: fc.Arbitrary<ThrownCase> = fc
  .anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true })
  .map((value) => ({ kind: 'anything', value, marker: undefined, exposedOnPurpose: false }));

const errorWithFieldsCase = withMarker((marker) => fieldsArb(marker)).map(({ marker, built }) => ({
  kind: 'Error with fields',
  value: Object.assign(new Error(`boom ${marker}`), built),
  marker,
  exposedOnPurpose: built.expose === true,
}));

const plainFieldsCase = withMarker((marker) => fieldsArb(marker)).map(({ marker, built }) => ({
  kind: 'plain object with fields',
  value: { message: `boom ${marker}`, ...built },
  marker,
  exposedOnPurpose: built.expose === true,
}));

const errataCase = withMarker((marker) =>
  fc.record({
    status: fc.integer({ min: 400, max: 599 }),
    details: detailsArb(marker),
    headers: fc.dictionary(headerNameArb, headerValueArb, { maxKeys: 4 }),
    retryAfter: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double(), fc.date({ noInvalidDate: false }), fc.constant(undefined)),
    expose: fc.option(fc.boolean(), { nil: undefined }),
    code: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    frozen: fc.boolean(),
  }),
).map(({ marker, built: { status, frozen, ...options } }) => {
  const error = createError(status, `boom ${marker}`, options as HttpErrorOptions);
  return { kind: 'errata error', value: frozen ? Object.freeze(error) : error, marker, exposedOnPurpose: options.expose === true };
});

const throwingGettersCase = withMarker((marker) =>
  fc.record({
    throwing: fc.subarray(['status', 'statusCode', 'message', 'headers', 'expose', 'stack', 'details', 'type', 'isBoom', 'output', 'name', 'cause'], { minLength: 1 }),
    status: fc.integer({ min: 400, max: 599 }),
    asError: fc.boolean(),
  }).map((spec) => ({ marker, spec })),
).map(({ marker, built: { spec } }) => {
  const value: object = spec.asError ? new Error(`boom ${marker}`) : { message: `boom ${marker}` };
  // V8 formats an Error's stack lazily, reading `message`: format it before that getter starts throwing.
  void (value as { stack?: unknown }).stack;
  Object.defineProperty(value, 'status', { value: spec.status, configurable: true, enumerable: true });
  for (const name of spec.throwing) {
    Object.defineProperty(value, name, {
      configurable: true,
      enumerable: true,
      get() {
        throw new Error(`getter ${name} ${marker}`);
      },
    });
  }
  return { kind: 'throwing getters', value, marker, exposedOnPurpose: false };
});

type Trap = 'transparent' | 'get' | 'getConstant' | 'getPrototypeOf' | 'ownKeys' | 'has' | 'getOwnPropertyDescriptor' | 'revoked';

const proxyCase = withMarker((marker) =>
  fc.record({
    trap: fc.constantFrom<Trap>('transparent', 'get', 'getConstant', 'getPrototypeOf', 'ownKeys', 'has', 'getOwnPropertyDescriptor', 'revoked'),
    constant: fc.anything({ maxDepth: 1 }),
    fields: fieldsArb(marker),
    asError: fc.boolean(),
  }),
).map(({ marker, built: { trap, constant, fields, asError } }) => {
  const target: object = asError ? Object.assign(new Error(`boom ${marker}`), fields) : { message: `boom ${marker}`, ...fields };
  const fail = (): never => {
    throw new Error(`trap ${trap} ${marker}`);
  };
  const handlers: Record<Trap, ProxyHandler<object>> = {
    transparent: {},
    get: { get: fail },
    getConstant: { get: () => constant },
    getPrototypeOf: { getPrototypeOf: fail },
    ownKeys: { ownKeys: fail },
    has: { has: fail },
    getOwnPropertyDescriptor: { getOwnPropertyDescriptor: fail },
    revoked: {},
  };
  let value: object;
  if (trap === 'revoked') {
    const revocable = Proxy.revocable(target, {});
    revocable.revoke();
    value = revocable.proxy;
  } else value = new Proxy(target, handlers[trap]);
  // Only `get` traps and revocation change what a reader of the fields sees.
  const readable = trap !== 'get' && trap !== 'getConstant' && trap !== 'revoked';
  return { kind: `proxy (${trap})`, value, marker, exposedOnPurpose: readable && fields.expose === true };
});

const longStringCase = withMarker(() => fc.integer({ min: 10_000, max: 200_000 }).map((n) => ({ n, asError: n % 2 === 0 }))).map(
  ({ marker, built: { n, asError } }) => {
    const text = `${'x'.repeat(n)}${marker}`;
    return { kind: 'very long string', value: asError ? new Error(text) : text, marker, exposedOnPurpose: false };
  },
);

const symbolCase = markerArb.map((marker) => ({ kind: 'symbol', value: Symbol(marker), marker, exposedOnPurpose: false }));

const throwingToJsonCase = withMarker(() => fc.integer({ min: 400, max: 599 })).map(({ marker, built: status }) => ({
  kind: 'Error with a throwing toJSON',
  value: Object.assign(new Error(`boom ${marker}`), {
    status,
    details: { marker },
    toJSON() {
      throw new Error(`toJSON ${marker}`);
    },
  }),
  marker,
  exposedOnPurpose: false,
}));

const frozenCase = withMarker((marker) => fieldsArb(marker)).map(({ marker, built }) => ({
  kind: 'frozen object',
  value: Object.freeze(Object.assign(new Error(`boom ${marker}`), built)),
  marker,
  exposedOnPurpose: built.expose === true,
}));

const circularCase = withMarker(() => fc.integer({ min: 400, max: 599 })).map(({ marker, built: status }) => {
  const value: Record<string, unknown> = { status, message: `boom ${marker}`, details: { marker } };
  value.self = value;
  value.cause = value;
  (value.details as Record<string, unknown>).back = value;
  return { kind: 'circular object', value, marker, exposedOnPurpose: false };
});

// An object carrying errata's cross-copy brand (Symbol.for, so any copy of errata can set it) but not an
// errata error's fields: what a mismatched or hostile copy could throw.
const forgedBrandCase = withMarker((marker) => fieldsArb(marker)).map(({ marker, built }) => ({
  kind: 'forged errata brand',
  value: { [Symbol.for('errata.HttpError')]: true, message: `boom ${marker}`, ...built },
  marker,
  // A branded value is trusted as an errata error, whose `expose` is read as it is.
  exposedOnPurpose: Boolean(built.expose),
}));

/**
 * Anything a route might throw, weighted towards the hostile shapes. Each case describes itself to
 * fast-check, which could not print a revoked proxy or a throwing getter in a counterexample.
 */
export const thrownCaseArb: fc.Arbitrary<ThrownCase> = fc.oneof(
  { arbitrary: anythingCase, weight: 4 },
  { arbitrary: errorWithFieldsCase, weight: 2 },
  { arbitrary: plainFieldsCase, weight: 2 },
  { arbitrary: errataCase, weight: 3 },
  { arbitrary: throwingGettersCase, weight: 1 },
  { arbitrary: proxyCase, weight: 2 },
  { arbitrary: longStringCase, weight: 1 },
  { arbitrary: symbolCase, weight: 1 },
  { arbitrary: throwingToJsonCase, weight: 1 },
  { arbitrary: frozenCase, weight: 1 },
  { arbitrary: circularCase, weight: 1 },
  { arbitrary: forgedBrandCase, weight: 1 },
).map((thrown) => Object.assign(thrown, { [fc.toStringMethod]: () => `${thrown.kind} (marker ${String(thrown.marker)})` }));

const MEDIA_TYPES = ['application/json', 'application/problem+json', 'text/html', 'text/plain'] as const;

/** A media type the response must use when `Accept` names exactly one of errata's four formats. */
export type ExpectedMediaType = (typeof MEDIA_TYPES)[number] | undefined;

// Node's client refuses header values outside tab, visible ASCII and Latin-1: those never reach a server.
const sendableArb = fc.string({ maxLength: 60, unit: 'binary' }).map((text) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, ''));

/** Any `Accept` header: none, random text, or real media types with q-values. */
export const acceptArb: fc.Arbitrary<{ accept: string | undefined; expected: ExpectedMediaType }> = fc.oneof(
  fc.constant({ accept: undefined, expected: undefined }),
  sendableArb.map((accept) => ({ accept, expected: undefined })),
  fc.constantFrom(...MEDIA_TYPES).chain((type) =>
    fc.integer({ min: 1, max: 1000 }).map((q) => ({ accept: q === 1000 ? type : `${type};q=${q / 1000}`, expected: type as ExpectedMediaType })),
  ),
  fc
    .array(
      fc.tuple(fc.constantFrom(...MEDIA_TYPES, '*/*', 'text/*', 'application/*', 'image/png', 'application/xml'), fc.integer({ min: 0, max: 1000 })),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => ({ accept: parts.map(([type, q]) => `${type};q=${q / 1000}`).join(', '), expected: undefined })),
);

export const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
