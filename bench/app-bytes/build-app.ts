// Builds the tiny app (./app) as an app's bundler would, against the built package (dist/): with
// Vite (production, the project's version) and with esbuild (code splitting, minified). Each
// build is a folder of static files to serve: index.html and its JavaScript.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = fileURLToPath(new URL('./app', import.meta.url));
/** The package as published: an app resolves 'cached-fetch' to dist/index.js (package.json). */
const packageEntry = join(root, 'dist/index.js');

export type Bundler = 'vite' | 'esbuild';
export const bundlers: Bundler[] = ['vite', 'esbuild'];

export async function buildApp(bundler: Bundler, outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (bundler === 'vite') {
    await vite({
      configFile: false,
      root: app,
      logLevel: 'silent',
      resolve: { alias: { 'cached-fetch': packageEntry } },
      build: { outDir, emptyOutDir: true },
    });
    return;
  }
  await esbuild({
    entryPoints: [join(app, 'main.ts')],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: outDir,
    logLevel: 'silent',
    alias: { 'cached-fetch': packageEntry },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const html = await readFile(join(app, 'index.html'), 'utf8');
  await writeFile(join(outDir, 'index.html'), html.replace('./main.ts', './main.js'));
}
