import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './dist.js';

/**
 * The code blocks of README.md and docs/*.md, with what the HTML comment on the line before each says about it:
 *
 * - `<!-- fragment: declares app: import('express').Express; flags: { on: boolean } -->`: a fragment; it is
 *   type-checked after a prelude declaring each `name: type` (separated by `;`).
 * - `<!-- run: GET /users/42 | Accept: text/html | body: {"a":1} → 404 -->`: a server; it is started (its
 *   `.listen(3000)` or `port: 3000` given a free port) and sent that request. The first `http` block after it, before the next
 *   `ts` block, is the response the text shows: status line, each header shown, and the body, exactly.
 * - `<!-- client: … prints true -->`: a client of the last server; run against it, it must print that.
 * - `<!-- not-run: reason -->`: a whole program that is type-checked but not started (the reason says why).
 * - `<!-- not-checked: reason -->`: not checked at all; the test lists these with the reason.
 *
 * `ts` blocks are type-checked, `http` blocks compared with a server's answer, `sh` blocks' npm scripts must exist.
 */
export interface DocBlock {
  /** `README.md` or `docs/….md`. */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  marker?: { kind: 'fragment' | 'run' | 'client' | 'not-run' | 'not-checked'; text: string };
}

export interface RunRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status?: number;
}

const MARKER = /^<!-- (fragment|run|client|not-run|not-checked): (.*) -->$/;

/** The Markdown files whose blocks are checked, relative to the repository root. */
export function docFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export function extractBlocks(file: string, text = readFileSync(join(root, file), 'utf8')): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\S*)\s*$/.exec(lines[index]!);
    if (!fence) continue;
    const end = lines.findIndex((candidate, at) => at > index && candidate.startsWith('```'));
    if (end === -1) throw new Error(`${file}:${index + 1}: a code block is never closed`);
    const block: DocBlock = { file, line: index + 1, lang: fence[1]!, code: lines.slice(index + 1, end).join('\n') };
    const marker = MARKER.exec(lines[index - 1] ?? '');
    if (!marker && (lines[index - 1] ?? '').trim() === '' && MARKER.test(lines[index - 2] ?? '')) {
      throw new Error(`${file}:${index + 1}: a marker must be on the line right before its block, not a blank line above`);
    }
    if (marker) block.marker = { kind: marker[1] as NonNullable<DocBlock['marker']>['kind'], text: marker[2]! };
    blocks.push(block);
    index = end;
  }
  return blocks;
}

/** `declare const …;` lines for a fragment marker's `declares a: A; b: B`. */
export function prelude(block: DocBlock): string {
  if (block.marker?.kind !== 'fragment') return '';
  const declared = /^declares (.+)$/.exec(block.marker.text);
  if (!declared) throw new Error(`${block.file}:${block.line}: a fragment marker says "declares name: type; …"`);
  return declared[1]!
    .split(';')
    .map((declaration) => `declare const ${declaration.trim()};\n`)
    .join('');
}

/** The request of a `run:` marker. */
export function runRequest(block: DocBlock): RunRequest {
  const [first, ...rest] = block.marker!.text.split(' | ');
  let last = rest.length > 0 ? rest.pop()! : undefined;
  let head = first!;
  let status: number | undefined;
  const statusIn = (part: string): string => {
    const match = /^(.*?)\s*→\s*(\d{3})$/.exec(part);
    if (!match) return part;
    status = Number(match[2]);
    return match[1]!;
  };
  if (last === undefined) head = statusIn(head);
  else last = statusIn(last);
  const [method, path] = head.split(' ');
  const request: RunRequest = { method: method!, path: path!, headers: {} };
  for (const part of last === undefined ? rest : [...rest, last]) {
    const colon = part.indexOf(': ');
    const name = part.slice(0, colon);
    if (name === 'body') request.body = part.slice(colon + 2);
    else request.headers[name] = part.slice(colon + 2);
  }
  if (status !== undefined) request.status = status;
  return request;
}

/** The `http` block a `run` block's response is compared with: the first after it, before any other `ts` block. */
export function shownResponse(blocks: DocBlock[], run: DocBlock): DocBlock | undefined {
  for (const block of blocks.slice(blocks.indexOf(run) + 1)) {
    if (block.lang === 'http') return block;
    if (block.lang === 'ts') return undefined;
  }
  return undefined;
}

export interface ShownResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

export function parseShownResponse(block: DocBlock): ShownResponse {
  const [head, ...body] = block.code.split('\n\n');
  const [statusLine, ...headerLines] = head!.split('\n');
  const status = /^HTTP\/1\.1 (\d{3}) (.+)$/.exec(statusLine!);
  if (!status) throw new Error(`${block.file}:${block.line}: an http block starts with a status line`);
  return {
    status: Number(status[1]),
    statusText: status[2]!,
    headers: headerLines.map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)];
    }),
    body: body.join('\n\n'),
  };
}

/** The npm scripts an `sh` block runs (`npm start`, `npm test`, `npm run x`). */
export function npmScripts(block: DocBlock): string[] {
  return [...block.code.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test))\b/g)].map((match) => (match[1] ?? match[2])!);
}

/** The bare package names a block imports (not errata's own, not Node's). */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/^import [^'"]*['"]([^'"]+)['"]/gm)) {
    const specifier = match[1]!;
    if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier === 'errata' || specifier.startsWith('errata/')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return [...names];
}

/** The packages an `sh` block installs (`npm install errata fastify fastify-plugin`), errata left out. */
export function installedPackages(block: DocBlock): string[] {
  return [...block.code.matchAll(/\bnpm (?:install|i|add) ([^\n#&|;]+)/g)].flatMap((match) =>
    match[1]!.split(/\s+/).filter((name) => name !== '' && !name.startsWith('-') && name !== 'errata'),
  );
}
