/**
 * The part of the rate-limit policies a 429 needs when it is made (their numbers, bounded; the expiring and the
 * violated one; draft 6's fields; what an error's headers stand for), kept apart from names, partition keys and the
 * Structured Fields code, which only the renderer needs (policies.ts). Only TooManyRequests' options reach it
 * (too-many-requests.ts): a bundle without that class (`{ NotFound }`) has none of it.
 */
import { MAX_RETRY_AFTER_SECONDS } from '../retry/retry-after.js';

export { notBefore } from '../retry/retry-after.js';

// The largest Structured Field Integer (RFC 9651 §3.3.1).
const MAX_SF_INTEGER = 999_999_999_999_999;
// More would only make headers no client reads to the end.
const MAX_POLICIES = 32;

/**
 * Which RateLimit header fields a response carries:
 * - `'draft-6'`: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (and `RateLimit-Policy: 100;w=60` when
 *   a window is known), draft-ietf-httpapi-ratelimit-headers-06;
 * - `'draft-7'`: `RateLimit: limit=100, remaining=0, reset=30` and `RateLimit-Policy: 100;w=60`, draft 07;
 * - `'draft-8'`: `RateLimit: "default";r=0;t=30` and `RateLimit-Policy: "default";q=100;w=60`, the syntax of
 *   drafts 08 to 10;
 * - `false`: none (`Retry-After` still says when to come back).
 *
 * @example
 * const rateLimitHeaders: RateLimitHeaderForm = 'draft-8';
 * app.use(createErrorHandler({ rateLimitHeaders }));
 */
export type RateLimitHeaderForm = 'draft-6' | 'draft-7' | 'draft-8' | false;

/**
 * One quota policy and the client's standing in it, as `TooManyRequests({ policies })` takes it. Every field is
 * optional; a value that is unknown (missing, negative, NaN, infinite, of the wrong type) is left out of the headers.
 *
 * @example
 * const policy: RateLimitPolicy = { name: 'per-minute', quota: 100, window: 60, remaining: 0, reset: 30 };
 */
export interface RateLimitPolicy {
  /** The policy's name (draft 8's String), printable ASCII of at most 256 characters. Default: `'default'`. */
  name?: string;
  /** Quota units per window (`q`, draft 6/7's limit); rounded down, at most 999999999999999. */
  quota?: number;
  /** The window in seconds (`w`); rounded up, at least 1, at most 2147483647. */
  window?: number;
  /** Quota units left (`r`, draft 6/7's remaining); rounded down, at most 999999999999999. 0: the policy is violated. */
  remaining?: number;
  /** Seconds until more quota is available (`t`, draft 6/7's reset); rounded up, at most 2147483647. */
  reset?: number;
  /** The quota unit (`qu`): `'requests'` (the draft's default), `'content-bytes'`, `'concurrent-requests'`. */
  unit?: string;
  /** The partition key (`pk`), a Byte Sequence of at most 256 bytes; a string is taken as its UTF-8 bytes. */
  partitionKey?: Uint8Array | string;
}

/** A policy's numbers, each bounded, or `undefined` when unknown. */
export interface Limits {
  readonly quota: number | undefined;
  readonly window: number | undefined;
  readonly remaining: number | undefined;
  readonly reset: number | undefined;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A count: rounded down, at most the largest Structured Field Integer. */
export function boundedCount(value: unknown): number | undefined {
  return isNumber(value) ? Math.min(MAX_SF_INTEGER, Math.floor(value)) : undefined;
}

/** Seconds: rounded up (early is wrong, late is fine), at most 2^31 − 1. */
export function boundedSeconds(value: unknown): number | undefined {
  return isNumber(value) ? Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil(value)) : undefined;
}

/** The first 32 policies given that are objects, each copied: a later change by their author does not reach the error. */
export function policyList(input: readonly unknown[]): RateLimitPolicy[] {
  return input.filter((policy): policy is RateLimitPolicy => typeof policy === 'object' && policy !== null).slice(0, MAX_POLICIES).map((policy) => ({ ...policy }));
}

/** A policy's numbers: counts rounded down, seconds up, each within its ceiling; a window of 0 is none (drafts 9, 10). */
export function limitsOf(policy: RateLimitPolicy): Limits {
  return {
    quota: boundedCount(policy.quota),
    window: boundedSeconds(policy.window) || undefined,
    remaining: boundedCount(policy.remaining),
    reset: boundedSeconds(policy.reset),
  };
}

/**
 * The one service limit draft 6 and 7 can state: a violated policy (the one resetting last), else the one with
 * the fewest units left ("closest to reaching its limit"), else the first.
 */
export function expiring<T extends Limits>(policies: readonly T[]): T | undefined {
  let chosen: T | undefined;
  for (const policy of policies) {
    if (chosen === undefined) chosen = policy;
    else if (policy.remaining === 0 && chosen.remaining === 0) {
      if ((policy.reset ?? -1) > (chosen.reset ?? -1)) chosen = policy;
    } else if (policy.remaining !== undefined && (chosen.remaining === undefined || policy.remaining < chosen.remaining)) chosen = policy;
  }
  return chosen;
}

/**
 * The seconds before which no retry can succeed: the latest reset of the violated policies (remaining 0; all of them
 * must have quota again); `undefined` when none is violated or none of them says when it resets.
 */
export function violatedReset(policies: readonly Limits[]): number | undefined {
  let latest: number | undefined;
  for (const { remaining, reset } of policies) if (remaining === 0 && reset !== undefined && !(latest !== undefined && latest >= reset)) latest = reset;
  return latest;
}

/** Draft 6 and 7's RateLimit-Policy: `quota;w=window` for each policy with both, one per quota value (both drafts). */
export function windowedQuotas(policies: readonly Limits[]): string | undefined {
  const items: string[] = [];
  const quotas = new Set<number>();
  for (const { quota, window } of policies) {
    if (quota === undefined || window === undefined || quotas.has(quota)) continue;
    quotas.add(quota);
    // Bounded integers: as Structured Field Integers they are their digits.
    items.push(`${quota};w=${window}`);
  }
  return items.length > 0 ? items.join(', ') : undefined;
}

const policiesByHeaders = new WeakMap<object, readonly RateLimitPolicy[]>();

/** Remembers the policies an error's headers were written from: they hold more than the draft 6 form shows. */
export function rememberPolicies(headers: object, policies: readonly RateLimitPolicy[]): void {
  policiesByHeaders.set(headers, policies);
}

/** The policies {@link rememberPolicies} kept for an error's headers. */
export function rememberedPolicies(headers: object): readonly RateLimitPolicy[] | undefined {
  return policiesByHeaders.get(headers);
}
