import { existsSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseCatalog, renderCatalog, stripRst } from '../scripts/build-catalog.mjs';
import { statuses } from '../src/catalog/statuses.js';
import type { StatusEntry } from '../src/catalog/types.js';

const SEED_002 = '002_067cb2e949164563.txt';
const SEED_004 = '004_2f202936e94b9ac3.txt';
const vendored = new URL('../data/seeds/', import.meta.url);
// CI checks the repo out beside the shared workspace; users' clones have no ../shared.
const shared = new URL('../../shared/seeds/', import.meta.url);
// The default reporter does not print why a test was skipped: say it at collection time.
if (!existsSync(shared)) console.warn('test/catalog-data.test.ts: the byte-exact seed comparison is skipped, ../shared/seeds is not beside the repository');

const seed002 = readFileSync(new URL(SEED_002, vendored), 'utf8');
const seed004 = readFileSync(new URL(SEED_004, vendored), 'utf8');
const entries: StatusEntry[] = Object.values(statuses);
const byStatus = (status: number): StatusEntry => {
  const entry = (statuses as Readonly<Record<number, StatusEntry>>)[status];
  if (!entry) throw new Error(`no catalogue entry for ${status}`);
  return entry;
};

// The 63 codes of CATALOGUE.md, and the 21 of them that 002 lacks (their text comes from 004).
const CODES = [
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];
const FROM_004 = [102, 103, 207, 208, 226, 307, 308, 418, 421, 423, 424, 425, 426, 428, 431, 451, 506, 507, 508, 510, 511];
const FROM_002 = CODES.filter((code) => !FROM_004.includes(code));
// CATALOGUE.md rule 4: 002 misstates these; their description is the first sentence of 004's entry.
const FIRST_SENTENCE_OF_004 = [402, 500, 502, 504, 505];

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
const sentencesOf = (text: string): string[] => text.split(/(?<=[.!?])\s+(?=[A-Z])/);
/** Letters and digits only, lower-cased: immune to whitespace, markup and punctuation artefacts. */
const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The raw lines of 002's table row for `code`, up to the next border, with the grid and markup removed. */
function row002(code: number): { message: string; text: string } {
  const lines = seed002.split('\n');
  const first = lines.findIndex((line) => new RegExp(`^\\|\\s*${code}\\s*\\|`).test(line));
  if (first < 0) throw new Error(`002 has no row for ${code}`);
  let last = first;
  while (last + 1 < lines.length && lines[last + 1]?.startsWith('|')) last++;
  const rowLines = lines.slice(first, last + 1);
  const message = collapse(rowLines.map((line) => line.split('|')[2] ?? '').join(' '));
  const text = collapse(
    rowLines
      .map((line) => line.split('|')[3] ?? '')
      .join(' ')
      .replace(/\*\*|``|\*/g, '')
      .replace(/\\ ?/g, ''),
  );
  return { message, text };
}

/** 004's section for `code` (header to next header), markers dropped and the line-break artefacts mended. */
function section004(code: number): { message: string; text: string; raw: string } {
  const lines = seed004.split('\n');
  const first = lines.findIndex((line) => line.startsWith(`${code} `));
  if (first < 0) throw new Error(`004 has no section for ${code}`);
  let last = first;
  while (last + 1 < lines.length && !/^\d{3} /.test(lines[last + 1] ?? '')) last++;
  const body = lines.slice(first + 1, last + 1).filter((line) => !/^(Experimental|Deprecated)$/.test(line.trim()));
  const raw = body.join('\n');
  const text = collapse(body.join(' '))
    .replace(/\b([A-Z]{2,}) s\b/g, '$1s') // "GET s" -> "GETs"
    .replace(/(\w): HTTP Response header/g, '$1 HTTP response header')
    .replace(/ ([.,;:!?])/g, '$1');
  return { message: (lines[first] ?? '').slice(4).trim(), text, raw };
}

