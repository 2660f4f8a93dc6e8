// docs/integrations.md's OpenTelemetry setup, run as the reader runs it: its instrumentation.ts and app.ts blocks
// compiled to CommonJS with tsc in a scratch project holding the packed tarball, then started with
// `node --import ./instrumentation.js app.js`. The SDK is configured only by environment, as the text says, to export
// OTLP/JSON to a collector this test plays, so the assertions are on the spans a real backend would receive.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBlocks, type DocBlock } from './support/docs-blocks.js';
import { root } from './support/dist.js';
import { installPacked, type PackedProject } from './support/packed.js';

const DOC = 'docs/integrations.md';

/** The block whose first line is `// <name>`, and the `sh` block that says how to build and start them. */
function docBlock(name: string): DocBlock {
  const found = extractBlocks(DOC).filter((block) => block.lang === 'ts' && block.code.startsWith(`// ${name}\n`));
  if (found.length !== 1) throw new Error(`${DOC} has ${found.length} blocks starting "// ${name}", not one`);
  return found[0]!;
}
const instrumentation = docBlock('instrumentation.ts');
const app = docBlock('app.ts');
const command = extractBlocks(DOC).find((block) => block.lang === 'sh' && block.code.includes('--import ./instrumentation.js'));

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  events?: { name: string; attributes?: { key: string; value: OtlpValue }[] }[];
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
}

const SPAN_KIND_SERVER = 2;
const STATUS_ERROR = 2;
const attribute = (attributes: OtlpSpan['attributes'], key: string) => attributes?.find((entry) => entry.key === key)?.value;

let packed: PackedProject;
let collector: Server;
const spans: OtlpSpan[] = [];

function link(name: string): void {
  symlinkSync(join(root, 'node_modules', name), join(packed.project, 'node_modules', name), 'dir');
}

beforeAll(async () => {
  packed = installPacked('otel-docs');
  // What the doc's npm install line adds besides errata: express, @opentelemetry/api (errata's optional peer) and the
  // SDK packages, all from the repository's dev dependencies; @types and typescript for its `npx tsc`.
  for (const name of ['@opentelemetry', 'express', '@types']) link(name);
  writeFileSync(join(packed.project, 'instrumentation.ts'), instrumentation.code);
  writeFileSync(join(packed.project, 'app.ts'), app.code);
  // "compiled to CommonJS", as a tsconfig.json from `tsc --init` for a CommonJS project has it.
  const compilerOptions = { strict: true, target: 'es2022', module: 'commonjs', esModuleInterop: true, types: ['node'], skipLibCheck: true };
  writeFileSync(join(packed.project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['instrumentation.ts', 'app.ts'] }));
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'], {
    cwd: packed.project,
    encoding: 'utf8',
    timeout: 120_000,
  });

  collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const exported = JSON.parse(body) as OtlpExport;
        spans.push(...exported.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
}, 300_000);

afterAll(async () => {
  packed?.remove();
  await new Promise((resolve) => collector?.close(resolve));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output()}`);
    try {
      // A path the app does not route, so this probe records no exception.
      await fetch(`http://127.0.0.1:${port}/probe`, { method: 'HEAD' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the app did not listen within 20 s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function exportedWithin(ms: number, done: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe(`${DOC}'s OpenTelemetry setup, started with node --import`, () => {
  it('is what the sh block compiles and starts', () => {
    expect(command?.code).toContain('npx tsc && node --import ./instrumentation.js app.js');
    expect(readFileSync(join(packed.project, 'instrumentation.js'), 'utf8')).toContain('require("@opentelemetry/sdk-node")');
  });

  it("records the thrown error, stack included, on the request's server span while the client gets a bare 500", async () => {
    const port = await freePort();
    expect(app.code).toContain('app.listen(3000)');
    const compiled = readFileSync(join(packed.project, 'app.js'), 'utf8');
    writeFileSync(join(packed.project, 'app.js'), compiled.replace('listen(3000)', `listen(${port})`));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OTEL_SERVICE_NAME: 'docs-app',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`,
      // The batch processor waits 5 s by default; the test has no reason to.
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    };
    // NODE_ENV unset, as an unconfigured server runs: production, so the body must hide the message.
    delete env.NODE_ENV;
    const child = spawn(process.execPath, ['--import', './instrumentation.js', 'app.js'], { cwd: packed.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await listening(port, child, () => output);
      const response = await fetch(`http://127.0.0.1:${port}/`);
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(body).not.toContain('db password rejected');
      expect(JSON.parse(body)).toEqual({
        status: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
        description: 'The server has encountered a situation it does not know how to handle.',
        retryable: false,
      });

      const withException = () =>
        spans.filter((span) =>
          span.events?.some((event) => event.name === 'exception' && attribute(event.attributes, 'exception.message')?.stringValue === 'db password rejected'),
        );
      const server = () => spans.filter((span) => span.kind === SPAN_KIND_SERVER && attribute(span.attributes, 'url.path')?.stringValue === '/');
      await exportedWithin(10_000, () => withException().length >= 2 && server().length > 0);

      // errata records it on the request's server span; instrumentation-express, on its own route span.
      const names = `spans exported: ${JSON.stringify(spans.map((span) => span.name))}\n${output}`;
      expect(withException().map((span) => span.name).sort(), names).toEqual(['GET /', 'request handler']);
      expect(server()).toHaveLength(1);
      const [span] = server();
      const exception = span!.events!.find((event) => event.name === 'exception')!;
      expect(attribute(exception.attributes, 'exception.type')?.stringValue).toBe('Error');
      expect(attribute(exception.attributes, 'exception.message')?.stringValue).toBe('db password rejected');
      expect(attribute(exception.attributes, 'exception.stacktrace')?.stringValue).toMatch(/^Error: db password rejected\n\s+at .*app\.js:/);
      expect(attribute(span!.attributes, 'error.type')?.stringValue).toBe('InternalServerError');
      expect(span!.status?.code).toBe(STATUS_ERROR);
      expect(Number(attribute(span!.attributes, 'http.response.status_code')?.intValue)).toBe(500);
    } finally {
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill();
        });
      }
    }
  }, 60_000);
});
