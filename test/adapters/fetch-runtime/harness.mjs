// A minimal test harness that runs unchanged under Node, Bun and Deno: no node:test, no runtime's own runner.
/* global AbortController */
// `run` prints one `ok`/`not ok` line per test and `# pass N` / `# fail N`, and sets a failing exit code.

/** Deep equality of plain data (objects, arrays, primitives), key order ignored. */
function equal(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]));
}

export function assertEqual(actual, expected, label = 'value') {
  if (!equal(actual, expected)) {
    throw new Error(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function assertMatch(actual, pattern, label = 'value') {
  if (typeof actual !== 'string' || !pattern.test(actual)) throw new Error(`${label}: ${JSON.stringify(actual)} does not match ${pattern}`);
}

/** Every header of a Response as a plain object (names lower-cased, as the Fetch API gives them). */
export function headersOf(response) {
  const out = {};
  response.headers.forEach((value, name) => (out[name] = value));
  return out;
}

export function runtimeName() {
  if (typeof globalThis.Bun !== 'undefined') return 'bun';
  if (typeof globalThis.Deno !== 'undefined') return 'deno';
  return 'node';
}

/**
 * Serves a Fetch API handler on 127.0.0.1 with a free port, with the runtime's own server (Bun.serve, Deno.serve)
 * or, on Node, @hono/node-server's bridge; resolves to its base URL and a close function.
 */
export async function serve(handler) {
  const runtime = runtimeName();
  if (runtime === 'bun') {
    const server = globalThis.Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler });
    return { url: `http://127.0.0.1:${server.port}`, close: async () => server.stop(true) };
  }
  if (runtime === 'deno') {
    const controller = new AbortController();
    let listening;
    const ready = new Promise((resolve) => (listening = resolve));
    const server = globalThis.Deno.serve({ port: 0, hostname: '127.0.0.1', signal: controller.signal, onListen: (addr) => listening(addr) }, handler);
    const { port } = await ready;
    return { url: `http://127.0.0.1:${port}`, close: async () => { controller.abort(); await server.finished; } };
  }
  const { createAdaptorServer } = await import('@hono/node-server');
  const server = createAdaptorServer({ fetch: handler });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** Runs the tests in order; each is `{ name, run }`. */
export async function run(tests) {
  let passed = 0;
  let failed = 0;
  for (const test of tests) {
    try {
      await test.run();
      passed++;
      console.log(`ok - ${test.name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${test.name}\n  ${String(error?.stack ?? error).replaceAll('\n', '\n  ')}`);
    }
  }
  console.log(`# ${runtimeName()}\n# pass ${passed}\n# fail ${failed}`);
  if (failed > 0) {
    if (typeof globalThis.Deno !== 'undefined') globalThis.Deno.exitCode = 1;
    else globalThis.process.exitCode = 1;
  }
  return { passed, failed };
}
