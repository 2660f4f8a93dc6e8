import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

/** Captures what errata writes to stderr (failures of user code it survived) and keeps it out of the test log. */
export function captureStderr(): { lines: () => string[] } {
  let spy: MockInstance<typeof process.stderr.write> | undefined;
  beforeEach(() => {
    spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => spy?.mockRestore());
  return { lines: () => (spy?.mock.calls ?? []).map(([chunk]) => String(chunk)) };
}
