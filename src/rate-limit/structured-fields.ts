/**
 * Structured Field Values for HTTP (RFC 9651): the parsing and serialising algorithms of its §4, for the
 * RateLimit fields. Written here rather than taken from a package: errata needs only a few hundred lines of it,
 * in the browser-safe root entry (no Buffer, no `atob`), with a parser that never throws on what a peer sent.
 * Tested against the RFC's examples and the HTTP working group's structured-field-tests suite.
 */

/** A bare item, tagged with its RFC 9651 type (an Integer and a Decimal are both JavaScript numbers). */
export type BareItem =
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'decimal'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'token'; readonly value: string }
  | { readonly type: 'binary'; readonly value: Uint8Array }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'date'; readonly value: number }
  | { readonly type: 'displaystring'; readonly value: string };

/** Parameters: an ordered map of keys to bare items. */
export type Parameters = ReadonlyMap<string, BareItem>;

/** An Item: a bare item and its parameters. */
export interface Item {
  readonly value: BareItem;
  readonly params: Parameters;
}

/** An Inner List: items and the list's own parameters. */
export interface InnerList {
  readonly items: readonly Item[];
  readonly params: Parameters;
}

/** A member of a List or a Dictionary. */
export type Member = Item | InnerList;

/** A Dictionary: an ordered map of keys to members. */
export type Dictionary = ReadonlyMap<string, Member>;

/** The largest magnitude of an Integer (RFC 9651 §3.3.1). */
export const MAX_SF_INTEGER = 999_999_999_999_999;

export function isInnerList(member: Member): member is InnerList {
  return 'items' in member;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing (RFC 9651 §4.2). Each function reads from `state.at` and returns `undefined` on failure.

interface State {
  readonly input: string;
  at: number;
}

class Failure {}
const FAIL = new Failure();

function fail(): never {
  throw FAIL;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLcAlpha = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isAlpha = (c: number): boolean => isLcAlpha(c) || (c >= 0x41 && c <= 0x5a);
// RFC 9110 §5.6.2 tchar, plus ':' and '/' which a Token may also hold after its first character.
const TOKEN_CHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z:/]$/;
const KEY = /^[a-z*][a-z0-9_\-.*]*$/;
const TOKEN = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/;
const BASE64_CHARS = /^[A-Za-z0-9+/=]*$/;
const SP = 0x20;
const HTAB = 0x09;

function peek(state: State): number {
  return state.at < state.input.length ? state.input.charCodeAt(state.at) : -1;
}

function skipSP(state: State): void {
  while (peek(state) === SP) state.at++;
}

function skipOWS(state: State): void {
  for (let c = peek(state); c === SP || c === HTAB; c = peek(state)) state.at++;
}

/** The top-level algorithm (§4.2): leading and trailing spaces discarded, then nothing may be left. */
function parseField<T>(input: string, parse: (state: State) => T): T | undefined {
  // §4.2: the field is ASCII; anything else fails it.
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(input)) return undefined;
  const state: State = { input, at: 0 };
  try {
    skipSP(state);
    const value = parse(state);
    skipSP(state);
    return state.at === input.length ? value : undefined;
  } catch (error) {
    if (error === FAIL) return undefined;
    throw error;
  }
}

function parseListMembers(state: State): Member[] {
  const members: Member[] = [];
  while (state.at < state.input.length) {
    members.push(parseItemOrInnerList(state));
    skipOWS(state);
    if (state.at >= state.input.length) return members;
    if (state.input.charCodeAt(state.at++) !== 0x2c) fail();
    skipOWS(state);
    // A trailing comma.
    if (state.at >= state.input.length) fail();
  }
  return members;
}

function parseDictionaryMembers(state: State): Map<string, Member> {
  const dictionary = new Map<string, Member>();
  while (state.at < state.input.length) {
    const key = parseKey(state);
    let member: Member;
    if (peek(state) === 0x3d) {
      state.at++;
      member = parseItemOrInnerList(state);
    } else {
      member = { value: { type: 'boolean', value: true }, params: parseParameters(state) };
    }
    // Map#set keeps a repeated key where it first stood, with the last value: the ordered-map semantics of §4.2.2.
    dictionary.set(key, member);
    skipOWS(state);
    if (state.at >= state.input.length) return dictionary;
    if (state.input.charCodeAt(state.at++) !== 0x2c) fail();
    skipOWS(state);
    if (state.at >= state.input.length) fail();
  }
  return dictionary;
}

function parseItemOrInnerList(state: State): Member {
  return peek(state) === 0x28 ? parseInnerList(state) : parseItem(state);
}

function parseInnerList(state: State): InnerList {
  state.at++;
  const items: Item[] = [];
  while (state.at < state.input.length) {
    skipSP(state);
    if (peek(state) === 0x29) {
      state.at++;
      return { items, params: parseParameters(state) };
    }
    items.push(parseItem(state));
    const next = peek(state);
    if (next !== SP && next !== 0x29) fail();
  }
  return fail();
}

function parseItem(state: State): Item {
  const value = parseBareItem(state);
  return { value, params: parseParameters(state) };
}

