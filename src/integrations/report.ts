/** Writes a failure of user-supplied code (a mapper, a logger, onError) to stderr without ever throwing. */
export function reportFailure(what: string, failure: unknown): void {
  let detail: string;
  try {
    detail = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
  } catch {
    detail = '[unprintable failure]';
  }
  const line = `errata: ${what} failed: ${detail}\n`;
  // errata/fetch runs where there is no `process` (Deno without Node globals, edge runtimes): console.error there.
  const stderr = typeof process === 'undefined' ? undefined : process.stderr;
  try {
    if (stderr && typeof stderr.write === 'function') stderr.write(line);
    else console.error(line.slice(0, -1));
  } catch {
    // Nowhere left to report to.
  }
}
