// Builds the default status catalogue (src/catalog/statuses.ts) from the vendored
// status-code documentation in data/seeds/, following the rules of CATALOGUE.md:
//
// 1. Primary source: 002 (a reStructuredText grid table: Status Code | Message | Description).
//    Multi-line cells are one text: the lines of a paragraph are joined with a space, paragraphs
//    with a single space, and the RST markup is stripped (`**GET**` becomes `GET`).
// 2. Codes 002 lacks come from 004 (plain text: a "NNN Message" line, then description lines).
//    Its Experimental/Deprecated markers are dropped and the line-break artefacts of that copy are
//    mended (`GET` + `s` -> `GETs`, `Location:` + `HTTP Response header` -> `Location HTTP response
//    header`, no space before punctuation).
// 3. 503 keeps 002's message, but its description is the first two sentences of 004's entry
//    (002's text, "do not attempt to retry it", contradicts the Retry-After hint 503 carries).
// 4. 402, 500, 502, 504 and 505 keep 002's message, but their description is the first sentence of
//    004's entry: 002 misstates what these statuses mean (against RFC 9110), and every response
//    carries the description.
//
// Names are a fixed mapping (not derived from the wording, so they cannot drift when the text
// changes); for 4xx/5xx they are the `http-errors` class names.
//
// Usage: node scripts/build-catalog.mjs   (or: npm run catalog)
// No dependencies: plain Node ESM.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Seed file names, relative to data/seeds/. */
export const SEED_002 = '002_067cb2e949164563.txt';
export const SEED_004 = '004_2f202936e94b9ac3.txt';

/** Fixed PascalCase names; for 4xx/5xx the http-errors class names. */
export const NAMES = Object.freeze({
  100: 'Continue',
  101: 'SwitchingProtocols',
  102: 'Processing',
  103: 'EarlyHints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'NonAuthoritativeInformation',
  204: 'NoContent',
  205: 'ResetContent',
  206: 'PartialContent',
  207: 'MultiStatus',
  208: 'AlreadyReported',
  226: 'IMUsed',
  300: 'MultipleChoices',
  301: 'MovedPermanently',
  302: 'Found',
  303: 'SeeOther',
  304: 'NotModified',
  305: 'UseProxy',
  306: 'Unused',
  307: 'TemporaryRedirect',
  308: 'PermanentRedirect',
  400: 'BadRequest',
  401: 'Unauthorized',
  402: 'PaymentRequired',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  407: 'ProxyAuthenticationRequired',
  408: 'RequestTimeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'LengthRequired',
  412: 'PreconditionFailed',
  413: 'PayloadTooLarge',
  414: 'URITooLong',
  415: 'UnsupportedMediaType',
  416: 'RangeNotSatisfiable',
  417: 'ExpectationFailed',
  418: 'ImATeapot',
  421: 'MisdirectedRequest',
  422: 'UnprocessableEntity',
  423: 'Locked',
  424: 'FailedDependency',
  425: 'TooEarly',
  426: 'UpgradeRequired',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  451: 'UnavailableForLegalReasons',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
  505: 'HTTPVersionNotSupported',
  506: 'VariantAlsoNegotiates',
  507: 'InsufficientStorage',
  508: 'LoopDetected',
  510: 'NotExtended',
  511: 'NetworkAuthenticationRequired',
});

/** Statuses where the same request may succeed later without modification. */
export const RETRYABLE = Object.freeze([408, 425, 429, 502, 503, 504]);

/**
 * Statuses whose description is taken from the first sentences of 004's entry instead of 002's
 * (CATALOGUE.md rules 3 and 4), with how many sentences to take. The message stays 002's.
 */
export const DESCRIPTION_FROM_004 = Object.freeze({ 402: 1, 500: 1, 502: 1, 503: 2, 504: 1, 505: 1 });

/** Markers in 004 that are not part of the description. */
const MARKERS = new Set(['Experimental', 'Deprecated']);

