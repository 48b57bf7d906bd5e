// Builds each entry point (the cache, and the inspector apart from it) as ESM and CJS, with the
// chunks the cache loads on demand (import()), and bundled declarations for both entries.
// The inspector imports only types from 'cached-fetch'.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const external = ['idb', 'cached-fetch'];
const input = { index: 'src/index.ts', inspector: 'src/inspector/index.ts' };

/**
 * The stores (and idb, which has module side effects) in a chunk of their own: index.js only
 * re-exports them, so an app that imports `cachedFetch` alone leaves the chunk out until the
 * default store loads it with import() (package.json has "sideEffects": false).
 */
function manualChunks(id) {
  if (/[/\\]src[/\\]store[/\\]/.test(id) && !/[/\\](limits|cache-store)\.ts$/.test(id))
    return 'stores';
  return undefined;
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
