import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const CONSOLE_DIR = path.resolve(import.meta.dirname, '..', 'console');

/** Bundles the staff console (TypeScript → one script) with its page and styles into `outDir`. */
export async function buildConsole(outDir: string, options: { minify?: boolean } = {}): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(CONSOLE_DIR, 'app.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? false,
    outfile: path.join(outDir, 'app.js'),
    logLevel: 'silent',
  });
  for (const file of ['index.html', 'app.css'])
    copyFileSync(path.join(CONSOLE_DIR, file), path.join(outDir, file));
  return outDir;
}
