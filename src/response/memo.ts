const LIMIT = 256;

/**
 * Remembers a negotiation result per header value, since clients repeat theirs. Header values come from
 * clients, so the memory is bounded: when full it starts over rather than grow.
 */
export function memoizeByHeader<T>(choose: (headerValue: string) => T): (headerValue: string) => T {
  const results = new Map<string, T>();
  return (headerValue) => {
    let result = results.get(headerValue);
    if (result === undefined) {
      result = choose(headerValue);
      if (results.size >= LIMIT) results.clear();
      results.set(headerValue, result);
    }
    return result;
  };
}
