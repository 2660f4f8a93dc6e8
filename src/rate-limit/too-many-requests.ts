import { findHeader, takeHeader, type StatusHeadersHook } from '../errors/status-headers.js';
import { boundedCount, boundedSeconds, expiring, limitsOf, policyList, rememberPolicies, violatedReset, windowedQuotas, type Limits } from './policy-core.js';

const DIGITS = /^\s*\d+\s*$/;

/** A draft 6 count in the headers as they now stand (an option's, else a raw one), when it is a number. */
function rawNumber(headers: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = findHeader(headers, name);
  if (typeof value === 'string') return DIGITS.test(value) ? Number(value) : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * TooManyRequests' options: one limit (`limit`, `remaining`, `reset`) or several `policies`, written as draft 6's
 * fields in `err.headers` (the expiring policy's counts, and `RateLimit-Policy` when a window is known), each
 * replacing a raw header of the same name in any spelling. The renderer writes them in its configured form from
 * the policies remembered here. The hint: the single limit's reset whatever its remaining count (as ever); with
 * policies, none of its own. No retry before the latest reset of a violated policy.
 * @internal
 */
export const tooManyRequestsHeaders: StatusHeadersHook = (options, headers) => {
  const set = (name: string, value: number | string | undefined): void => {
    if (value === undefined) return;
    takeHeader(headers, name.toLowerCase());
    headers[name] = value;
  };
  const given = Array.isArray(options.policies) ? policyList(options.policies) : undefined;
  const limits = given?.map(limitsOf);
  const state: Partial<Limits> = limits ? (expiring(limits) ?? {}) : { quota: options.limit, remaining: options.remaining, reset: options.reset };
  const limit = boundedCount(state.quota);
  const remaining = boundedCount(state.remaining);
  const reset = boundedSeconds(state.reset);
  set('RateLimit-Limit', limit);
  set('RateLimit-Remaining', remaining);
  set('RateLimit-Reset', reset);
  if (limits) set('RateLimit-Policy', windowedQuotas(limits));
  // What the renderer writes in the configured form, rather than what it could read back from these headers.
  if (given || limit !== undefined || remaining !== undefined || reset !== undefined) {
    rememberPolicies(headers, given ?? [{ quota: rawNumber(headers, 'ratelimit-limit'), remaining: rawNumber(headers, 'ratelimit-remaining'), reset: rawNumber(headers, 'ratelimit-reset') }]);
  }
  return { hint: limits ? undefined : reset, notBefore: limits ? violatedReset(limits) : remaining === 0 ? reset : undefined };
};
