// The README's options table lists every option of createErrorHandler, no more: an option added to the
// interfaces without a row (or a row left after an option is removed) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The optional members declared directly in `interface Name … { … }` of a source file. */
function members(source: string, name: string): string[] {
  const start = source.indexOf(`export interface ${name}`);
  const body = source.slice(source.indexOf('{', start) + 1, source.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}(\w+)\?:/gm)].map((match) => match[1] as string);
}

function tableOptions(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('<!-- section:options -->'), readme.indexOf('<!-- /section:options -->'));
  return [...section.matchAll(/^\| `(\w+)`/gm)].map((match) => match[1] as string);
}

describe('README options table', () => {
  it('lists exactly the options of ErrorHandlerOptions, ResponseOptions and the Koa-only ones', () => {
    const declared = [
      ...members(read('src/response/options.ts'), 'ResponseOptions'),
      ...members(read('src/middleware/options.ts'), 'ErrorHandlerOptions<Request>'),
      ...members(read('src/adapters/koa/index.ts'), 'KoaErrorHandlerOptions'),
    ];
    expect(declared.length).toBeGreaterThan(10);
    expect(tableOptions().sort()).toEqual(declared.sort());
  });
});
