/** The most header values a memo keeps at once. */
export const MEMO_MAX_ENTRIES = 256;
/**
 * The most header text a memo keeps at once, in characters (one byte each in the latin1 strings Node makes of
 * header values): 32 values of the longest `Accept` errata negotiates, or about 240 of Chrome's.
 */
export const MEMO_MAX_BYTES = 32 * 1024;

/** The size of a header value worth negotiating: anything longer, or with more elements, negotiates as absent. */
export interface HeaderLimits {
  /** The most characters of the whole value (every `Accept` header of the request, joined by Node with `, `). */
  readonly maxLength: number;
  /** The most comma-separated elements (commas + 1, empty ones included; a quoted comma counts too). */
  readonly maxElements: number;
}

/**
 * Whether a header value is within `limits`. The scan stops at the first element past the limit, and the length
 * is checked first, so no value costs more than `maxLength` characters of work however long it is.
 */
export function withinLimits(headerValue: string, limits: HeaderLimits): boolean {
  if (headerValue.length > limits.maxLength) return false;
  let elements = 1;
  for (let i = headerValue.indexOf(','); i !== -1; i = headerValue.indexOf(',', i + 1)) {
    if (++elements > limits.maxElements) return false;
  }
  return true;
}

/**
 * Remembers a negotiation result per header value, since clients repeat theirs. Header values come from
 * clients, so the memory is bounded in entries (`maxEntries`) and in the total length of the values kept
 * (`maxBytes`): when either would be exceeded it starts over rather than grow, and a value longer than
 * `maxBytes` on its own is answered but never kept.
 */
export function memoizeByHeader<T>(
  choose: (headerValue: string) => T,
  maxEntries: number = MEMO_MAX_ENTRIES,
  maxBytes: number = MEMO_MAX_BYTES,
): (headerValue: string) => T {
  const results = new Map<string, T>();
  let bytes = 0;
  return (headerValue) => {
    let result = results.get(headerValue);
    if (result === undefined) {
      result = choose(headerValue);
      const size = headerValue.length;
      if (size > maxBytes) return result;
      if (results.size >= maxEntries || bytes + size > maxBytes) {
        results.clear();
        bytes = 0;
      }
      results.set(headerValue, result);
      bytes += size;
    }
    return result;
  };
}
