import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { nodeReasonPhrase, UNDOCUMENTED_REASON_PHRASES } from '../src/catalog/reason-phrases.js';
import { statuses } from '../src/catalog/statuses.js';

// errata no longer imports node:http (the root entry must bundle for a browser); these check its own table against
// the one it replaced, so the defaults of createError(509) and defineCatalog stay Node's.
describe("Node's reason phrases, without node:http", () => {
  it('nodeReasonPhrase(status) is http.STATUS_CODES[status] for every status from 100 to 599', () => {
    const codes = Array.from({ length: 500 }, (_, i) => i + 100);
    expect(codes.map((status) => [status, nodeReasonPhrase(status)])).toEqual(codes.map((status) => [status, STATUS_CODES[status]]));
  });

  it('names every 4xx/5xx status Node knows and the catalogue does not, and no other', () => {
    const undocumented = Object.keys(STATUS_CODES)
      .map(Number)
      .filter((status) => status >= 400 && !(status in statuses));
    expect(Object.keys(UNDOCUMENTED_REASON_PHRASES).map(Number)).toEqual(undocumented);
    for (const status of undocumented) expect(UNDOCUMENTED_REASON_PHRASES[status]).toBe(STATUS_CODES[status]);
  });
});
