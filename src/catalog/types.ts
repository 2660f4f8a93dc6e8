/**
 * One documented HTTP status: the text errata serves for it.
 *
 * @example
 * const entry: StatusEntry = catalog[503];
 * entry.retryable; // true
 */
export interface StatusEntry {
  /** The status code, 100–599. */
  readonly status: number;
  /** PascalCase name; for 4xx/5xx the error class name (`'NotFound'`). */
  readonly name: string;
  /** The documented reason phrase (`'Not Found'`). */
  readonly message: string;
  /** The documented description: what happened and what the client should do. */
  readonly description: string;
  /** Whether the same request may succeed later without modification. */
  readonly retryable: boolean;
}
