// W3C Trace Context §3.2: version 00 is exactly `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`, lowercase.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_PARENT_ID = '0'.repeat(16);

/**
 * The trace id of a valid version-00 `traceparent` header, or `undefined`. All-zero ids are invalid by the
 * spec, and a repeated header (an array, or values Node joined with commas) is ignored rather than guessed at.
 */
export function traceIdOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header);
  if (!match || match[1] === ZERO_TRACE_ID || match[2] === ZERO_PARENT_ID) return undefined;
  return match[1];
}
