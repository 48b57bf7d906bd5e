// Builds each entry point (the cache, and the inspector apart from it) as ESM and CJS, with the
// chunks the cache loads on demand (import()), and bundled declarations for both entries.
// The inspector imports only types from 'cached-fetch'.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const external = ['idb', 'cached-fetch'];
const input = {
  index: 'src/index.ts',
  stores: 'src/stores.ts',
  inspector: 'src/inspector/index.ts',
};

/** Every module `from` reaches through static imports, `from` included. */
function staticallyReached(from, getModuleInfo, reached = new Set()) {
  if (reached.has(from)) return reached;
  reached.add(from);
  for (const id of getModuleInfo(from)?.importedIds ?? [])
    staticallyReached(id, getModuleInfo, reached);
  return reached;
}

/** The module of `path` (under src/) among the ids rollup has loaded. */
function moduleOf(path, getModuleIds) {
  return [...getModuleIds()].find((id) => id.replaceAll('\\', '/').endsWith(`/src/${path}`));
}

/** Per build: the chunk (`admit` or `revalidate`) of each module of those two chunks. */
const revalidateChunks = new WeakMap();

/**
 * Two lazy chunks hold what a page loads on its first request, so each is gzipped once and
 * carries one import and one export list:
 * - `storage`: the stores, idb (which has module side effects) and the storage backend that opens
 *   them. The main entry neither imports nor re-exports them (the stores' own entry, `stores`,
 *   does: a re-export is a static import, and Vite and esbuild then bundled the whole chunk with
 *   the main one, used or not; decision 0027, "Seventh pass"), so an app that imports `cachedFetch`
 *   alone loads the chunk with import() once its first data is in (package.json has
 *   "sideEffects": false);
 * - `admit`: what src/fetch/cacheable/admit.ts reaches that the entry does not: all a miss loads
 *   (issue 24: in the revalidate chunk, a first visit loaded revalidation's 4.7 KB gzipped before its
 *   data; decision 0027);
 * - `revalidate`: every module src/fetch/cacheable/network-chunk.ts, stored-entries.ts and
 *   range/request.ts reach that neither the entry nor `admit` holds: revalidation, freshening, what
 *   an unsafe request does after its response (unsafe-request.ts; a file of its own cost 270 B more
 *   in all, decision 0008), the handle's `entries()` / `revalidate(entry)` (stored-entries.ts) and
 *   Range (which imported this chunk anyway: one file less, 0.63 KB less in all). Requests import
 *   cacheable/network-chunk.ts alone (one namespace, one import() in the entry).
 */
