// Bundle size as an app would pay it: esbuild bundle of one import line, minified, then gzip
// (level 9) and brotli, measured the same way for cached-fetch (the built package, dist/, with idb)
// and the alternatives (from the installed packages): initial (before the first request) and total (every
// chunk it may load), as .size-limit.js enforces them.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import type { Row, Section } from './results-types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Subject {
  variant: string;
  source: string;
  /** Names the bundle must export: esbuild drops a missing TS re-export silently (as a type). */
  exports: string[];
  note?: string;
  /** The same import from src: to list the modules that contribute most to the initial bundle. */
  breakdownSource?: string;
}

const subjects: Subject[] = [
  {
    variant: 'cached-fetch: import { cachedFetch } (with idb)',
    source: "export { cachedFetch } from './dist/index.js';",
    exports: ['cachedFetch'],
    breakdownSource: "export { cachedFetch } from './src/index.ts';",
  },
  {
    variant: 'cached-fetch: import { createCachedFetch, IndexedDBStore, MemoryStore } (with idb)',
    source:
      "export { createCachedFetch } from './dist/index.js';\nexport { IndexedDBStore, MemoryStore } from './dist/stores.js';",
    exports: ['createCachedFetch', 'IndexedDBStore', 'MemoryStore'],
  },
  {
    variant: 'idb alone: import { openDB }',
    source: "export { openDB } from 'idb';",
    exports: ['openDB'],
  },
  { variant: 'ky', source: "export { default } from 'ky';", exports: ['default'] },
  {
    variant: 'axios + axios-cache-interceptor: setupCache(axios)',
    source:
      "export { default as axios } from 'axios';\nexport { setupCache } from 'axios-cache-interceptor';",
    exports: ['axios', 'setupCache'],
  },
  {
    variant: 'workbox-strategies + workbox-expiration: CacheFirst + ExpirationPlugin',
    source:
      "export { CacheFirst } from 'workbox-strategies';\nexport { ExpirationPlugin } from 'workbox-expiration';",
    exports: ['CacheFirst', 'ExpirationPlugin'],
    note: 'runs in a service worker; routing (workbox-routing) not included',
  },
];

interface Measured {
  figures: Record<string, number>;
  /** Minified bytes per source module of the initial bundle (breakdownSource), largest first. */
  inputs: [path: string, bytes: number][];
}

/** Leaves every import() unbundled, so only the statically reachable code is measured. */
const dynamicImportsStayOut: Plugin = {
  name: 'dynamic-imports-stay-out',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

function bundle(source: string, splitting: boolean) {
  return build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'size-entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    splitting,
    outdir: join(tmpdir(), 'cached-fetch-bundle-size'),
    plugins: splitting ? [] : [dynamicImportsStayOut],
  });
}

const gzip = (code: Uint8Array) => gzipSync(code, { level: 9 }).length;

/**
 * As .size-limit.js measures it: initial = the entry and its static imports (an import() stays
 * out: it loads when its feature is first used); total = every chunk, code splitting on, each
 * gzipped on its own as a browser fetches it.
 */
async function measure({ source, exports, breakdownSource }: Subject): Promise<Measured> {
  const initial = await bundle(source, false);
  const output = Object.values(initial.metafile.outputs)[0];
  const absent = exports.filter((name) => !output?.exports.includes(name));
  if (absent.length > 0) throw new Error(`no export named ${absent.join(', ')}`);
  const code = initial.outputFiles[0]!.contents;
  const chunks = (await bundle(source, true)).outputFiles.filter((file) =>
    file.path.endsWith('.js'),
  );
  const figures = {
    minBytes: code.length,
    gzipBytes: gzip(code),
    brotliBytes: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
    totalGzipBytes: chunks.reduce((sum, chunk) => sum + gzip(chunk.contents), 0),
    chunks: chunks.length,
  };
  const modules = breakdownSource
    ? Object.values((await bundle(breakdownSource, false)).metafile.outputs)[0]?.inputs
    : undefined;
  const inputs = Object.entries(modules ?? {})
    .map(([path, { bytesInOutput }]): [string, number] => [path, bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return { figures, inputs };
}

export async function measureBundles(): Promise<Section> {
  // The package as published: its chunks are what an app's bundler splits along.
  execFileSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
  const rows: Row[] = [];
  const notes = [
    'min/gzip/brotli bytes: the initial bundle (entry and static imports; import() left out). totalGzipBytes: every chunk with code splitting, each gzipped apart. Targets for cached-fetch (issue 14): initial at most 10 KB, total at most 14 KB, with idb.',
  ];
  for (const subject of subjects) {
    const { variant, note } = subject;
    try {
      const { figures, inputs } = await measure(subject);
      rows.push({ variant, figures, note });
      if (subject.breakdownSource) {
        const top = inputs
          .slice(0, 12)
          .map(
            ([path, bytes]) =>
              `${path.replace(/^node_modules\//, '')} ${(bytes / 1024).toFixed(1)} KiB`,
          );
        notes.push(
          `Largest modules in the initial bundle of ${variant} (minified, before gzip): ${top.join(', ')}.`,
        );
      }
    } catch (error) {
      const first =
        (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? (error as Error).message;
      rows.push({ variant, missing: `does not build: ${first}`, note });
    }
  }
  return {
    id: 'bundle',
    title:
      'Bundle: esbuild --bundle --minify (ESM, browser, NODE_ENV=production), then gzip -9 / brotli -11',
    rows,
    notes,
  };
}
