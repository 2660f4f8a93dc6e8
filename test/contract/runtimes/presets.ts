// The options suite's routes and its option presets, imported by options.test.ts and by serve.ts under Bun and Deno.
// Options holding functions (onError, logger, requestId, map) cannot cross into another process as JSON, so both
// sides build them from a preset's name; what those functions receive is recorded as plain data (Call), which the
// test reads in-process or from the remote app's `GET /__calls`, and asserts the same way for every framework.
import { BadGateway, catalog, defineCatalog, Gone, NotFound, ServiceUnavailable, UnprocessableEntity } from '../../../src/index.js';
import type { ErrorMap } from '../../../src/integrations/map.js';
import type { ErrorLogger, LogLevel } from '../../../src/middleware/options.js';
import { germanCatalog } from '../../fixtures/de-catalog.js';
import type { RouteAction, Routes, SharedOptions } from '../frameworks.js';

/** A database driver's own error, unknown to errata: the `map` option turns it into a 503. */
export class DatabaseTimeout extends Error {
  override name = 'DatabaseTimeout';
}

/** The routes of the options suite, the same in every framework and runtime. */
export const optionRoutes: Routes = new Map<string, RouteAction>([
  ['/missing', { throws: () => new NotFound('User 7 does not exist') }],
  ['/broken', { throws: () => new Error('database password=hunter2') }],
  ['/maintenance', { throws: () => new ServiceUnavailable() }],
  ['/maintenance-until', { throws: () => new ServiceUnavailable({ retryAfter: 10 }) }],
  ['/invalid', { throws: () => new UnprocessableEntity('Validation failed', { details: [{ field: 'user.email', message: 'Invalid email address' }] }) }],
  ['/db-timeout', { throws: () => new DatabaseTimeout('query timed out after 5000 ms') }],
  ['/refused', { throws: () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' }) }],
  [
    '/after-success-headers',
    {
      throws: () => new NotFound(),
      headers: { 'Content-Encoding': 'gzip', ETag: '"v1"', 'Last-Modified': 'Tue, 01 Jan 2030 00:00:00 GMT', 'Access-Control-Allow-Origin': 'https://app.test' },
    },
  ],
]);

/** A thrown value as plain data: its class name and message (what `toEqual(new Error(m))` compares). */
export interface Described {
  class: string;
  message: string;
}

/** One call of a user-supplied function, as plain data. */
export type Call =
  | { on: 'onError'; error: Described & { status: number }; original: Described; requestId: string | undefined }
  | { on: 'logger'; level: LogLevel; object: Record<string, unknown> & { err: Described }; message: string | undefined };

export function describeValue(value: unknown): Described {
  if (typeof value === 'object' && value !== null) {
    return { class: value.constructor?.name ?? 'Object', message: String((value as { message?: unknown }).message) };
  }
  return { class: typeof value, message: String(value) };
}

function recordingLogger(record: (call: Call) => void): ErrorLogger {
  const at = (level: LogLevel) => (object: Record<string, unknown>, message?: string) =>
    record({ on: 'logger', level, object: { ...object, err: describeValue(object.err) }, message });
  return { error: at('error'), warn: at('warn'), info: at('info') };
}

function recordingOnError(record: (call: Call) => void): NonNullable<SharedOptions['onError']> {
  return (error, context) =>
    record({ on: 'onError', error: { ...describeValue(error), status: error.status }, original: describeValue(context.original), requestId: context.requestId });
}

const map: ErrorMap = [
  [DatabaseTimeout, (error) => new ServiceUnavailable({ retryAfter: 5, cause: error })],
  [(error) => (error as { code?: unknown }).code === 'ECONNREFUSED', (error) => new BadGateway({ cause: error })],
  // Last, and matching any Error: the first match wins, and errata's own errors are never mapped.
  [Error, (error) => new Gone({ cause: error })],
];

/** The options each preset adds; `record` receives what its functions were called with. */
export const presets = {
  none: () => ({}),
  catalog: () => ({ catalog: defineCatalog({ 404: { message: 'Nothing Here', description: 'No such thing.' } }) }),
  catalogs: () => ({ catalogs: { en: catalog, de: germanCatalog } }),
  'requestId: function': () => {
    const ids = ['from-fn-1', 'not safe\u0000'];
    return { requestId: () => ids.shift() };
  },
  'requestId: throws': () => ({
    requestId: () => {
      throw new Error('id store down');
    },
  }),
  'onError: records': (record) => ({ onError: recordingOnError(record) }),
  // Never settles: the response must not wait for it.
  'onError: pending': (record) => {
    const onError = recordingOnError(record);
    return { onError: (error, context) => (onError(error, context), new Promise<void>(() => undefined)) };
  },
  'onError: throws': () => ({
    onError: () => {
      throw new Error('alerting down');
    },
  }),
  'onError: rejects': () => ({ onError: () => Promise.reject(new Error('alerting down')) }),
  'logger: records': (record) => ({ logger: recordingLogger(record) }),
  'logger: records, logLevel skips 404s and logs the rest at info': (record) => ({
    logger: recordingLogger(record),
    logLevel: (error) => (error.status === 404 ? false : 'info'),
  }),
  'logger: throws': () => ({
    logger: {
      error: () => {
        throw new Error('log sink full');
      },
    },
  }),
  map: () => ({ map }),
  // Fastify's and Nest's body shape, as a team keeping its clients' format would give it.
  'body: statusCode shape': () => ({
    body: { json: (error) => ({ statusCode: error.status, error: error.error, message: error.message }) },
  }),
  // No logger: without one, adapters that log 5xx to stderr by default stay silent, leaving the failure's report alone.
  'map: throws': () => ({
    logger: false,
    map: [
      [
        Error,
        () => {
          throw new Error('mapper bug');
        },
      ],
    ],
  }),
} satisfies Record<string, (record: (call: Call) => void) => SharedOptions>;

/** The name of an option preset. */
export type PresetName = keyof typeof presets;

/** The options that cross into another process as JSON unchanged. */
export type PlainOptions = Pick<SharedOptions, 'production' | 'formats' | 'defaultFormat' | 'problemTypeBase' | 'retryAfter' | 'defaultLocale' | 'description' | 'problemFieldErrors'>;

/** A preset's options over the plain ones, its functions reporting to `record`. */
export function optionsOf(preset: PresetName, plain: PlainOptions, record: (call: Call) => void): SharedOptions {
  return { ...plain, ...(presets[preset] as (record: (call: Call) => void) => SharedOptions)(record) };
}

/** The line a remote app writes to stderr on `GET /__flush`, after every errata report before it. */
export const FLUSHED = 'errata-test: flushed';
