import {
  boundedCount,
  boundedSeconds,
  expiring,
  limitsOf,
  policyList,
  rememberedPolicies,
  windowedQuotas,
  type Limits,
  type RateLimitHeaderForm,
  type RateLimitPolicy,
} from './policy-core.js';
import {
  binary,
  integer,
  isInnerList,
  parseDictionary,
  parseItemField,
  parseList,
  serializeDictionary,
  serializeList,
  string,
  type BareItem,
  type Item,
  type Member,
} from './structured-fields.js';

export { boundedCount, boundedSeconds, notBefore, violatedReset, type RateLimitHeaderForm, type RateLimitPolicy } from './policy-core.js';

/** A policy with every value known to be writable. */
export interface Policy extends Limits {
  readonly name: string;
  readonly unit: string | undefined;
  readonly partitionKey: Uint8Array | undefined;
}

/** The form errata writes unless told otherwise: see the README's "Retry hints" for why. */
export const DEFAULT_RATE_LIMIT_FORM: RateLimitHeaderForm = 'draft-6';

/** Every rate-limit header of every form, lower-case: one form replaces all of them. */
export const RATE_LIMIT_HEADER_NAMES: ReadonlySet<string> = new Set([
  'ratelimit',
  'ratelimit-policy',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]);

const MAX_NAME_LENGTH = 256;
const MAX_UNIT_LENGTH = 64;
const MAX_PARTITION_KEY_BYTES = 256;

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max && /^[\x20-\x7e]*$/.test(value) ? value : undefined;
}

function partitionKey(value: unknown): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  if (typeof value === 'string') bytes = new TextEncoder().encode(value);
  else if (value instanceof Uint8Array) bytes = new Uint8Array(value);
  return bytes !== undefined && bytes.length <= MAX_PARTITION_KEY_BYTES ? bytes : undefined;
}

/**
 * The policies to write (at most 32): each value bounded or left out, a name that is missing or no sf-string
 * (printable ASCII, at most 256 characters) `'default'`, a unit likewise or left out, a partition key of at most 256
 * bytes or left out.
 */
export function normalizePolicies(input: readonly unknown[]): Policy[] {
  return policyList(input).map((policy) => ({
    ...limitsOf(policy),
    name: text(policy.name, MAX_NAME_LENGTH) ?? 'default',
    unit: text(policy.unit, MAX_UNIT_LENGTH),
    partitionKey: partitionKey(policy.partitionKey),
  }));
}

/** The policies whose quota is used up (remaining 0): their names are the draft's `violated-policies`. */
export function violatedPolicies(policies: readonly Policy[]): Policy[] {
  return policies.filter((policy) => policy.remaining === 0);
}

/** Draft 6's fields: the expiring limit's counts (numbers, as `err.headers` has always carried them) and its policies. */
export function draft6Fields(policies: readonly Limits[]): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  const limit = expiring(policies);
  if (limit === undefined) return fields;
  if (limit.quota !== undefined) fields['RateLimit-Limit'] = limit.quota;
  if (limit.remaining !== undefined) fields['RateLimit-Remaining'] = limit.remaining;
  if (limit.reset !== undefined) fields['RateLimit-Reset'] = limit.reset;
  const policyField = windowedQuotas(policies);
  if (policyField !== undefined) fields['RateLimit-Policy'] = policyField;
  return fields;
}

function params(entries: ReadonlyArray<readonly [string, BareItem | undefined]>): Map<string, BareItem> {
  const map = new Map<string, BareItem>();
  for (const [key, value] of entries) if (value !== undefined) map.set(key, value);
  return map;
}

const maybe = <T>(value: T | undefined, build: (value: T) => BareItem): BareItem | undefined => (value === undefined ? undefined : build(value));

/**
 * The rate-limit header fields of one form for these policies. Draft 6's counts are numbers (as `err.headers` has
 * always carried them); every other value is a serialised Structured Field.
 */
