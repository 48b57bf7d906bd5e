// Builds each entry point (the cache, and the inspector apart from it) as ESM and CJS, with the
// chunks the cache loads on demand (import()), and bundled declarations for both entries.
// The inspector imports only types from 'cached-fetch'.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const external = ['idb', 'cached-fetch'];
const input = { index: 'src/index.ts', inspector: 'src/inspector/index.ts' };

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
        chunkFileNames: '[name].js',
      },
      {
        dir: 'dist',
        format: 'cjs',
        sourcemap: true,
        entryFileNames: '[name].cjs',
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
