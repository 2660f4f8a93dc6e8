import type { JsonSchema } from '../../schema/error-schema.js';

/** Everything a problem's page and index entry show, decided once when the docs are made. @internal */
export interface DocEntry {
  /** The class name (`OutOfCredit`, `NotFound`). */
  name: string;
  /** The problem type URI, as the error handler sends it. */
  type: string;
  title: string;
  status: number;
  /** The status's reason phrase (`Forbidden`). */
  reason: string;
  description: string;
  code: string | undefined;
  retryable: boolean;
  /** Whether the problem declares members at all (a schema, or a JSON Schema of them). */
  hasMembers: boolean;
  /** The members' JSON Schema, when known. */
  members: JsonSchema | undefined;
  /** The example problem+json body, as errata renders it in production, indented. */
  example: string;
  /** The path this mount serves the page at; `undefined` for a type outside the base. */
  path: string | undefined;
  /** Where to read about it: `path`, else the type URI when it is http(s), else `null`. */
  href: string | null;
}
