let encoder: TextEncoder | undefined;

/**
 * The length of a string in UTF-8 bytes: what `Content-Length` counts. Buffer where the runtime has it (Node, Bun,
 * Deno): it counts without copying. A realm with only Web globals (an edge worker) encodes instead.
 */
export function utf8Length(text: string): number {
  if (typeof Buffer !== 'undefined') return Buffer.byteLength(text);
  return (encoder ??= new TextEncoder()).encode(text).length;
}
