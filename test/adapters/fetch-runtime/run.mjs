// Runs the shared tests of errata/fetch and errata/hono on this runtime: `bun run.mjs`, `deno run -A run.mjs`, `node run.mjs`.
import { run } from './harness.mjs';
import { tests as fetchTests } from './fetch.shared.mjs';
import { tests as honoTests } from './hono.shared.mjs';

await run([...fetchTests.map((t) => ({ ...t, name: `fetch: ${t.name}` })), ...honoTests.map((t) => ({ ...t, name: `hono: ${t.name}` }))]);
