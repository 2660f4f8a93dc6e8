import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDist, root } from './dist.js';

/** A scratch project outside the repository with the packed tarball installed, as a user gets errata. */
export interface PackedProject {
  /** The scratch project's directory (its node_modules/errata is the installed tarball). */
  project: string;
  /** The paths the tarball holds (`dist/index.js`, `package.json`, …). */
  files: string[];
  /** Deletes the scratch project and the tarball. */
  remove(): void;
}

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

/**
 * Packs the repository (building dist first if it is missing) and installs the tarball into a new project whose
 * package.json has `fields` besides its name: `{ type: 'commonjs' }` makes `.ts` and `.js` files CommonJS.
 */
export function installPacked(label: string, fields: Record<string, unknown> = { type: 'commonjs' }): PackedProject {
  ensureDist();
  const workDir = realpathSync(mkdtempSync(join(tmpdir(), `errata-${label}-`)));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', workDir], root)) as [{ filename: string; files: { path: string }[] }];
  const project = join(workDir, 'scratch');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, ...fields }));
  const tarball = join(workDir, packed.filename);
  try {
    npm(['install', tarball, '--no-audit', '--no-fund', '--offline'], project);
  } catch {
    // A dependency missing from the npm cache: allow the network for it.
    npm(['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], project);
  }
  return {
    project,
    files: packed.files.map((file) => file.path),
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}