export function rateLimitFields(policies: readonly Policy[], form: RateLimitHeaderForm): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  if (form === false || policies.length === 0) return fields;
  if (form === 'draft-8') {
    const limits: Item[] = [];
    const quotas: Item[] = [];
    for (const policy of policies) {
      const name = string(policy.name);
      const key = maybe(policy.partitionKey, binary);
      // `r` is required in a RateLimit item, `q` in a RateLimit-Policy item: without it the item is left out.
      if (policy.remaining !== undefined) {
        limits.push({ value: name, params: params([['r', integer(policy.remaining)], ['t', maybe(policy.reset, integer)], ['pk', key]]) });
      }
      if (policy.quota !== undefined) {
        quotas.push({
          value: name,
          params: params([['q', integer(policy.quota)], ['qu', maybe(policy.unit, string)], ['w', maybe(policy.window, integer)], ['pk', key]]),
        });
      }
    }
    if (limits.length > 0) fields.RateLimit = serializeList(limits);
    if (quotas.length > 0) fields['RateLimit-Policy'] = serializeList(quotas);
    return fields;
  }
  if (form === 'draft-6') return draft6Fields(policies);
  const limit = expiring(policies)!;
  const entries: Array<[string, Member]> = [];
  if (limit.quota !== undefined) entries.push(['limit', { value: integer(limit.quota), params: new Map() }]);
  if (limit.remaining !== undefined) entries.push(['remaining', { value: integer(limit.remaining), params: new Map() }]);
  if (limit.reset !== undefined) entries.push(['reset', { value: integer(limit.reset), params: new Map() }]);
  if (entries.length > 0) fields.RateLimit = serializeDictionary(new Map(entries));
  const policyField = windowedQuotas(policies);
  if (policyField !== undefined) fields['RateLimit-Policy'] = policyField;
  return fields;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what a limiter (or an upstream error) wrote, in any form.

/** A header value as one field value: repeated field lines (Node keeps appended ones as arrays) joined by commas. */
function fieldValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join(', ');
  return undefined;
}

/** Reads a header of a record in any case. */
export type HeaderLookup = (lowerCaseName: string) => unknown;

function integerOf(item: BareItem | undefined): number | undefined {
  return item?.type === 'integer' && item.value >= 0 ? item.value : undefined;
}

function bytesOf(item: BareItem | undefined): Uint8Array | undefined {
  return item?.type === 'binary' ? item.value : undefined;
}

function textOf(item: BareItem | undefined): string | undefined {
  return item?.type === 'string' || item?.type === 'token' ? item.value : undefined;
}

function items(members: readonly Member[] | undefined): Item[] {
  return members === undefined ? [] : members.filter((member): member is Item => !isInnerList(member));
}

/**
 * A count header of draft 6 (`RateLimit-Limit: 100`), bounded: a number or plain digits of any length (a peer's
 * `1e21`, 23 digits) is clamped to the ceiling rather than lost; earlier drafts listed policies after the count
 * (`10, 10;w=1`), whose first item is read.
 */
function countField(value: unknown, bound: (value: number) => number | undefined): number | undefined {
  if (typeof value === 'number') return bound(value);
  const field = fieldValue(value);
  if (field === undefined) return undefined;
  // Number() of hundreds of digits is Infinity: still a count, at the ceiling.
  if (/^\s*\d+\s*$/.test(field)) return bound(Math.min(Number(field), Number.MAX_VALUE));
  return integerOf(parseItemField(field)?.value) ?? integerOf(items(parseList(field))[0]?.value);
}

const EPOCH_SECONDS = 1_000_000_000;

/**
 * X-RateLimit-Reset: limiters disagree on it. A value from 10^9 up (September 2001, or 31 years as a delay) is
 * epoch seconds (koa-ratelimit's, GitHub's, with a fraction or not), below that delta seconds.
 */
function legacyReset(value: unknown, now: number): number | undefined {
  const field = fieldValue(value)?.trim();
  if (field === undefined || !/^\d+(?:\.\d+)?$/.test(field)) return undefined;
  const seconds = Number(field);
  return seconds >= EPOCH_SECONDS ? Math.max(0, seconds - now / 1000) : seconds;
}

/** Draft 8's fields, joined by name; `undefined` when neither holds a draft 8 item. */
function draft8(limitField: string | undefined, policyField: string | undefined): unknown[] | undefined {
  const limits = items(limitField === undefined ? undefined : parseList(limitField)).filter((item) => item.value.type === 'string');
  const quotas = items(policyField === undefined ? undefined : parseList(policyField)).filter((item) => item.value.type === 'string');
  if (limits.length === 0 && quotas.length === 0) return undefined;
  const byName = new Map<string, RateLimitPolicy>();
  const entry = (name: string): RateLimitPolicy => {
    let policy = byName.get(name);
    if (policy === undefined) byName.set(name, (policy = { name }));
    return policy;
  };
  for (const item of quotas) {
    const policy = entry(textOf(item.value)!);
    policy.quota = integerOf(item.params.get('q'));
    policy.window = integerOf(item.params.get('w'));
    policy.unit = textOf(item.params.get('qu'));
    policy.partitionKey = bytesOf(item.params.get('pk'));
  }
  for (const item of limits) {
    const policy = entry(textOf(item.value)!);
    policy.remaining = integerOf(item.params.get('r'));
    policy.reset = integerOf(item.params.get('t'));
    policy.partitionKey ??= bytesOf(item.params.get('pk'));
  }
  return [...byName.values()];
}

