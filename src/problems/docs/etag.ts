/**
 * A strong ETag for a body made once: FNV-1a over its UTF-16 code units, twice with different offsets (64 bits),
 * and its length. Not a digest against forgery: the server makes every body it tags. No `node:crypto`, so the
 * Fetch entry runs anywhere.
 * @internal
 */
export function etagOf(body: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ body.length;
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
  }
  return `"${body.length.toString(36)}-${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}"`;
}

/** Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`. @internal */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined || ifNoneMatch.length > 4096) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}
