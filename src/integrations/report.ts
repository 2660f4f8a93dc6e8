/** Writes a failure of user-supplied code (a mapper, a logger, onError) to stderr without ever throwing. */
export function reportFailure(what: string, failure: unknown): void {
  let detail: string;
  try {
    detail = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
  } catch {
    detail = '[unprintable failure]';
  }
  process.stderr.write(`errata: ${what} failed: ${detail}\n`);
}
