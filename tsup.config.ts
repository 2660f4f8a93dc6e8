import { rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// One entry per adapter, each under src/adapters/<name>/ (dist/<name>.js re-exports dist/adapters/<name>/index.js).
const adapters = ['express', 'koa', 'fetch', 'node', 'hono', 'fastify', 'nest'];
// errata/fastify also has a default export, which `export *` leaves out.
const withDefault = new Set(['fastify']);
const entries: Record<string, string> = { index: 'src/index.ts' };
for (const name of adapters) entries[name] = `src/adapters/${name}/index.ts`;
const common: Options = { target: 'node20', sourcemap: false, clean: false };

// The three builds below run in parallel into dist/, so none of them may clean it: it is emptied here, once.
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    // ESM, one file per source module: with `sideEffects: false`, a bundler drops every module a program does not
    // import, whatever its top level does, so `import { NotFound } from 'errata'` brings one class (test/bundle-size).
    ...common,
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    dts: false,
    // Each adapter's entry file where the export map points (dist/express.js, dist/koa.js, …).
    onSuccess: async () => {
      for (const name of adapters) {
        const reexport = `export * from './adapters/${name}/index.js';\n`;
        writeFileSync(`dist/${name}.js`, withDefault.has(name) ? `${reexport}export { default } from './adapters/${name}/index.js';\n` : reexport);
      }
    },
  },
  {
    // CommonJS: bundled per entry (require() cannot be tree-shaken by a bundler anyway), with its declarations.
    ...common,
    entry: entries,
    format: ['cjs'],
    dts: true,
    splitting: true,
    treeshake: true,
  },
  {
    // The declarations of the ESM entries (dist/index.d.ts, dist/express.d.ts, dist/koa.d.ts).
    ...common,
    entry: entries,
    format: ['esm'],
    dts: { only: true },
  },
]);
