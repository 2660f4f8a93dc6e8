import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface Manifest {
  license?: string;
  engines?: { node?: string };
  repository?: { type?: string; url?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}
interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const manifest = JSON.parse(read('package.json')) as Manifest;
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };

// semver is in node_modules through the dev tools (attw, autocannon, typescript-eslint); it ships no types.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
};

// The oldest Node the project is developed and tested on (engines says >=20; CI and the dev machine run 20.20).
const NODE_20 = '20.20.0';

/** Every package in the lockfile whose declared engines.node range excludes Node 20.20, as "path@version (range)". */
function excludingNode20(packages: Record<string, LockEntry>): string[] {
  const found: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || !entry.engines || Array.isArray(entry.engines)) continue;
    const range = entry.engines.node;
    if (range === undefined) continue;
    // An unparsable range is reported too: npm cannot promise it runs here either.
    if (semver.validRange(range) === null || !semver.satisfies(NODE_20, range)) {
      found.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} (node ${range})`);
    }
  }
  return found;
}

describe('package metadata a user and a registry see', () => {
  it('ships an MIT LICENSE whose terms match "license" in package.json', () => {
    expect(existsSync(new URL('LICENSE', root))).toBe(true);
    const license = read('LICENSE');
    expect(manifest.license).toBe('MIT');
    expect(license.startsWith('MIT License\n')).toBe(true);
    expect(license).toContain('Copyright (c) 2026 errata contributors');
    expect(license).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
    expect(license).toContain('The above copyright notice and this permission notice shall be included in all');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('puts the LICENSE in the packed tarball', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const [packed] = JSON.parse(output) as [{ files: { path: string }[] }];
    expect(packed.files.map((file) => file.path)).toContain('LICENSE');
  });

  it('names the repository, homepage and issue tracker, all on the same GitHub repository', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/) });
    const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec((manifest.repository as { url: string }).url)![1]!;
    expect(manifest.homepage).toBe(`${repo}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repo}/issues` });
  });
});

describe('dependencies install on Node 20 without an engine warning', () => {
  it('the lockfile records the dependencies package.json asks for (so the check below sees what npm installs)', () => {
    const rootEntry = lock.packages[''];
    expect(rootEntry?.devDependencies).toEqual(manifest.devDependencies);
    expect(rootEntry?.dependencies).toEqual(manifest.dependencies);
  });

  it('the check flags a package that needs a newer Node (cookie@2.0.2 needs >=22)', () => {
    expect(
      excludingNode20({
        '': {},
        'node_modules/light-my-request/node_modules/cookie': { version: '2.0.2', engines: { node: '>=22' } },
        'node_modules/ok': { version: '1.0.0', engines: { node: '^18.18.0 || ^20.9.0 || >=21.1.0' } },
      }),
    ).toEqual(['cookie@2.0.2 (node >=22)']);
  });

  it('no package in package-lock.json declares an engines.node range that excludes Node 20.20', () => {
    expect(manifest.engines?.node).toBe('>=20');
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(excludingNode20(lock.packages)).toEqual([]);
  });
});
