// Every code block of README.md and docs/*.md, checked as a newcomer would use it: against the packed tarball
// installed in a scratch project, type-checked under `strict`, and each server started and asked the request the
// text shows, its answer compared with the response the text prints. See test/support/docs-blocks.ts for the
// markers a block may carry.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/dist.js';
import {
  docFiles,
  extractBlocks,
  importedPackages,
  installedPackages,
  npmScripts,
  parseShownResponse,
  prelude,
  runRequest,
  shownResponse,
  type DocBlock,
} from './support/docs-blocks.js';
import { installPacked, type PackedProject } from './support/packed.js';

const files = docFiles();
const blocksByFile = new Map(files.map((file) => [file, extractBlocks(file)]));
const blocks = [...blocksByFile.values()].flat();
const where = (block: DocBlock) => `${block.file}:${block.line}`;
const checkedTs = blocks.filter((block) => block.lang === 'ts' && block.marker?.kind !== 'not-checked');
const runs = blocks.filter((block) => block.marker?.kind === 'run');
const notChecked = blocks.filter((block) => block.marker?.kind === 'not-checked');
// The reporter shows no reasons: name each unchecked block and why at collection time.
for (const block of notChecked) console.warn(`${where(block)}: not checked (${block.marker!.text})`);

// A control: a block that is wrong against errata's types must fail, or the check proves nothing.
const CONTROL = "import { NotFound } from 'errata';\nexport const status: 500 = new NotFound().status;\n";
const fileOf = (block: DocBlock) => `blocks/${block.file.replace(/[/.]/g, '_')}_${block.line}.ts`;

let packed: PackedProject;
let diagnostics: string[] = [];

function linkPackage(name: string): void {
  const target = join(packed.project, 'node_modules', name);
  if (existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), target, 'dir');
}

beforeAll(() => {
  packed = installPacked('docs-blocks', { type: 'module' });
  // The declarations of node, express and koa as an app has them, and the packages the blocks import, from the
  // repository's dev dependencies (errata itself is the packed tarball).
  symlinkSync(join(root, 'node_modules', '@types'), join(packed.project, 'node_modules', '@types'), 'dir');
  // Besides what the blocks import, what the docs tell the reader to install (`npm install errata fastify
  // fastify-plugin`): errata's optional peers that an entry needs.
  const installed = blocks.filter((block) => block.lang === 'sh').flatMap(installedPackages);
  for (const name of new Set([...blocks.flatMap((block) => importedPackages(block.code)), ...installed])) {
    if (existsSync(join(root, 'node_modules', name))) linkPackage(name);
  }
  mkdirSync(join(packed.project, 'blocks'));
  for (const block of checkedTs) writeFileSync(join(packed.project, fileOf(block)), `${prelude(block)}${block.code}\nexport {};\n`);
  writeFileSync(join(packed.project, 'blocks', 'control.ts'), CONTROL);
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2023', 'dom'],
    types: ['node'],
    // As a NestJS app's tsconfig has them (docs/nest.md's decorators); no other block uses decorators.
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    // Not the DefinitelyTyped packages themselves (see test/package-types.test.ts); errata's declarations are
    // checked in that test.
    skipLibCheck: true,
  };
  writeFileSync(join(packed.project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['blocks'] }));
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'], {
      cwd: packed.project,
      encoding: 'utf8',
      timeout: 180_000,
    });
  } catch (failure) {
    diagnostics = String((failure as { stdout?: string }).stdout ?? failure)
      .split('\n')
      .filter((line) => /^blocks\//.test(line));
  }
}, 400_000);

afterAll(() => packed?.remove());

/** The block's own diagnostics, with their line numbers turned into lines of the Markdown file. */
function diagnosticsOf(block: DocBlock): string[] {
  const offset = prelude(block).split('\n').length - 1;
  return diagnostics
    .filter((line) => line.startsWith(`${fileOf(block)}(`))
    .map((line) => line.replace(/^[^(]+\((\d+),(\d+)\)/, (_, row: string, column: string) => `${block.file}:${block.line + Number(row) - offset}:${column}`));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');
}

describe('the links of the README and docs/', () => {
  const links = files.flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ file, target: match[1]! })).filter(({ target }) => !/^[a-z]+:/.test(target));
  });

  it.each(links.map((link) => [link.file, link.target] as const))('%s → %s exists', (file, target) => {
    const [path, anchor] = target.split('#');
    const resolved = path === '' ? file : join(dirname(file), path!);
    expect(existsSync(join(root, resolved)), resolved).toBe(true);
    if (anchor !== undefined) {
      const headings = [...readFileSync(join(root, resolved), 'utf8').matchAll(/^#+ (.+)$/gm)].map((match) => slug(match[1]!));
      expect(headings, `#${anchor} in ${resolved}`).toContain(anchor);
    }
  });
});

