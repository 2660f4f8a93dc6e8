// retryDelay reads the RateLimit fields with a small pattern reader (src/retry/retry-delay.ts), not the full RFC 9651
// parser, to stay within a client's bundle. Here it is held to what the full parser reads (src/rate-limit/
// structured-fields.ts, itself tested against the HTTP working group's suite): on that suite's every value, placed
// where each draft puts it, and on thousands of seeded random RateLimit-like values, both give the same delay.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { retryDelay } from '../src/index.js';
import { isInnerList, parseDictionary, parseItemField, parseList, type BareItem, type Item, type Member } from '../src/rate-limit/structured-fields.js';

const MAX_SECONDS = 2_147_483_647;

// The reading retryDelay had with the full parser (issue 17), kept as the reference.
function seconds(item: BareItem | undefined): number | undefined {
  return item?.type === 'integer' && item.value >= 0 ? Math.min(MAX_SECONDS, item.value) : undefined;
}
function draft6(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Math.min(MAX_SECONDS, Number(value));
  return seconds(parseItemField(value)?.value);
}
const unlessLeft = (reset: number | undefined, remaining: number | undefined) => (remaining !== undefined && remaining > 0 ? undefined : reset);
function member(dictionary: ReadonlyMap<string, Member>, key: string): BareItem | undefined {
  const value = dictionary.get(key);
  return value === undefined || isInnerList(value) ? undefined : value.value;
}
function referenceDelay(headers: Record<string, string>): number | undefined {
  const read = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const field = read('ratelimit');
  let reset: number | undefined;
  let decided = false;
  if (field !== undefined) {
    const items = (parseList(field) ?? []).filter((item): item is Item => !isInnerList(item) && item.value.type === 'string');
    if (items.length > 0) {
      decided = true;
      for (const { params } of items) {
        const next = unlessLeft(seconds(params.get('t')), seconds(params.get('r')));
        if (next !== undefined && !(reset !== undefined && reset >= next)) reset = next;
      }
    } else {
      const dictionary = parseDictionary(field);
      if (dictionary !== undefined && dictionary.size > 0) {
        decided = true;
        reset = unlessLeft(seconds(member(dictionary, 'reset')), seconds(member(dictionary, 'remaining')));
      }
    }
  }
  if (!decided) reset = unlessLeft(draft6(read('ratelimit-reset')), draft6(read('ratelimit-remaining')));
  return reset === undefined ? undefined : reset * 1000;
}

/** Where each draft puts a value, with a known policy beside it: the delay then says whether the field was read. */
function placements(value: string): Record<string, string>[] {
  return [
    { RateLimit: value },
    { RateLimit: `"known";r=0;t=7, ${value}` },
    { RateLimit: `${value}, "known";r=0;t=7` },
    { RateLimit: `"p";r=0;t=${value}` },
    { RateLimit: `"p";r=${value};t=9` },
    { RateLimit: `reset=7, ${value}` },
    { RateLimit: `limit=5, remaining=0, reset=${value}` },
    { RateLimit: `remaining=${value}, reset=9` },
    { 'RateLimit-Reset': value },
    { 'RateLimit-Reset': '11', 'RateLimit-Remaining': value },
  ];
}

/** The cases where the two readers differ, as `placement → reference / reader`. */
function differences(values: Iterable<string>): string[] {
  const found: string[] = [];
  for (const value of values) {
    for (const headers of placements(value)) {
      const expected = referenceDelay(headers);
      const actual = retryDelay(headers);
      if (actual !== expected) found.push(`${JSON.stringify(headers)} → ${String(expected)} / ${String(actual)}`);
    }
  }
  return found;
}

const SUITE = new URL('./fixtures/structured-field-tests/', import.meta.url);
// The only values the reader accepts and the full parser does not: it checks a Byte Sequence's and a Display String's
// characters, not that the base64 decodes or the percent-encoded bytes are UTF-8; nothing it reads is in them.
const NOT_DECODED = new Set([
  'binary.json: padding at beginning',
  'binary.json: padding in middle',
  'display-string.json: bad display string utf-8 (invalid 2-byte seq)',
  'display-string.json: bad display string utf-8 (invalid sequence id)',
  'display-string.json: bad display string utf-8 (invalid 3-byte seq)',
  'display-string.json: bad display string utf-8 (invalid 4-byte seq)',
]);

describe('retryDelay’s RateLimit reader agrees with the full RFC 9651 parser', () => {
  it('on every value of the HTTP WG’s structured-field-tests, in every place a draft puts one', () => {
    const cases = readdirSync(SUITE)
      .filter((name) => name.endsWith('.json'))
      .flatMap((file) =>
        (JSON.parse(readFileSync(new URL(file, SUITE), 'utf8')) as { name: string; raw: string[] }[]).map((test) => ({ name: `${file}: ${test.name}`, raw: test.raw.join(', ') })),
      );
    expect(cases.length).toBeGreaterThan(900);
    const differing = cases.filter((test) => differences([test.raw]).length > 0).map((test) => test.name);
    // Exactly these: each is really in the suite, and read past.
    expect(differing.sort()).toEqual([...NOT_DECODED].sort());
  });

  it('on 20,000 seeded random RateLimit-like values', () => {
    const pieces = ['"a"', '"b\\"c"', ';r=0', ';r=3', ';t=5', ';t=30', ';t=3.5', ';t=-1', ';t', ';pk=:YWJj:', ';q=10', 'r=0', 't=9', 'reset=4',
      'remaining=0', 'remaining=2', 'limit=10', ', ', ',', ' ', '\t', '(', ')', '=', ';', '0', '-0', '7', '1234567890123456', '12.5', '?1', '@12',
      '%"x%c3%a9"', 'tok', '*', 'A', ':', '"', 'é', '\\', 'x'];
    let seed = 17;
    // A fixed linear congruential generator: the same values every run.
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const values = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + random(8) }, () => pieces[random(pieces.length)]).join(''));
    expect(differences(values)).toEqual([]);
  });

  it('reads past a malformed value in no field: a truncated List, a stray character or an unclosed String voids it', () => {
    for (const value of ['"a";r=0;t=5,', '"a";r=0;t=5 x', '"a;r=0;t=5', '"a";r=0;;t=5', '"a" ;r=0;t=5', '"a";R=0;t=5', 'reset=5,,limit=1']) {
      expect(retryDelay({ RateLimit: value }), value).toBeUndefined();
    }
  });
});
