// errata's own RFC 9651 Structured Fields, against the RFC's examples and the HTTP working group's test suite
// (test/fixtures/structured-field-tests): every RateLimit field errata writes or reads goes through them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isInnerList,
  parseDictionary,
  parseItemField,
  parseList,
  serializeDictionary,
  serializeItem,
  serializeList,
  type BareItem,
  type Dictionary,
  type Item,
  type Member,
} from '../src/rate-limit/structured-fields.js';

const SUITE = new URL('./fixtures/structured-field-tests/', import.meta.url);

type JsonBare = number | string | boolean | { __type: 'token' | 'binary' | 'date' | 'displaystring'; value: string | number };
type JsonParams = [string, JsonBare][];
type JsonItem = [JsonBare, JsonParams];
type JsonInner = [JsonItem[], JsonParams];
type JsonMember = JsonItem | JsonInner;

interface SuiteCase {
  name: string;
  raw?: string[];
  header_type: 'item' | 'list' | 'dictionary';
  expected?: JsonItem | JsonMember[] | [string, JsonMember][];
  must_fail?: boolean;
  can_fail?: boolean;
  canonical?: string[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += BASE32[(value << (5 - bits)) & 31];
  return text.padEnd(Math.ceil(text.length / 8) * 8, '=');
}

function fromBase32(text: string): Uint8Array {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.replace(/=+$/, '')) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(bytes);
}

// The suite's JSON form of what errata parsed, to compare with `expected`.
function bareToJson(item: BareItem): JsonBare {
  switch (item.type) {
    case 'integer':
    case 'decimal':
    case 'string':
    case 'boolean':
      return item.value;
    case 'token':
    case 'date':
    case 'displaystring':
      return { __type: item.type, value: item.value };
    case 'binary':
      return { __type: 'binary', value: base32(item.value) };
  }
}
const paramsToJson = (params: ReadonlyMap<string, BareItem>): JsonParams => [...params].map(([key, value]) => [key, bareToJson(value)]);
const itemToJson = (item: Item): JsonItem => [bareToJson(item.value), paramsToJson(item.params)];
const memberToJson = (member: Member): JsonMember => (isInnerList(member) ? [member.items.map(itemToJson), paramsToJson(member.params)] : itemToJson(member));

// errata's form of the suite's `expected`, to serialise (serialisation tests have no raw value to parse).
function bareFromJson(value: JsonBare): BareItem {
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer', value } : { type: 'decimal', value };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (value.__type === 'binary') return { type: 'binary', value: fromBase32(String(value.value)) };
  if (value.__type === 'date') return { type: 'date', value: Number(value.value) };
  return { type: value.__type, value: String(value.value) };
}
const paramsFromJson = (params: JsonParams) => new Map(params.map(([key, value]) => [key, bareFromJson(value)]));
const itemFromJson = ([value, params]: JsonItem): Item => ({ value: bareFromJson(value), params: paramsFromJson(params) });
const memberFromJson = (member: JsonMember): Member =>
  Array.isArray(member[0]) ? { items: (member[0] as JsonItem[]).map(itemFromJson), params: paramsFromJson(member[1]) } : itemFromJson(member as JsonItem);

function parse(type: SuiteCase['header_type'], raw: string): unknown {
  if (type === 'item') {
    const item = parseItemField(raw);
    return item && itemToJson(item);
  }
  if (type === 'list') return parseList(raw)?.map(memberToJson);
  const dictionary = parseDictionary(raw);
  return dictionary && [...dictionary].map(([key, member]) => [key, memberToJson(member)]);
}

function serialise(type: SuiteCase['header_type'], expected: NonNullable<SuiteCase['expected']>): string {
  if (type === 'item') return serializeItem(itemFromJson(expected as JsonItem));
  if (type === 'list') return serializeList((expected as JsonMember[]).map(memberFromJson));
  const dictionary: Dictionary = new Map((expected as [string, JsonMember][]).map(([key, member]) => [key, memberFromJson(member)]));
  return serializeDictionary(dictionary);
}

function suite(path: string): SuiteCase[] {
  return JSON.parse(readFileSync(new URL(path, SUITE), 'utf8')) as SuiteCase[];
}

const parsingFiles = readdirSync(SUITE).filter((name) => name.endsWith('.json'));
const serialisingFiles = readdirSync(new URL('serialisation-tests/', SUITE)).map((name) => `serialisation-tests/${name}`);