function parseBareItem(state: State): BareItem {
  const c = peek(state);
  if (c === 0x2d || isDigit(c)) return parseNumber(state);
  if (c === 0x22) return { type: 'string', value: parseString(state) };
  if (c === 0x2a || isAlpha(c)) return { type: 'token', value: parseToken(state) };
  if (c === 0x3a) return { type: 'binary', value: parseByteSequence(state) };
  if (c === 0x3f) return { type: 'boolean', value: parseBoolean(state) };
  if (c === 0x40) return parseDate(state);
  if (c === 0x25) return { type: 'displaystring', value: parseDisplayString(state) };
  return fail();
}

function parseParameters(state: State): Map<string, BareItem> {
  const params = new Map<string, BareItem>();
  while (peek(state) === 0x3b) {
    state.at++;
    skipSP(state);
    const key = parseKey(state);
    let value: BareItem = { type: 'boolean', value: true };
    if (peek(state) === 0x3d) {
      state.at++;
      value = parseBareItem(state);
    }
    params.set(key, value);
  }
  return params;
}

function parseKey(state: State): string {
  const first = peek(state);
  if (!isLcAlpha(first) && first !== 0x2a) fail();
  const start = state.at;
  for (let c = peek(state); isLcAlpha(c) || isDigit(c) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x2a; c = peek(state)) state.at++;
  return state.input.slice(start, state.at);
}

function parseNumber(state: State): BareItem {
  let sign = 1;
  if (peek(state) === 0x2d) {
    state.at++;
    sign = -1;
  }
  if (!isDigit(peek(state))) fail();
  const start = state.at;
  let decimal = false;
  for (;;) {
    const c = peek(state);
    if (isDigit(c)) state.at++;
    else if (!decimal && c === 0x2e) {
      if (state.at - start > 12) fail();
      decimal = true;
      state.at++;
    } else break;
    const length = state.at - start;
    if (!decimal && length > 15) fail();
    if (decimal && length > 16) fail();
  }
  const text = state.input.slice(start, state.at);
  // `+ 0` turns -0 into 0: "-0" is the Integer zero.
  const value = sign * Number(text) + 0;
  if (!decimal) return { type: 'integer', value };
  const fraction = text.length - text.indexOf('.') - 1;
  if (fraction === 0 || fraction > 3) fail();
  return { type: 'decimal', value };
}

function parseString(state: State): string {
  state.at++;
  let value = '';
  while (state.at < state.input.length) {
    const c = state.input.charCodeAt(state.at++);
    if (c === 0x5c) {
      const escaped = peek(state);
      if (escaped !== 0x22 && escaped !== 0x5c) fail();
      state.at++;
      value += String.fromCharCode(escaped);
    } else if (c === 0x22) return value;
    else if (c < 0x20 || c > 0x7e) fail();
    else value += String.fromCharCode(c);
  }
  return fail();
}

function parseToken(state: State): string {
  const start = state.at++;
  while (state.at < state.input.length && TOKEN_CHAR.test(state.input[state.at]!)) state.at++;
  return state.input.slice(start, state.at);
}

function parseByteSequence(state: State): Uint8Array {
  state.at++;
  const end = state.input.indexOf(':', state.at);
  if (end === -1) fail();
  const content = state.input.slice(state.at, end);
  state.at = end + 1;
  if (!BASE64_CHARS.test(content)) fail();
  const bytes = decodeBase64(content);
  return bytes ?? fail();
}

function parseBoolean(state: State): boolean {
  state.at++;
  const c = peek(state);
  state.at++;
  if (c === 0x31) return true;
  if (c === 0x30) return false;
  return fail();
}

function parseDate(state: State): BareItem {
  state.at++;
  const number = parseNumber(state);
  if (number.type !== 'integer') fail();
  return { type: 'date', value: number.value };
}

const HEX = /^[0-9a-f]{2}$/;

function parseDisplayString(state: State): string {
  state.at++;
  if (peek(state) !== 0x22) fail();
  state.at++;
  const bytes: number[] = [];
  while (state.at < state.input.length) {
    const c = state.input.charCodeAt(state.at++);
    if (c < 0x20 || c > 0x7e) fail();
    if (c === 0x25) {
      const hex = state.input.slice(state.at, state.at + 2);
      if (!HEX.test(hex)) fail();
      state.at += 2;
      bytes.push(Number.parseInt(hex, 16));
    } else if (c === 0x22) {
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes));
      } catch {
        return fail();
      }
    } else bytes.push(c);
  }
  return fail();
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 (RFC 4648 §4) without Buffer or `atob`. As §4.2.7 asks, missing `=` padding and non-zero pad bits are
 * accepted; `=` anywhere but at the end, or a lone character in the last group, is not base64.
 */
