import type { ErrorFormat } from '../../src/index.js';

/** The Accept header that asks for each body format: written out here, not read from errata, so a wrong media type in errata fails. */
export const ACCEPT: Readonly<Record<ErrorFormat, string>> = {
  json: 'application/json',
  problem: 'application/problem+json',
  html: 'text/html',
  text: 'text/plain',
};

/** Every body format, in the order above. */
export const FORMATS = Object.keys(ACCEPT) as ErrorFormat[];
