// Builds dist/index.js (ESM), dist/index.cjs, their range-request chunks, and bundled declarations.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const input = 'src/index.ts';
const external = ['idb'];

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
    // The range chunk imports internals from index.js itself (no facade re-exporting a second chunk).
    preserveEntrySignatures: 'allow-extension',
    // Range support is a chunk of its own, loaded with import() on the first Range request.
    output: [
      {
        dir: 'dist',
        format: 'es',
        sourcemap: true,
        entryFileNames: 'index.js',
        manualChunks,
        onlyExplicitManualChunks: true,
        hoistTransitiveImports: false,
        chunkFileNames: '[name].js',
      },
      {
        dir: 'dist',
        format: 'cjs',
        sourcemap: true,
        entryFileNames: 'index.cjs',
        manualChunks,
        onlyExplicitManualChunks: true,
        hoistTransitiveImports: false,
        chunkFileNames: '[name].cjs',
      },
    ],
  },
  {
    input,
    external,
    plugins: [dts()],
    output: [
      { file: 'dist/index.d.ts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
  },
];