function collapse(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** Strips the inline reStructuredText markup that occurs in documentation tables. */
export function stripRst(text) {
  return text
    .replace(/``([^`]+)``/g, '$1') // ``literal``
    .replace(/`([^`<]+?)\s*<[^>]*>`_{1,2}/g, '$1') // `text <url>`_
    .replace(/:[a-z]+:`([^`]+)`/g, '$1') // :role:`text`
    .replace(/`([^`]+)`_{0,2}/g, '$1') // `interpreted`, `link`_
    .replace(/\*\*([^*]+)\*\*/g, '$1') // **strong**
    .replace(/\*([^*]+)\*/g, '$1') // *emphasis*
    .replace(/\\ /g, '') // escaped whitespace: "1\ *xx*" is "1xx"
    .replace(/\\(.)/g, '$1'); // other backslash-escapes
}

/** Joins a cell's lines: lines of a paragraph with a space, paragraphs with a single space. */
function joinCell(lines) {
  const paragraphs = [];
  let current = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
    } else {
      current.push(trimmed);
    }
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return collapse(stripRst(paragraphs.join(' ')));
}

/**
 * Parses the RST grid table of seed 002.
 * @returns {Map<number, {message: string, description: string}>}
 */
export function parseSeed002(text) {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\+-[-+]*\+\s*$/.test(line));
  if (start < 0) throw new Error('seed 002: no grid table found');
  const border = lines[start].trimEnd();
  const columns = [];
  for (let i = 0; i < border.length; i++) if (border[i] === '+') columns.push(i);
  if (columns.length !== 4) throw new Error(`seed 002: expected 3 columns, found ${columns.length - 1}`);

  /** @type {string[][][]} rows of cells of lines */
  const rows = [];
  let cells = null;
  let headerRows = -1;
  for (let n = start; n < lines.length; n++) {
    const line = lines[n].trimEnd();
    if (line === '') break; // end of table
    if (line.startsWith('+')) {
      if (!/^\+[-=+]+\+$/.test(line)) throw new Error(`seed 002 line ${n + 1}: malformed border`);
      if (cells) rows.push(cells);
      cells = null;
      if (line.includes('=')) headerRows = rows.length;
      continue;
    }
    if (!line.startsWith('|')) throw new Error(`seed 002 line ${n + 1}: not a table line`);
    for (const column of columns) {
      if (line[column] !== '|') throw new Error(`seed 002 line ${n + 1}: cell boundary not at column ${column}`);
    }
    if (line.length !== border.length) throw new Error(`seed 002 line ${n + 1}: row wider than the table`);
    cells ??= columns.slice(1).map(() => []);
    for (let c = 0; c < columns.length - 1; c++) cells[c].push(line.slice(columns[c] + 1, columns[c + 1]));
  }
  if (cells) throw new Error('seed 002: table not closed');
  if (headerRows !== 1) throw new Error('seed 002: expected one header row');
  const header = rows[0].map(joinCell);
  if (header.join('|') !== 'Status Code|Message|Description') {
    throw new Error(`seed 002: unexpected header ${JSON.stringify(header)}`);
  }

  const result = new Map();
  for (const row of rows.slice(1)) {
    const [code, message, description] = row.map(joinCell);
    if (!/^[1-5]\d\d$/.test(code)) throw new Error(`seed 002: bad status code cell ${JSON.stringify(code)}`);
    const status = Number(code);
    if (result.has(status)) throw new Error(`seed 002: duplicate status ${status}`);
    if (!message || !description) throw new Error(`seed 002: empty cell for ${status}`);
    result.set(status, { message, description });
  }
  return result;
}

/**
 * Joins the description lines of seed 004, mending the artefacts where inline code or a link
 * ended a line in that copy.
 */
function mendJoin(lines) {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (text === '') {
      text = line;
    } else if (/^s\b/.test(line) && /\b[A-Z]{2,}$/.test(text)) {
      text += line; // "GET" + "s a resource" -> "GETs a resource"
    } else if (/^HTTP Re(?:sponse|quest) header\b/.test(line) && /\w:$/.test(text)) {
      // "Location:" + "HTTP Response header" -> "Location HTTP response header"
      text = `${text.slice(0, -1)} ${line.replace(/^HTTP Re(sponse|quest) header/, (_m, rest) => `HTTP re${rest} header`)}`;
    } else if (/^[.,;:!?)]/.test(line)) {
      text += line; // no space before punctuation
    } else {
      text += ` ${line}`;
    }
  }
  return collapse(text).replace(/ +([.,;:!?])/g, '$1');
}

/**
 * Parses seed 004: "NNN Message" lines, each followed by its description lines.
 * @returns {Map<number, {message: string, description: string}>}
 */
export function parseSeed004(text) {
  const lines = text.split(/\r?\n/);
  const result = new Map();
  let status = 0;
  let message = '';
  let body = [];
  const flush = () => {
    if (!status) return;
    const description = mendJoin(body);
    if (!description) throw new Error(`seed 004: empty description for ${status}`);
    result.set(status, { message, description });
  };
  for (const [n, line] of lines.entries()) {
    const header = /^([1-5]\d\d) (\S.*)$/.exec(line.trim());
    if (header) {
      flush();
      status = Number(header[1]);
      if (result.has(status)) throw new Error(`seed 004 line ${n + 1}: duplicate status ${status}`);
      message = collapse(header[2]);
      body = [];
    } else if (MARKERS.has(line.trim())) {
      continue;
    } else if (status) {
      body.push(line);
    } else if (line.trim() !== '') {
      throw new Error(`seed 004 line ${n + 1}: text before the first status`);
    }
  }
  flush();
  return result;
}

/** Splits a description into sentences. */
function sentences(text) {
  return text.split(/(?<=[.!?])\s+(?=[A-Z])/);
}

/**
 * Builds the catalogue from the texts of seeds 002 and 004.
 * @param {string} seed002Text
 * @param {string} seed004Text
 * @returns {Array<{status: number, name: string, message: string, description: string, retryable: boolean}>}
 */
export function parseCatalog(seed002Text, seed004Text) {
  const primary = parseSeed002(seed002Text);
  const secondary = parseSeed004(seed004Text);
  const codes = [...new Set([...primary.keys(), ...secondary.keys()])].sort((a, b) => a - b);
  const named = Object.keys(NAMES).map(Number);
  const unnamed = codes.filter((code) => !(code in NAMES));
  if (unnamed.length) throw new Error(`no name for status ${unnamed.join(', ')}: add it to NAMES`);
  const missing = named.filter((code) => !codes.includes(code));
  if (missing.length) throw new Error(`status ${missing.join(', ')} named but in no seed`);

  return codes.map((status) => {
    let { message, description } = primary.get(status) ?? secondary.get(status);
    const count = DESCRIPTION_FROM_004[status];
    if (count !== undefined) {
      const fallback = secondary.get(status);
      if (!fallback) throw new Error(`seed 004 lacks ${status}`);
      const taken = sentences(fallback.description);
      if (taken.length < count) throw new Error(`seed 004: ${status} has fewer than ${count} sentences`);
      description = taken.slice(0, count).join(' ');
    }
    return { status, name: NAMES[status], message, description, retryable: RETRYABLE.includes(status) };
  });
}

function quote(text) {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/**
 * Renders src/catalog/statuses.ts for the given entries: one constant per status, then the table of them. An error
 * class imports its own constant, so a bundle with `NotFound` carries one entry, not the whole catalogue.
 */
export function renderCatalog(entries) {
  const constants = entries.map(
    (e) =>
      `export const status${e.status} = { status: ${e.status}, name: ${quote(e.name)}, message: ${quote(e.message)}, ` +
      `description: ${quote(e.description)}, retryable: ${e.retryable} } as const satisfies StatusEntry;`,
  );
  return [
    '// Generated by scripts/build-catalog.mjs from data/seeds/. Do not edit by hand: run npm run catalog.',
    "import type { StatusEntry } from './types.js';",
    '',
    ...constants,
    '',
    'export const statuses = {',
    ...entries.map((e) => `  ${e.status}: status${e.status},`),
    '} as const satisfies Readonly<Record<number, StatusEntry>>;',
    '',
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const read = (name) => readFileSync(resolve(root, 'data/seeds', name), 'utf8');
  const entries = parseCatalog(read(SEED_002), read(SEED_004));
  const out = resolve(root, 'src/catalog/statuses.ts');
  writeFileSync(out, renderCatalog(entries));
  console.log(`wrote ${entries.length} statuses to ${out}`);
}
