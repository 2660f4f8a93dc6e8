import { rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const entries = { index: 'src/index.ts', express: 'src/express/index.ts', koa: 'src/koa/index.ts' };
// The adapters under src/adapters/<name>/ (dist/<name>.js re-exports dist/adapters/<name>/index.js).
const adapters = ['fetch', 'node', 'hono'];
for (const name of adapters) Object.assign(entries, { [name]: `src/adapters/${name}/index.ts` });
// errata/fastify and errata/nest, the same way; errata/fastify also has a default export, which `export *` leaves out.
const withDefault = ['fastify'];
for (const name of [...withDefault, 'nest']) Object.assign(entries, { [name]: `src/adapters/${name}/index.ts` });
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
    // The adapters' entry files where the export map has always pointed (dist/express.js, dist/koa.js).
    onSuccess: async () => {
      for (const name of ['express', 'koa']) writeFileSync(`dist/${name}.js`, `export * from './${name}/index.js';\n`);
      for (const name of adapters) writeFileSync(`dist/${name}.js`, `export * from './adapters/${name}/index.js';\n`);
      writeFileSync('dist/nest.js', `export * from './adapters/nest/index.js';\n`);
      for (const name of withDefault) {
        writeFileSync(`dist/${name}.js`, `export * from './adapters/${name}/index.js';\nexport { default } from './adapters/${name}/index.js';\n`);
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