function manualChunks(id, { getModuleInfo, getModuleIds }) {
  const path = id.replaceAll('\\', '/');
  // The database's migrations: loaded only when an open finds it older than the schema or
  // missing (src/store/indexeddb-connection.ts), never on a reload at the current version.
  if (path.endsWith('/src/store/indexeddb-migration.ts')) return 'migrate';
  // IndexedDBStore's writes, eviction, totals, stats and partitions: loaded by the first call that
  // needs them, or at idle after the first lookup (src/store/indexeddb-writes-chunk.ts); a hit
  // runs none of them. The governor's eviction and quota retries too (src/store/governor.ts loads
  // them after a store write, which has loaded this chunk already with the default store).
  if (
    /\/src\/store\/(indexeddb-(writes|eviction|totals|partition-totals)|governor-eviction)\.ts$/.test(
      path,
    )
  )
    return 'writes';
  // In the entry: open-early.ts starts the database's open before this chunk has loaded, and a
  // page's first lookups read it there (indexeddb-early-read.ts, with the records' layout, the
  // lookup batch and the search base; decision 0027, "Seventh pass"), and the mark that says a
  // first visit has nothing stored ("Eighth pass").
  if (
    /\/src\/store\//.test(path) &&
    !/\/(limits|cache-store|open-early|database-marker|indexeddb-early-read|indexeddb-records|lookup-batch|search-base)\.ts$/.test(
      path,
    )
  )
    return 'storage';
  // The backend and what only it uses (secret hashing, the shared generation, persistence): in the
  // stores chunk, so a hit read through the store never imports another chunk for them.
  // (entry-format is in the entry: the early lookup reads with it.)
  if (/\/src\/fetch\/storage\/(storage-backend|secret-headers|persistence)\.ts$/.test(path))
    return 'storage';
  if (path.endsWith('/src/fetch/coordination/shared-generation.ts')) return 'storage';
  // The handle's clear() and delete(), and other tabs' changes: they need the store, so they load
  // with it (src/fetch/handle-changes.ts), not before a page's first data.
  if (
    /\/src\/fetch\/(handle-changes|handle-arguments|clear-stored|unsafe\/invalidation)\.ts$/.test(
      path,
    )
  )
    return 'storage';
  // What both the entry and the stores use: a chunk of its own, so the stores never import the
  // entry (a cycle that makes a bundler load the stores up front).
  if (/\/src\/(options\/validate-options|store\/limits)\.ts$/.test(path)) return 'limits';
  // Checks of options that createCachedFetch and the stores run, and the default instance never
  // does (the storage bucket, the memory tier's bounds, the stores' numbers): in `limits`, every
  // page loaded them before its data.
  if (/\/src\/options\/(storage-bucket|memory|positive-integer)-option\.ts$/.test(path))
    return 'checks';
  let revalidate = revalidateChunks.get(getModuleInfo);
  if (!revalidate) {
    const entry = staticallyReached(moduleOf('index.ts', getModuleIds), getModuleInfo);
    revalidate = new Map();
    for (const reached of staticallyReached(
      moduleOf('fetch/cacheable/admit.ts', getModuleIds),
      getModuleInfo,
    ))
      if (!entry.has(reached) && !getModuleInfo(reached)?.isExternal)
        revalidate.set(reached, 'admit');
    for (const root of [
      'fetch/cacheable/network-chunk.ts',
      'fetch/stored-entries.ts',
      'fetch/range/request.ts',
    ]) {
      for (const reached of staticallyReached(moduleOf(root, getModuleIds), getModuleInfo)) {
        if (revalidate.has(reached)) continue;
        if (!entry.has(reached) && !getModuleInfo(reached)?.isExternal)
          revalidate.set(reached, 'revalidate');
        // The entry reaches policy/freshness.ts only for what it re-exports from policy/age.ts.
        if (reached.replaceAll('\\', '/').endsWith('/src/policy/freshness.ts'))
          revalidate.set(reached, 'revalidate');
      }
    }
    revalidateChunks.set(getModuleInfo, revalidate);
  }
  return revalidate.get(id);
}

export default [
  {
    input,
    external,
    plugins: [esbuild({ target: 'es2022' })],
    // A lazy chunk imports internals from index.js itself (no facade re-exporting a second chunk).
    preserveEntrySignatures: 'allow-extension',
    output: [
      {
        dir: 'dist',
        format: 'es',
        // Arrow functions in the import() wrappers, no Object.freeze on internal namespaces.
        generatedCode: { arrowFunctions: true },
        freeze: false,
        sourcemap: true,
        entryFileNames: '[name].js',
        manualChunks,
        onlyExplicitManualChunks: true,
        hoistTransitiveImports: false,
        chunkFileNames: '[name].js',
      },
      {
        dir: 'dist',
        format: 'cjs',
        generatedCode: { arrowFunctions: true },
        freeze: false,
        sourcemap: true,
        entryFileNames: '[name].cjs',
        manualChunks,
        onlyExplicitManualChunks: true,
        hoistTransitiveImports: false,
        chunkFileNames: '[name].cjs',
      },
    ],
  },
  ...Object.entries(input).map(([name, entry]) => ({
    input: entry,
    external,
    plugins: [dts()],
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
  })),
];
