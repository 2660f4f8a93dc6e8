// The public API's own quality bar: every export of every entry point in package.json "exports" is documented with
// an @example, and none of errata's exported functions, interfaces or classes types a parameter, return or property as
// `any` (`unknown` is how errata says "anything"). Read with the TypeScript compiler API from the sources the
// entries are built from, so a new export fails here before it reaches a user's editor without docs.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SRC = join(root, 'src') + '/';

/** The source entry each subpath of package.json "exports" is built from, as tsup.config.ts maps them. */
function sourceEntries(): Array<{ entry: string; file: string }> {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => ({
      entry: subpath === '.' ? 'errata' : `errata/${subpath.slice(2)}`,
      file: join(root, subpath === '.' ? 'src/index.ts' : `src/adapters/${subpath.slice(2)}/index.ts`),
    }));
}

/** Options close to tsconfig.json's; only the node types are loaded, since nothing here needs the others. */
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
};

/**
 * Every way one entry's exports miss the bar, as `entry → symbol: why`. `srcDir` bounds the `any` check to
 * declarations of the package itself: a framework type errata re-exposes (Express's `ErrorRequestHandler`, whose
 * `err` is `any`) is the framework's to fix.
 */
function audit(program: ts.Program, entries: ReadonlyArray<{ entry: string; file: string }>, srcDir: string): { docs: string[]; anys: string[] } {
  const checker = program.getTypeChecker();
  const docs: string[] = [];
  const anys: string[] = [];
  const ours = (node: ts.Node | undefined): boolean => node !== undefined && node.getSourceFile().fileName.startsWith(srcDir);
  const isAny = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.Any) !== 0;
  // A constant made by a dependency's function (errata/fastify's `fp(plugin)`) has that dependency's type; skipping it
  // also spares inferring fastify-plugin's generics, the slowest type in the API by far.
  const madeByDependency = (symbol: ts.Symbol): boolean => {
    const declaration = symbol.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type || !declaration.initializer) return false;
    if (!ts.isCallExpression(declaration.initializer)) return false;
    let callee = checker.getSymbolAtLocation(declaration.initializer.expression);
    if (callee && callee.flags & ts.SymbolFlags.Alias) callee = checker.getAliasedSymbol(callee);
    return callee?.declarations !== undefined && !callee.declarations.some(ours);
  };

  for (const { entry, file } of entries) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${entry}: ${file} is not a module the compiler could read`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = `${entry} → ${exported.name}`;
      const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const example = symbol.getJsDocTags(checker).find((tag) => tag.name === 'example');
      if (doc === '') docs.push(`${name}: no doc comment`);
      if (!example || ts.displayPartsToString(example.text).trim() === '') docs.push(`${name}: no @example`);

      const where = (detail: string) => anys.push(`${name}: ${detail} is any`);
      const checkSignatures = (signatures: readonly ts.Signature[], kind: string) => {
        for (const signature of signatures) {
          if (!ours(signature.getDeclaration())) continue;
          for (const parameter of signature.getParameters()) {
            if (isAny(checker.getTypeOfSymbol(parameter))) where(`${kind} parameter \`${parameter.name}\``);
          }
          if (isAny(checker.getReturnTypeOfSignature(signature))) where(`${kind} return type`);
        }
      };
      const checkProperties = (type: ts.Type) => {
        for (const property of checker.getPropertiesOfType(type)) {
          if (!property.declarations?.some(ours)) continue;
          if (isAny(checker.getTypeOfSymbol(property))) where(`property \`${property.name}\``);
          // A method's or a function-typed property's own parameters and return.
          checkSignatures(checker.getSignaturesOfType(checker.getTypeOfSymbol(property), ts.SignatureKind.Call), `\`${property.name}\``);
        }
      };

      if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class) && !madeByDependency(symbol)) {
        const type = checker.getTypeOfSymbol(symbol);
        if (symbol.flags & ts.SymbolFlags.Variable && isAny(type) && symbol.declarations?.some(ours)) where('the value’s type');
        checkSignatures(checker.getSignaturesOfType(type, ts.SignatureKind.Call), 'call');
        checkSignatures(checker.getSignaturesOfType(type, ts.SignatureKind.Construct), 'constructor');
      }
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.TypeAlias)) {
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        if (symbol.flags & ts.SymbolFlags.TypeAlias && isAny(type)) where('the type');
        checkProperties(type);
        checkSignatures(checker.getSignaturesOfType(type, ts.SignatureKind.Call), 'call');
      }
    }
  }
  return { docs, anys };
}

describe('the public API (every entry point in package.json "exports")', () => {
  const entries = sourceEntries();
  const program = ts.createProgram(
    entries.map(({ file }) => file),
    OPTIONS,
  );
  const { docs, anys } = audit(program, entries, SRC);

  it('maps each exported subpath to the source entry tsup builds it from', () => {
    expect(entries.map(({ entry }) => entry)).toEqual([
      'errata',
      'errata/express',
      'errata/koa',
      'errata/fetch',
      'errata/node',
      'errata/hono',
      'errata/fastify',
      'errata/nest',
    ]);
    expect(entries.filter(({ file }) => !existsSync(file))).toEqual([]);
  });

  it('documents every export with a doc comment and an @example', () => {
    expect(docs, `Exports missing documentation:\n${docs.join('\n')}\n`).toEqual([]);
  });

  it('types no exported function parameter or return, interface property or class member as any', () => {
    expect(anys, `Exports typed with any:\n${anys.join('\n')}\n`).toEqual([]);
  });
});

describe('the API audit itself (a control: it must see what it is meant to catch)', () => {
  const FIXTURE = '/fixture/src/index.ts';
  const fixture = `
    /** Documented. @example documented(1); */
    export function documented(value: number): number { return value; }
    /** No example here. */
    export function loose(value: any): any { return value; }
    export interface Undocumented { field: any; fine: unknown; method(input: any): void }
    /** Aliased. @example const a: Alias = () => 1; */
    export type Alias = () => any;
    /** A class. @example new Loose(1); */
    export class Loose { value: any = 1; constructor(input: any) { this.value = input; } }
  `;
  const host = ts.createCompilerHost({ noLib: true, types: [] });
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError) => (name === FIXTURE ? ts.createSourceFile(name, fixture, language) : read(name, language, onError));
  host.fileExists = (name) => name === FIXTURE;
  const program = ts.createProgram([FIXTURE], { noLib: true, types: [], strict: true }, host);

  it('reports each missing doc comment, missing @example and any, by entry and symbol', () => {
    expect(audit(program, [{ entry: 'fixture', file: FIXTURE }], '/fixture/src/')).toEqual({
      docs: ['fixture → loose: no @example', 'fixture → Undocumented: no doc comment', 'fixture → Undocumented: no @example'],
      anys: [
        'fixture → loose: call parameter `value` is any',
        'fixture → loose: call return type is any',
        'fixture → Undocumented: property `field` is any',
        'fixture → Undocumented: `method` parameter `input` is any',
        'fixture → Alias: call return type is any',
        'fixture → Loose: constructor parameter `input` is any',
        'fixture → Loose: property `value` is any',
      ],
    });
  });
});
