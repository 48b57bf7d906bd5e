// Builds each entry point (the cache, and the inspector apart from it) as ESM and CJS, with
// bundled declarations for both. The inspector imports only types from 'cached-fetch'.
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const external = ['idb', 'cached-fetch'];
const entries = [
  { input: 'src/index.ts', name: 'index' },
  { input: 'src/inspector/index.ts', name: 'inspector' },
];

export default entries.flatMap(({ input, name }) => [
  {
    input,
    external,
    plugins: [esbuild({ target: 'es2022' })],
    output: [
      { file: `dist/${name}.js`, format: 'es', sourcemap: true },
      { file: `dist/${name}.cjs`, format: 'cjs', sourcemap: true },
    ],
  },
  {
    input,
    external,
    plugins: [dts()],
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
  },
]);
