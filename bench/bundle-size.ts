// Bundle size as an app would pay it: esbuild bundle of one import line, minified, then gzip
// (level 9) and brotli, measured the same way for cached-fetch (from src, with idb) and the
// alternatives (from the installed packages).
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Row, Section } from './results-types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Subject {
  variant: string;
  source: string;
  /** Names the bundle must export: esbuild drops a missing TS re-export silently (as a type). */
  exports: string[];
  note?: string;
  /** List the modules that contribute most (minified bytes, before compression). */
  breakdown?: boolean;
}

const subjects: Subject[] = [
  {
    variant: 'cached-fetch: import { cachedFetch } (with idb)',
    source: "export { cachedFetch } from './src/index.ts';",
    exports: ['cachedFetch'],
    breakdown: true,
  },
  {
    variant: 'cached-fetch: import { createCachedFetch, IndexedDBStore, MemoryStore } (with idb)',
    source: "export { createCachedFetch, IndexedDBStore, MemoryStore } from './src/index.ts';",
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
  /** Minified bytes per input module, largest first. */
  inputs: [path: string, bytes: number][];
}

async function measure({ source, exports }: Subject): Promise<Measured> {
  const result = await build({
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
  });
  const output = Object.values(result.metafile.outputs)[0];
  const absent = exports.filter((name) => !output?.exports.includes(name));
  if (absent.length > 0) throw new Error(`no export named ${absent.join(', ')}`);
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([path, { bytesInOutput }]): [string, number] => [path, bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  const figures = {
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
  return { figures, inputs };
}

export async function measureBundles(): Promise<Section> {
  const rows: Row[] = [];
  const notes = ['Goal for cached-fetch: at most 5 KB min+gzip with idb.'];
  for (const subject of subjects) {
    const { variant, note } = subject;
    try {
      const { figures, inputs } = await measure(subject);
      rows.push({ variant, figures, note });
      if (subject.breakdown) {
        const top = inputs
          .slice(0, 12)
          .map(
            ([path, bytes]) =>
              `${path.replace(/^node_modules\//, '')} ${(bytes / 1024).toFixed(1)} KiB`,
          );
        notes.push(`Largest modules in ${variant} (minified, before gzip): ${top.join(', ')}.`);
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