describe.each(parsingFiles)('structured-field-tests %s', (file) => {
  const cases = suite(file);
  it(`parses what it must, fails what it must, and serialises to the canonical form (${cases.length} cases)`, () => {
    const wrong: string[] = [];
    for (const test of cases) {
      // Several field lines are one field value joined by commas (RFC 9110 §5.3).
      const raw = test.raw!.join(', ');
      const parsed = parse(test.header_type, raw);
      if (test.must_fail) {
        if (parsed !== undefined) wrong.push(`${test.name}: parsed ${JSON.stringify(raw)}`);
        continue;
      }
      if (parsed === undefined) {
        if (!test.can_fail) wrong.push(`${test.name}: failed to parse ${JSON.stringify(raw)}`);
        continue;
      }
      try {
        expect(parsed).toEqual(test.expected);
      } catch {
        wrong.push(`${test.name}: parsed as ${JSON.stringify(parsed)}, expected ${JSON.stringify(test.expected)}`);
        continue;
      }
      // Serialised from what errata parsed (its types, a Decimal 1.0 included), not from the JSON.
      const reparsed = test.header_type === 'item' ? serializeItem(parseItemField(raw)!) : test.header_type === 'list' ? serializeList(parseList(raw)!) : serializeDictionary(parseDictionary(raw)!);
      const canonical = (test.canonical ?? test.raw!).join(', ');
      if (reparsed !== canonical) wrong.push(`${test.name}: serialised as ${JSON.stringify(reparsed)}, canonical ${JSON.stringify(canonical)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe.each(serialisingFiles)('structured-field-tests %s', (file) => {
  const cases = suite(file);
  it(`serialises to the canonical form, or refuses (${cases.length} cases)`, () => {
    const wrong: string[] = [];
    for (const test of cases) {
      let text: string | undefined;
      try {
        text = serialise(test.header_type, test.expected!);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
      if (test.must_fail) {
        if (text !== undefined) wrong.push(`${test.name}: serialised as ${JSON.stringify(text)}`);
      } else if (text !== test.canonical!.join(', ')) wrong.push(`${test.name}: serialised as ${JSON.stringify(text)}, canonical ${JSON.stringify(test.canonical)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the RFC 9651 examples', () => {
  it('§3.1 a List of Strings, of Inner Lists, with parameters', () => {
    expect(parseList('"foo", "bar", "It was the best of times."')?.map(memberToJson)).toEqual([
      ['foo', []],
      ['bar', []],
      ['It was the best of times.', []],
    ]);
    expect(parseList('("foo" "bar"), ("baz"), ("bat" "one"), ()')?.map(memberToJson)).toEqual([
      [[['foo', []], ['bar', []]], []],
      [[['baz', []]], []],
      [[['bat', []], ['one', []]], []],
      [[], []],
    ]);
    expect(serializeList(parseList('("foo"; a=1;b=2);lvl=5, ("bar" "baz");lvl=1')!)).toBe('("foo";a=1;b=2);lvl=5, ("bar" "baz");lvl=1');
    expect(serializeList(parseList('abc;a=1;b=2; cde_456, (ghi;jk=4 l);q="9";r=w')!)).toBe('abc;a=1;b=2;cde_456, (ghi;jk=4 l);q="9";r=w');
  });

  it('§3.2 a Dictionary, with true values written as bare keys', () => {
    const dictionary = parseDictionary('en="Applepie", da=:w4ZibGV0w6ZydGUK:')!;
    expect([...dictionary].map(([key, member]) => [key, memberToJson(member)])).toEqual([
      ['en', ['Applepie', []]],
      ['da', [{ __type: 'binary', value: base32(new TextEncoder().encode('Æbletærte\n')) }, []]],
    ]);
    expect(serializeDictionary(parseDictionary('a=?0, b, c; foo=bar')!)).toBe('a=?0, b, c;foo=bar');
    expect(serializeDictionary(parseDictionary('rating=1.5, feelings=(joy sadness)')!)).toBe('rating=1.5, feelings=(joy sadness)');
  });

  it('§3.3 the bare item types, Display Strings and Dates included', () => {
    expect(parseItemField('5; foo=bar')).toEqual({ value: { type: 'integer', value: 5 }, params: new Map([['foo', { type: 'token', value: 'bar' }]]) });
    expect(parseItemField('%"This is intended for display to %c3%bcsers."')?.value).toEqual({ type: 'displaystring', value: 'This is intended for display to üsers.' });
    expect(parseItemField('@1659578233')?.value).toEqual({ type: 'date', value: 1659578233 });
    expect(parseItemField('4.5')?.value).toEqual({ type: 'decimal', value: 4.5 });
    expect(parseItemField('?1')?.value).toEqual({ type: 'boolean', value: true });
  });

  it('a field that is not ASCII, or has anything after the value, is not parsed', () => {
    expect(parseList('"café"')).toBeUndefined();
    expect(parseList('"a",')).toBeUndefined();
    expect(parseItemField('1 2')).toBeUndefined();
    expect(parseDictionary('A=1')).toBeUndefined();
  });
});
