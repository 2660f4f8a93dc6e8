import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The Express handler writes every 5xx to stderr when no logger is given (tested with spies in
    // test/trust/defaults.test.ts); thousands of deliberate 500s would bury the test report.
    onConsoleLog: (log, type) => !(type === 'stderr' && log.startsWith('errata: ')),
  },
});
