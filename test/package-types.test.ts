import { execFileSync } from 'node:child_process';
import { copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/dist.js';
import { installPacked, type PackedProject } from './support/packed.js';

// A small app against the packed tarball, type-checked under each module resolution a TypeScript user may have:
// node10 (the default of `module: commonjs`, which knows nothing of `exports`), node16, nodenext and bundler.
const APP = `
import { HttpError, NotFound, TooManyRequests, errorFromResponse, isHttpError, retryDelay, type ErrorStatus } from 'errata';
import { createErrorHandler, createOverloadGuard, serviceUnavailable } from 'errata/express';
import { createErrorHandler as koaErrorHandler, serviceUnavailable as koaServiceUnavailable } from 'errata/koa';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Middleware } from 'koa';

const missing: NotFound = new NotFound('User 42 does not exist', { code: 'USER_NOT_FOUND' });
const status: 404 = missing.status;
const documented: ErrorStatus = 429;
const limited = new TooManyRequests({ retryAfter: 30, limit: 100, remaining: 0 });
const wait: number | undefined = retryDelay({ 'retry-after': '3' });
const expressHandler: ErrorRequestHandler = createErrorHandler({ production: true });
const overload: RequestHandler = serviceUnavailable({ maxEventLoopDelay: 200 });
const koaHandler: Middleware = koaErrorHandler({ emitClientErrors: true });
const koaOverload: Middleware = koaServiceUnavailable({ retryAfter: 5 });
const guard = createOverloadGuard({ when: () => false });
guard.close();

export async function read(response: Response): Promise<HttpError> {
  const error = await HttpError.fromResponse(response);
  return isHttpError(error) ? error : errorFromResponse(response);
}
export const used = [status, documented, limited.headers, wait, expressHandler, overload, koaHandler, koaOverload] as const;
`;

// The control: an app that is wrong against each entry's types. Were a module not found, or typed `any`, these
// lines would give TS2307 or TS7016, or nothing at all, instead of the errors expected below.
const WRONG = `
import { NotFound } from 'errata';
import { createErrorHandler } from 'errata/express';
import { createErrorHandler as koaErrorHandler } from 'errata/koa';

export const status: 500 = new NotFound().status;
export const express = createErrorHandler({ production: 'yes' });
export const koa = koaErrorHandler({ emitClientErrors: 1 });
`;
const WRONG_ERRORS = (file: string): string[] => [`${file}:6 TS2322`, `${file}:7 TS2322`, `${file}:8 TS2322`];

interface Setup {
  name: string;
  compilerOptions: Record<string, string>;
  /** Files to check: `.ts` is CommonJS in this project (`type: commonjs`) under node16/nodenext, `.mts` ESM. */
  files: string[];
}

const setups: Setup[] = [
  { name: 'node10 (module: commonjs)', compilerOptions: { module: 'commonjs' }, files: ['app.ts', 'wrong.ts'] },
  { name: 'node16', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, files: ['app.ts', 'app.mts', 'wrong.ts', 'wrong.mts'] },
  { name: 'nodenext', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, files: ['app.ts', 'app.mts', 'wrong.ts', 'wrong.mts'] },
  { name: 'bundler', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, files: ['app.ts', 'wrong.ts'] },
];

let packed: PackedProject;

beforeAll(() => {
  packed = installPacked('package-types');
  // The declarations of express, koa and node, as an app has them (errata's own adapters' types import them).
  symlinkSync(join(root, 'node_modules', '@types'), join(packed.project, 'node_modules', '@types'), 'dir');
  writeFileSync(join(packed.project, 'app.ts'), APP);
  writeFileSync(join(packed.project, 'wrong.ts'), WRONG);
  copyFileSync(join(packed.project, 'app.ts'), join(packed.project, 'app.mts'));
  copyFileSync(join(packed.project, 'wrong.ts'), join(packed.project, 'wrong.mts'));
}, 300_000);

afterAll(() => packed?.remove());

/**
 * Runs the repository's tsc on the scratch project with `setup`; returns each error's file, line and code, sorted.
 * Libraries are checked (`skipLibCheck: false`), errata's declarations with them; but not the DefinitelyTyped
 * packages themselves: @types/koa names `contentDisposition.Options`, which @types/content-disposition does not
 * export under node16, whatever errata does.
 */
function typeCheck(setup: Setup): string[] {
  const config = `tsconfig.${setup.name.split(' ')[0]}.json`;
  const compilerOptions = { ...setup.compilerOptions, strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022'], types: ['node'] };
  writeFileSync(join(packed.project, config), JSON.stringify({ compilerOptions, files: setup.files }));
  let output: string;
  try {
    output = execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'], {
      cwd: packed.project,
      encoding: 'utf8',
      timeout: 120_000,
    });
  } catch (failure) {
    output = String((failure as { stdout?: string }).stdout ?? failure);
  }
  return output
    .split('\n')
    .flatMap((line) => {
      const error = /^(\S.*?)\((\d+),\d+\): error (TS\d+)/.exec(line);
      return error && !error[1]!.includes('node_modules/@types/') ? [`${error[1]}:${error[2]} ${error[3]}`] : [];
    })
    .sort();
}

describe('the packed package type-checks in every module resolution', () => {
  it.each(setups)('$name: errata, errata/express and errata/koa resolve to their declarations', (setup) => {
    const expected = setup.files.filter((file) => file.startsWith('wrong')).flatMap(WRONG_ERRORS).sort();
    expect(typeCheck(setup)).toEqual(expected);
  }, 120_000);
});
