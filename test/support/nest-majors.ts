// The NestJS majors errata/nest is tested on: 12 from the root's node_modules (what `npm install @nestjs/core`
// gives a new user), 11 from its own install in test/fixtures/nest11. Nest's packages require each other by name
// (@nestjs/core requires '@nestjs/common'), so npm aliases cannot hold two majors side by side in one node_modules.
import * as common12 from '@nestjs/common';
import * as core12 from '@nestjs/core';
import * as platformExpress12 from '@nestjs/platform-express';
import * as platformFastify12 from '@nestjs/platform-fastify';
import * as classTransformer12 from 'class-transformer';
import * as classValidator12 from 'class-validator';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as rxjs12 from 'rxjs';

export type NestMajor = 11 | 12;

/**
 * The Nest packages of one major, and the rxjs, class-validator and class-transformer its ValidationPipe uses (a DTO
 * must be decorated with the copies that pipe loads: class-transformer keeps its metadata per copy). Nest 11's are
 * typed as Nest 12's: the API these tests use (decorators, NestFactory, the two adapters, HttpException and its
 * subclasses, ValidationPipe) is the same.
 */
export interface NestModules {
  major: NestMajor;
  /** The version of @nestjs/core actually loaded, so that a test can show which copy it ran. */
  version: string;
  common: typeof common12;
  core: typeof core12;
  platformExpress: typeof platformExpress12;
  platformFastify: typeof platformFastify12;
  rxjs: typeof rxjs12;
  classValidator: typeof classValidator12;
  classTransformer: typeof classTransformer12;
}

const FIXTURE = new URL('../fixtures/nest11/', import.meta.url);

/** Why Nest 11 cannot run here, or undefined when its fixture is installed (`.ci/run` installs it). */
export const nest11Missing: string | undefined = existsSync(new URL('node_modules/@nestjs/core/package.json', FIXTURE))
  ? undefined
  : 'test/fixtures/nest11/node_modules is absent: run npm ci --prefix test/fixtures/nest11';

/** The majors that can run here: 12 always, 11 when its fixture is installed. */
export const nestMajors: readonly NestMajor[] = nest11Missing === undefined ? [12, 11] : [12];

const nest12: NestModules = {
  major: 12,
  version: (createRequire(import.meta.url)('@nestjs/core/package.json') as { version: string }).version,
  common: common12,
  core: core12,
  platformExpress: platformExpress12,
  platformFastify: platformFastify12,
  rxjs: rxjs12,
  classValidator: classValidator12,
  classTransformer: classTransformer12,
};

let nest11: NestModules | undefined;

/**
 * Nest's packages of one major. Nest 11 is CommonJS and is required from the fixture's own folder, so that each of
 * its packages finds the others (and their Fastify, Express, rxjs and class-validator) there rather than the root's Nest 12.
 *
 * @example
 * const { common, core } = nestModules(11);
 * const app = await core.NestFactory.create(AppModule, new (nestModules(11).platformExpress.ExpressAdapter)());
 */
export function nestModules(major: NestMajor): NestModules {
  if (major === 12) return nest12;
  if (nest11Missing !== undefined) throw new Error(`Nest 11 cannot run: ${nest11Missing}`);
  if (!nest11) {
    const require = createRequire(new URL('package.json', FIXTURE));
    nest11 = {
      major: 11,
      version: (require('@nestjs/core/package.json') as { version: string }).version,
      common: require('@nestjs/common') as typeof common12,
      core: require('@nestjs/core') as typeof core12,
      platformExpress: require('@nestjs/platform-express') as typeof platformExpress12,
      platformFastify: require('@nestjs/platform-fastify') as typeof platformFastify12,
      rxjs: require('rxjs') as typeof rxjs12,
      classValidator: require('class-validator') as typeof classValidator12,
      classTransformer: require('class-transformer') as typeof classTransformer12,
    };
  }
  return nest11;
}
