import { build } from 'esbuild';

/** A front end's bundle: esbuild (as tsup, Vite and most bundlers use it), minified, for a browser. */
export interface BrowserBundle {
  code: string;
  bytes: number;
  /** The files the bundle holds code from, relative to `project`. */
  inputs: string[];
}

/** Bundles `source` (a JS module importing errata) as an IIFE for the browser, from the scratch `project`. */
export async function bundleForBrowser(source: string, project: string): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: project, loader: 'js' },
    absWorkingDir: project,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  // What the output holds: esbuild reads every module an import names, and drops those that contribute nothing.
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output!.inputs).flatMap(([file, { bytesInOutput }]) => (bytesInOutput > 0 ? [file] : []));
  return { code, bytes: Buffer.byteLength(code), inputs };
}
