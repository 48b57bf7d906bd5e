import { build } from 'esbuild';
import { gzipSync } from 'zlib';
const r = await build({ stdin: { contents: "export { cachedFetch } from './dist/index.js'", resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, metafile: true,
 plugins: [{ name: 'x', setup(b) { b.onResolve({ filter: /.*/ }, (a) => a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined); } }] });
const out = r.outputFiles[0].contents;
console.log('gzip', gzipSync(out, { level: 9 }).length, 'min', out.length);
