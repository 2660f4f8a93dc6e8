import { isHttpError, type HttpError } from '../errors/http-error.js';
import { fromAjvValidationError, isAjvValidationError } from './ajv.js';
import { fromExpressValidatorError, isExpressValidatorError } from './express-validator.js';
import { reportFailure } from './report.js';
import { fromStandardSchemaError } from './standard-schema.js';
import { fromZodError, isZodError } from './zod.js';

/**
 * Matches a thrown value: a class (by `instanceof`) or a predicate.
 *
 * @example
 * const byClass: ErrorMatcher = TypeError;
 * const byCode: ErrorMatcher = (error) => (error as { code?: unknown }).code === 'ECONNREFUSED';
 */
export type ErrorMatcher<T = unknown> = (abstract new (...args: never[]) => T) | ((value: unknown) => boolean);

// Method syntax makes `toError` bivariant, so `[ZodError, (error: ZodError) => …]` fits an `ErrorMap`.
type ToError<T> = { toError(original: T): HttpError }['toError'];

/**
 * One mapping: when `matcher` matches what was thrown, `toError(original)` is the errata error to answer with.
 *
 * @example
 * const mapping: ErrorMapping<DatabaseTimeout> = [DatabaseTimeout, (e) => new ServiceUnavailable({ retryAfter: 5, cause: e })];
 */
export type ErrorMapping<T = unknown> = readonly [matcher: ErrorMatcher<T>, toError: ToError<T>];

/**
 * An ordered list of mappings for errors errata does not know; the first match wins. Errata errors are never
 * mapped: they already are what they say.
 *
 * @example
 * const map: ErrorMap = [
 *   [EntityNotFoundError, (e) => new NotFound(e.message, { cause: e })],
 *   [(e) => (e as { code?: string }).code === 'ECONNREFUSED', (e) => new BadGateway({ cause: e })],
 * ];
 */
export type ErrorMap = readonly ErrorMapping[];

type BuiltIn = (value: object) => HttpError | undefined;

function when(match: (value: object) => boolean, toError: (value: object) => HttpError): BuiltIn {
  return (value) => (match(value) ? toError(value) : undefined);
}

// Specific shapes first: a ZodError also carries Standard Schema issues, and its mapper keeps zod's `code`. The
// Standard Schema mapper reads the issues once, recognising and mapping them in one pass.
const BUILT_IN: readonly BuiltIn[] = [
  when(isZodError, fromZodError),
  when(isAjvValidationError, fromAjvValidationError),
  when(isExpressValidatorError, fromExpressValidatorError),
  fromStandardSchemaError,
];

const classCache = new WeakMap<object, boolean>();

// Both classes and predicates are functions. A class, a native constructor such as `Error` (`Error(x)` returns a
// truthy error) or an ES5-style constructor (its prototype inherits or has methods) must never be called as a
// predicate; a plain `function isX(value)` has a bare prototype and is one.
function isClass(matcher: { prototype: object }): boolean {
  let known = classCache.get(matcher);
  if (known === undefined) {
    const source = Function.prototype.toString.call(matcher);
    const { prototype } = matcher;
    known =
      source.startsWith('class') ||
      source.includes('[native code]') ||
      Object.getPrototypeOf(prototype) !== Object.prototype ||
      Object.getOwnPropertyNames(prototype).length > 1;
    classCache.set(matcher, known);
  }
  return known;
}

function matches(matcher: ErrorMatcher, value: object): boolean {
  if (typeof matcher !== 'function') return false;
  if (typeof matcher.prototype === 'object' && matcher.prototype !== null) {
    if (value instanceof (matcher as abstract new () => unknown)) return true;
    if (isClass(matcher as { prototype: object })) return false;
  }
  return (matcher as (value: unknown) => boolean)(value) === true;
}

/**
 * The errata error a mapping (the user's first, then the built-in validation mappers: zod, ajv, express-validator,
 * any Standard Schema library) makes of a foreign error, or `undefined` when none matches. A matcher or mapper
 * that throws, or returns something other than an errata error, is reported to stderr and the value is treated
 * as unmapped.
 */
export function applyErrorMap(value: object, map: ErrorMap | undefined): HttpError | undefined {
  if (map) {
    try {
      for (const [matcher, toError] of map) {
        if (!matches(matcher as ErrorMatcher, value)) continue;
        const mapped: unknown = toError(value);
        if (isHttpError(mapped)) return mapped;
        throw new TypeError(`the mapping for ${describe(matcher)} returned ${mapped === null ? 'null' : typeof mapped}, not an errata error`);
      }
    } catch (failure) {
      reportFailure('error map', failure);
      return undefined;
    }
  }
  try {
    for (const builtIn of BUILT_IN) {
      const mapped = builtIn(value);
      if (mapped) return mapped;
    }
  } catch {
    // A hostile value (throwing getters, a revoked proxy) is no validation error: answer it as unmapped,
    // without a line on stderr for every such request.
  }
  return undefined;
}

function describe(matcher: unknown): string {
  return typeof matcher === 'function' && matcher.name ? matcher.name : 'a matcher';
}
