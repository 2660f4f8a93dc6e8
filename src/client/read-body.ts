/** errata bodies are a few hundred bytes; a larger one is not errata's and not worth buffering. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * The body as text, or `undefined` when there is none, it was already read, it is larger than `limit`,
 * or the stream fails: a client reading an error must get an error back, never a second failure.
 */
export async function readBody(response: Response, limit: number = BODY_LIMIT): Promise<string | undefined> {
  if (response.body === null || response.bodyUsed) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > limit) {
        // Stop the download: the rest would be read only to be thrown away.
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  }
}