describe('the code blocks of the README and docs/', () => {
  it('are found, each of a kind the extractor checks', () => {
    expect(blocks.length).toBeGreaterThan(20);
    const unknown = blocks.filter((block) => !['ts', 'http', 'sh'].includes(block.lang)).map(where);
    expect(unknown, 'a block of another language is checked by nothing').toEqual([]);
  });

  it('the type check catches a block that is wrong (the control)', () => {
    expect(diagnostics.filter((line) => line.startsWith('blocks/control.ts'))).toEqual([
      "blocks/control.ts(2,14): error TS2322: Type '404' is not assignable to type '500'.",
    ]);
  });

  it.each(checkedTs.map((block) => [where(block), block] as const))('%s type-checks (strict) against the packed package', (_, block) => {
    expect(diagnosticsOf(block)).toEqual([]);
  });

  it('every server is started, or says why not', () => {
    const servers = blocks.filter((block) => block.lang === 'ts' && /\.listen\(/.test(block.code));
    const unmarked = servers.filter((block) => !['run', 'not-run', 'not-checked'].includes(block.marker?.kind ?? '')).map(where);
    expect(unmarked).toEqual([]);
  });

  it('every client block comes right after a server it can run against', () => {
    const clients = blocks.filter((block) => block.marker?.kind === 'client');
    const orphans = clients.filter((client) => {
      const before = blocksByFile.get(client.file)!.filter((block) => block.line < client.line && block.lang === 'ts');
      return before.at(-1)?.marker?.kind !== 'run';
    });
    expect(orphans.map(where)).toEqual([]);
  });

  it('every http block is the answer of a server above it', () => {
    const answers = new Set(runs.map((run) => shownResponse(blocksByFile.get(run.file)!, run)));
    expect(blocks.filter((block) => block.lang === 'http' && !answers.has(block)).map(where)).toEqual([]);
  });

  it.each(blocks.filter((block) => block.lang === 'sh').map((block) => [where(block), block] as const))('%s runs npm scripts that exist', (_, block) => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(npmScripts(block).filter((name) => !(name in scripts))).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const TSX = join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

/** Runs a block's file with tsx, NODE_ENV unset, as an unconfigured server runs. */
function start(file: string): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_ENV;
  const child = spawn(process.execPath, ['--import', TSX, file], { cwd: packed.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { method: 'HEAD' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the server did not listen within 20 s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

describe('the servers of the README and docs/ answer as the text shows', () => {
  it.each(runs.map((block) => [where(block), runRequest(block).method, runRequest(block).path, block] as const))(
    '%s: %s %s',
    async (_, __, ___, block) => {
      expect(/\.listen\(3000\)|port: 3000\b/.test(block.code), 'a server block listens on port 3000').toBe(true);
      const port = await freePort();
      const file = `run_${fileOf(block).slice('blocks/'.length)}`;
      writeFileSync(join(packed.project, file), block.code.replace('.listen(3000)', `.listen(${port})`).replace(/port: 3000\b/, `port: ${port}`));
      const server = start(file);
      try {
        await listening(port, server.child, server.output);
        const request = runRequest(block);
        const init: RequestInit = { method: request.method, headers: request.headers };
        if (request.body !== undefined) init.body = request.body;
        const response = await fetch(`http://127.0.0.1:${port}${request.path}`, init);
        const body = await response.text();
        if (request.status !== undefined) expect(response.status).toBe(request.status);
        const shown = shownResponse(blocksByFile.get(block.file)!, block);
        expect(shown !== undefined || request.status !== undefined, 'a run marker names a status or is followed by an http block').toBe(true);
        if (shown) {
          const expected = parseShownResponse(shown);
          expect(`${response.status} ${response.statusText}`).toBe(`${expected.status} ${expected.statusText}`);
          for (const [name, value] of expected.headers) expect(response.headers.get(name), name).toBe(value);
          expect(body).toBe(expected.body);
          // Where the text says which headers it left out, every header the response has is shown or named there.
          const after = readFileSync(join(root, shown.file), 'utf8').split('\n').slice(shown.line + shown.code.split('\n').length + 1);
          const note = after.slice(0, after.indexOf('')).join(' ');
          if (note.startsWith('(Headers shortened:')) {
            const shownNames = expected.headers.map(([name]) => name.toLowerCase());
            const names: string[] = [];
            response.headers.forEach((_, name) => names.push(name));
            const unnamed = names.filter((name) => !shownNames.includes(name) && !note.toLowerCase().includes(`\`${name}`));
            expect(unnamed, 'headers left out without a word').toEqual([]);
          }
        }
        // A client block right after the server runs against it and prints what its comment says.
        const next = blocksByFile.get(block.file)!.find((candidate) => candidate.line > block.line && candidate.lang === 'ts');
        if (next?.marker?.kind === 'client') {
          const printed = /prints (.+)$/.exec(next.marker.text)![1]!;
          const clientFile = `client_${fileOf(next).slice('blocks/'.length)}`;
          writeFileSync(join(packed.project, clientFile), next.code.replaceAll('localhost:3000', `127.0.0.1:${port}`));
          const client = start(clientFile);
          const code = await new Promise<number | null>((resolve) => client.child.once('exit', resolve));
          expect(client.output().trim(), `${where(next)} prints`).toBe(printed);
          expect(code).toBe(0);
        }
      } finally {
        await stop(server.child);
      }
    },
    60_000,
  );
});