describe('status catalogue data', () => {
  it('is exactly what scripts/build-catalog.mjs generates from data/seeds (run npm run catalog)', () => {
    const generated = parseCatalog(seed002, seed004);
    expect(entries).toEqual(generated);
    for (const [key, entry] of Object.entries(statuses)) expect(Number(key)).toBe(entry.status);
    const source = readFileSync(new URL('../src/catalog/statuses.ts', import.meta.url), 'utf8');
    expect(source).toBe(renderCatalog(generated));
  });

  it.skipIf(!existsSync(shared))(
    'vendors byte-exact copies of the shared seeds (skipped when ../shared/seeds is not beside the repo)',
    () => {
      for (const name of [SEED_002, SEED_004]) {
        expect(readFileSync(new URL(name, vendored)).equals(readFileSync(new URL(name, shared))), name).toBe(true);
      }
    },
  );

  it('has exactly the 63 codes of CATALOGUE.md, in order', () => {
    expect(CODES).toHaveLength(63);
    expect(entries.map((entry) => entry.status)).toEqual(CODES);
    expect(FROM_002).toHaveLength(42);
  });

  describe.each(FROM_002)('%i comes from 002', (code) => {
    it('has the message and description of its 002 row', () => {
      const entry = byStatus(code);
      const row = row002(code);
      expect(entry.message).toBe(row.message);
      if (code === 503 || FIRST_SENTENCE_OF_004.includes(code)) return; // the exceptions: see below
      for (const sentence of sentencesOf(entry.description)) expect(row.text).toContain(sentence);
      expect(squash(entry.description)).toBe(squash(row.text));
    });
  });

  describe.each(FROM_004)('%i comes from 004', (code) => {
    it('has the message and (mended) description of its 004 section', () => {
      const entry = byStatus(code);
      const section = section004(code);
      expect(entry.message).toBe(section.message);
      for (const sentence of sentencesOf(entry.description)) expect(section.text).toContain(sentence);
      expect(squash(entry.description)).toBe(squash(section.raw));
    });
  });

  it('takes 503 from 002 but its description from the first two sentences of 004', () => {
    const entry = byStatus(503);
    expect(entry.message).toBe(row002(503).message);
    expect(section004(503).text.startsWith(`${entry.description} `)).toBe(true);
    expect(sentencesOf(entry.description)).toHaveLength(2);
    expect(entry.description).not.toMatch(/retry/i);
  });

  describe.each(FIRST_SENTENCE_OF_004)('%i keeps 002\'s message but not its misstated description', (code) => {
    it('describes the status with the first sentence of its 004 section, word for word', () => {
      const entry = byStatus(code);
      const section = section004(code);
      expect(entry.message).toBe(row002(code).message);
      expect(sentencesOf(entry.description)).toHaveLength(1);
      // The raw 004 text begins with exactly this sentence (no mending needed for these five).
      expect(`${collapse(section.raw)} `.startsWith(`${entry.description} `)).toBe(true);
      expect(squash(entry.description)).not.toBe(squash(row002(code).text));
      expect(row002(code).text).not.toContain(entry.description);
    });
  });

  it.each<[number, string, string]>([
    [402, 'Payment Required', 'This response code is reserved for future use.'],
    [500, 'Internal Server Error', 'The server has encountered a situation it does not know how to handle.'],
    [
      502,
      'Bad Gateway',
      'This error response means that the server, while working as a gateway to get a response needed to handle the request, got an invalid response.',
    ],
    [504, 'Gateway Timeout', 'This error response is given when the server is acting as a gateway and cannot get a response in time.'],
    [505, 'HTTP Version Not Supported', 'The HTTP version used in the request is not supported by the server.'],
  ])('describes %i as HTTP defines it (%s)', (code, message, description) => {
    expect(byStatus(code)).toMatchObject({ message, description });
    expect(seed004).toContain(`${code} ${message}\n`);
    expect(seed004).toContain(description);
  });

  it('no longer serves the descriptions 002 gets wrong', () => {
    const texts = entries.map((entry) => entry.description).join('\n');
    for (const wrong of [
      "cannot understand the user's request",
      'received an invalid request from a remote server',
      'when a timeout parameter is specified',
      'the HTTPS protocol',
      'Reserved request.',
    ]) {
      expect(texts).not.toContain(wrong);
      expect(seed002).toContain(wrong); // the wrong text is really in 002, so its absence here means rule 4 applied
    }
  });

  it.each<[number, StatusEntry]>([
    [
      404,
      {
        status: 404,
        name: 'NotFound',
        message: 'Not Found',
        description: 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.',
        retryable: false,
      },
    ],
    [
      413,
      {
        status: 413,
        name: 'PayloadTooLarge',
        message: 'Request Entity Too Large',
        description:
          'The server refused the request because the request was too large. The server may close the connection to prevent the client from continuously sending the request. If the server is only temporarily unable to process the request, a response message with Retry-After will be included.',
        retryable: false,
      },
    ],
    [
      429,
      {
        status: 429,
        name: 'TooManyRequests',
        message: 'Too Many Requests',
        description:
          'The client has sent more requests than the rate limit allowed within a given amount of time, or the server has received more requests than it is able to process within a given amount of time. In this case, the client should repeat requests after the time specified in the Retry-After header of the response expires.',
        retryable: true,
      },
    ],
    [
      503,
      {
        status: 503,
        name: 'ServiceUnavailable',
        message: 'Service Unavailable',
        description:
          'The server is not ready to handle the request. Common causes are a server that is down for maintenance or that is overloaded.',
        retryable: true,
      },
    ],
    [
      418,
      {
        status: 418,
        name: 'ImATeapot',
        message: "I'm a teapot",
        description: 'The server refuses the attempt to brew coffee with a teapot.',
        retryable: false,
      },
    ],
    [
      511,
      {
        status: 511,
        name: 'NetworkAuthenticationRequired',
        message: 'Network Authentication Required',
        description: 'Indicates that the client needs to authenticate to gain network access.',
        retryable: false,
      },
    ],
    [
      308,
      {
        status: 308,
        name: 'PermanentRedirect',
        message: 'Permanent Redirect',
        description:
          'This means that the resource is now permanently located at another URI, specified by the Location HTTP response header. This has the same semantics as the 301 Moved Permanently HTTP response code, with the exception that the user agent must not change the HTTP method used: if a POST was used in the first request, a POST must be used in the second request.',
        retryable: false,
      },
    ],
  ])('has the exact row for %i', (code, expected) => {
    expect(byStatus(code)).toEqual(expected);
  });

  it('mends the 004 line-break artefacts and drops its markers', () => {
    expect(byStatus(428).description).toContain('where a client GETs a resource\'s state, modifies it and PUTs it back');
    expect(byStatus(426).description).toContain('sends an Upgrade header in a 426 response');
    expect(byStatus(103).description).toMatch(/^This status code/); // "Experimental" dropped
    expect(byStatus(425).description).toMatch(/^Indicates that/);
  });

  it('strips RST markup', () => {
    expect(stripRst('1\\ *xx*: **GET**, ``literal``')).toBe('1xx: GET, literal');
    expect(byStatus(206).description).toBe('The server has fulfilled the partial GET request for the resource.');
  });

  it('marks exactly 408, 425, 429, 502, 503 and 504 retryable', () => {
    const retryable = entries.filter((entry) => entry.retryable).map((entry) => entry.status);
    expect(retryable).toEqual([408, 425, 429, 502, 503, 504]);
  });

  it('gives every code a unique PascalCase name', () => {
    const names = entries.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  });

  it.each(CODES)('%i has clean text', (code) => {
    const { message, description } = byStatus(code);
    for (const text of [message, description]) {
      expect(text).toBe(text.trim());
      expect(text).not.toContain('  ');
      expect(text).not.toMatch(/ [.,;:!?]/);
      expect(text).not.toContain('**');
      expect(text).not.toContain('``');
      expect(text).not.toContain('\\');
      expect(text).not.toMatch(/Experimental|Deprecated/);
      expect(text).not.toMatch(/[\n\r\t]/);
    }
    expect(description).toMatch(/^[A-Z].*[.)]$/);
  });
});