function decodeBase64(text: string): Uint8Array | undefined {
  const padding = /=*$/.exec(text)![0].length;
  const data = text.slice(0, text.length - padding);
  if (data.includes('=') || padding > 2 || data.length % 4 === 1) return undefined;
  if (padding > 0 && (data.length + padding) % 4 !== 0) return undefined;
  const bytes = new Uint8Array(Math.floor((data.length * 3) / 4));
  let bits = 0;
  let buffered = 0;
  let out = 0;
  for (let i = 0; i < data.length; i++) {
    buffered = (buffered << 6) | BASE64_ALPHABET.indexOf(data[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffered >> bits) & 0xff;
    }
  }
  return bytes;
}

/** Parses a List field value (§4.2.1); `undefined` when it is not one (the field is then to be ignored). */
export function parseList(input: string): Member[] | undefined {
  return parseField(input, parseListMembers);
}

/** Parses a Dictionary field value (§4.2.2); `undefined` when it is not one. */
export function parseDictionary(input: string): Map<string, Member> | undefined {
  return parseField(input, parseDictionaryMembers);
}

/** Parses an Item field value (§4.2.3); `undefined` when it is not one. */
export function parseItemField(input: string): Item | undefined {
  return parseField(input, parseItem);
}

// ---------------------------------------------------------------------------------------------------------------
// Serialising (RFC 9651 §4.1). Invalid input throws: errata builds every value it writes, and checks it first.

/** Serialises a List (§4.1.1); an empty list is an empty string (the field is then not sent). */
export function serializeList(members: readonly Member[]): string {
  return members.map(serializeMember).join(', ');
}

/** Serialises a Dictionary (§4.1.2). */
export function serializeDictionary(dictionary: Dictionary): string {
  const parts: string[] = [];
  for (const [key, member] of dictionary) {
    const name = serializeKey(key);
    if (!isInnerList(member) && member.value.type === 'boolean' && member.value.value) parts.push(name + serializeParameters(member.params));
    else parts.push(`${name}=${serializeMember(member)}`);
  }
  return parts.join(', ');
}

/** Serialises an Item (§4.1.3). */
export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParameters(item.params);
}

function serializeMember(member: Member): string {
  if (!isInnerList(member)) return serializeItem(member);
  return `(${member.items.map(serializeItem).join(' ')})${serializeParameters(member.params)}`;
}

function serializeParameters(params: Parameters): string {
  let text = '';
  for (const [key, value] of params) {
    text += `;${serializeKey(key)}`;
    if (!(value.type === 'boolean' && value.value)) text += `=${serializeBareItem(value)}`;
  }
  return text;
}

function serializeKey(key: string): string {
  if (!KEY.test(key)) throw new RangeError(`Structured Fields: ${JSON.stringify(key)} is not a key`);
  return key;
}

export function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case 'integer':
      return serializeInteger(item.value);
    case 'decimal':
      return serializeDecimal(item.value);
    case 'string':
      return serializeString(item.value);
    case 'token':
      if (!TOKEN.test(item.value)) throw new RangeError(`Structured Fields: ${JSON.stringify(item.value)} is not a token`);
      return item.value;
    case 'binary':
      return `:${encodeBase64(item.value)}:`;
    case 'boolean':
      return item.value ? '?1' : '?0';
    case 'date':
      return `@${serializeInteger(item.value)}`;
    case 'displaystring':
      return serializeDisplayString(item.value);
  }
}

function serializeInteger(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_SF_INTEGER) {
    throw new RangeError(`Structured Fields: ${String(value)} is not an Integer (a whole number of at most 15 digits)`);
  }
  // Plain digits: Number#toString writes no exponent below 1e21, and -0 as 0.
  return String(value);
}

/** §4.1.5: rounded to three decimal places, ties to even, with at least one fractional digit. */
function serializeDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Structured Fields: ${String(value)} is not a Decimal`);
  const scaled = Math.abs(value) * 1000;
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const integer = Math.floor(rounded / 1000);
  if (integer > 999_999_999_999) throw new RangeError(`Structured Fields: ${String(value)} has more than 12 integer digits`);
  const fraction = String(rounded % 1000).padStart(3, '0').replace(/0+$/, '') || '0';
  return `${value < 0 && rounded !== 0 ? '-' : ''}${integer}.${fraction}`;
}

function serializeString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new RangeError('Structured Fields: a String holds printable ASCII only');
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function serializeDisplayString(value: string): string {
  let text = '%"';
  for (const byte of new TextEncoder().encode(value)) {
    text += byte === 0x25 || byte === 0x22 || byte < 0x20 || byte > 0x7e ? `%${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return `${text}"`;
}

function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    text += BASE64_ALPHABET[(chunk >> 18) & 63]! + BASE64_ALPHABET[(chunk >> 12) & 63]!;
    text += left > 1 ? BASE64_ALPHABET[(chunk >> 6) & 63]! : '=';
    text += left > 2 ? BASE64_ALPHABET[chunk & 63]! : '=';
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Builders, so callers write `integer(5)` rather than the tagged object.

export const integer = (value: number): BareItem => ({ type: 'integer', value });
export const string = (value: string): BareItem => ({ type: 'string', value });
export const binary = (value: Uint8Array): BareItem => ({ type: 'binary', value });

/** Whether a String can hold this text (printable ASCII). */
export function isSfString(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}