/** Draft 6/7's RateLimit-Policy (earlier drafts' RateLimit-Limit): the window of the policy whose quota is the expiring limit. */
function windowFor(quota: number | undefined, policyField: string | undefined): number | undefined {
  if (quota === undefined || policyField === undefined) return undefined;
  for (const item of items(parseList(policyField))) {
    const window = integerOf(item.params.get('w'));
    if (integerOf(item.value) === quota && window !== undefined) return window;
  }
  return undefined;
}

/**
 * The policies stated by rate-limit headers of any form, or `undefined` when there are none. The richest form
 * present is read (draft 8, then 7, then 6, then the legacy X-RateLimit-*); a malformed field is ignored, as the
 * draft requires. Draft 6, 7 and the legacy headers state one policy, named `'default'`.
 */
export function readRateLimitHeaders(get: HeaderLookup, now: number = Date.now()): Policy[] | undefined {
  const limitField = fieldValue(get('ratelimit'));
  const policyField = fieldValue(get('ratelimit-policy'));
  const named = draft8(limitField, policyField);
  if (named !== undefined) return normalizePolicies(named);
  const dictionary = limitField === undefined ? undefined : parseDictionary(limitField);
  let policy: RateLimitPolicy | undefined;
  if (dictionary !== undefined && dictionary.size > 0) {
    const value = (key: string) => {
      const member = dictionary.get(key);
      return member === undefined || isInnerList(member) ? undefined : integerOf(member.value);
    };
    policy = { quota: value('limit'), remaining: value('remaining'), reset: value('reset') };
  } else {
    const trio = {
      quota: countField(get('ratelimit-limit'), boundedCount),
      remaining: countField(get('ratelimit-remaining'), boundedCount),
      reset: countField(get('ratelimit-reset'), boundedSeconds),
    };
    if (trio.quota !== undefined || trio.remaining !== undefined || trio.reset !== undefined) policy = trio;
    else {
      const legacy = {
        quota: countField(get('x-ratelimit-limit'), boundedCount),
        remaining: countField(get('x-ratelimit-remaining'), boundedCount),
        reset: legacyReset(get('x-ratelimit-reset'), now),
      };
      if (legacy.quota !== undefined || legacy.remaining !== undefined || legacy.reset !== undefined) policy = legacy;
    }
  }
  if (policy === undefined) {
    // Only a RateLimit-Policy of draft 6/7: the policies without their service limit.
    const quotas = items(policyField === undefined ? undefined : parseList(policyField)).filter((item) => integerOf(item.value) !== undefined);
    if (quotas.length === 0) return undefined;
    return normalizePolicies(quotas.slice(0, 1).map((item) => ({ quota: integerOf(item.value), window: integerOf(item.params.get('w')) })));
  }
  policy.window = windowFor(policy.quota, policyField) ?? windowFor(policy.quota, fieldValue(get('ratelimit-limit')));
  return normalizePolicies([policy]);
}

/** A lookup into a plain record of headers, names in any case (the first spelling found). */
export function recordLookup(headers: Readonly<Record<string, unknown>>): HeaderLookup {
  return (name) => {
    for (const key in headers) if (key.toLowerCase() === name) return headers[key];
    return undefined;
  };
}

/** Whether a record holds any rate-limit header, of any form. */
export function hasRateLimitHeader(headers: Readonly<Record<string, unknown>>): boolean {
  for (const key in headers) if (RATE_LIMIT_HEADER_NAMES.has(key.toLowerCase())) return true;
  return false;
}

/**
 * The policies an error's headers stand for: those it was built with, else what its rate-limit headers say (an
 * error from another copy of errata, or a foreign one); `undefined` when it carries none.
 */
export function policiesOf(headers: unknown): readonly Policy[] | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const remembered = rememberedPolicies(headers);
  if (remembered !== undefined) return normalizePolicies(remembered);
  const record = headers as Readonly<Record<string, unknown>>;
  return hasRateLimitHeader(record) ? (readRateLimitHeaders(recordLookup(record)) ?? []) : undefined;
}

const ownedResponses = new WeakSet<object>();

/**
 * Marks a rendered response's headers as holding the only rate-limit set the response may carry (a 429, or an
 * error that states its rate limits): the Node adapters then remove a limiter's headers of any other form.
 */
export function ownRateLimitHeaders(headers: object): void {
  ownedResponses.add(headers);
}

/** Whether {@link ownRateLimitHeaders} marked these rendered headers. */
export function ownsRateLimitHeaders(headers: object): boolean {
  return ownedResponses.has(headers);
}
