// Builds dist/index.js (ESM), dist/index.cjs, their range-request chunks, and bundled declarations.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const input = 'src/index.ts';
const external = ['idb'];

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
        chunkFileNames: '[name].js',
      },
      {
        dir: 'dist',
        format: 'cjs',
        sourcemap: true,
        entryFileNames: 'index.cjs',
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
