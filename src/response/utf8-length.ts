// Buffer where the runtime has it (Node, Bun, Deno): it counts without copying. A realm with only Web globals
// (an edge worker) encodes instead.
const encoder = typeof Buffer === 'undefined' ? new TextEncoder() : undefined;

/** The length of a string in UTF-8 bytes: what `Content-Length` counts. */
export function utf8Length(text: string): number {
  return encoder === undefined ? Buffer.byteLength(text) : encoder.encode(text).length;
}
