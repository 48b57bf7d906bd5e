// Builds the tiny app (./app) as an app's bundler would, against the built package (dist/): with
// Vite (production, the project's version) and with esbuild (code splitting, minified). Each
// build is a folder of static files to serve: index.html and its JavaScript.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = fileURLToPath(new URL('./app', import.meta.url));
/** The package as published: an app resolves 'cached-fetch' to dist/index.js (package.json). */
const packageEntry = join(root, 'dist/index.js');

/** How an app bundles with esbuild here: code splitting, minified, 'cached-fetch' from `entry`. */
export function esbuildSplitting(
  entryPoint: string,
  outdir: string,
  entry = packageEntry,
): BuildOptions {
  return {
    entryPoints: [entryPoint],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    logLevel: 'silent',
    alias: { 'cached-fetch': entry },
  };
}

export type Bundler = 'vite' | 'esbuild';
export const bundlers: Bundler[] = ['vite', 'esbuild'];

/**
 * `fromSource` (the coverage's module breakdown): 'cached-fetch' from src/ with source maps, so that
 * each byte maps to its module (the bundler's chunking then, not the package's).
 */
export async function buildApp(
  bundler: Bundler,
  outDir: string,
  fromSource = false,
): Promise<void> {
  const sourcemap = fromSource;
  const entry = fromSource ? join(root, 'src/index.ts') : packageEntry;
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (bundler === 'vite') {
    await vite({
      configFile: false,
      root: app,
      logLevel: 'silent',
      resolve: { alias: { 'cached-fetch': entry } },
      build: { outDir, emptyOutDir: true, sourcemap },
    });
    return;
  }
  await esbuild({
    ...esbuildSplitting(join(app, 'main.ts'), outDir, entry),
    sourcemap,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const html = await readFile(join(app, 'index.html'), 'utf8');
  await writeFile(join(outDir, 'index.html'), html.replace('./main.ts', './main.js'));
}
