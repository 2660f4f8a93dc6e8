import { statuses } from './statuses.js';

/**
 * Node's reason phrase (`http.STATUS_CODES`) for each 4xx/5xx status the catalogue does not document: the default
 * message and name of `new HttpError(509)`. Written out rather than imported from `node:http`, so that the root
 * entry bundles for a browser; test/reason-phrases.test.ts checks it against Node's table.
 */
export const UNDOCUMENTED_REASON_PHRASES: Readonly<Record<number, string>> = { 509: 'Bandwidth Limit Exceeded' };

// Where Node's phrase differs from the catalogue's message (306: Node has none). Only defineCatalog reads these.
const NODE_DIFFERS: Readonly<Record<number, string | undefined>> = {
  306: undefined,
  413: 'Payload Too Large',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  418: "I'm a Teapot",
};

/** Node's reason phrase for any status (`http.STATUS_CODES[status]`), from data errata has. */
export function nodeReasonPhrase(status: number): string | undefined {
  if (status in NODE_DIFFERS) return NODE_DIFFERS[status];
  return (statuses as Readonly<Record<number, { message: string }>>)[status]?.message ?? UNDOCUMENTED_REASON_PHRASES[status];
}
