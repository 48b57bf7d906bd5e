// Bundles the bench page with esbuild for the browser. When the library under test does not build
// (not written yet, or mid-edit), its module is replaced by a stub naming why, so the page still
// runs every other variant and reports cachedFetch as missing.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const entry = fileURLToPath(new URL('./page/main.ts', import.meta.url));

function stubLibrary(reason: string): Plugin {
  return {
    name: 'cached-fetch-missing',
    setup(b) {
      b.onResolve({ filter: /\/cached-fetch-lib\.ts$/ }, () => ({
        path: 'cached-fetch-lib',
        namespace: 'stub',
      }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: `export const benchMissingReason = ${JSON.stringify(reason)};`,
        loader: 'js',
      }));
    },
  };
}

async function bundle(plugins: Plugin[]): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Workbox (and others) strip their development checks on this.
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins,
  });
  return result.outputFiles[0]!.text;
}

export interface PageBundle {
  script: string;
  /** Why the page runs without cachedFetch, when it does. */
  libraryBuildError?: string;
}

export async function bundlePage(): Promise<PageBundle> {
  // For checking that everything else still runs (and reports cachedFetch missing) without it.
  if (process.env.BENCH_WITHOUT_LIBRARY) {
    const reason = 'BENCH_WITHOUT_LIBRARY is set';
    return { script: await bundle([stubLibrary(reason)]), libraryBuildError: reason };
  }
  try {
    return { script: await bundle([]) };
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } }[] }
    ).errors;
    const first = errors?.[0];
    const reason = first
      ? `src does not build: ${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}`
      : `src does not build: ${String(error)}`;
    return { script: await bundle([stubLibrary(reason)]), libraryBuildError: reason };
  }
}

export const pageHtml = `<!doctype html>
<meta charset="utf-8">
<title>cached-fetch bench</title>
<script type="module" src="/__bench/page.js"></script>
`;
