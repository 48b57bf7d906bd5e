// What the bytes before the first data are made of, module by module (issue 24): rollup bundles
// the tiny app (./app/main.ts) with 'cached-fetch' resolved to src/ and the package's own chunking
// (rollup.config.js's manualChunks), tree-shaken as an app's bundler does ("sideEffects": false),
// and each module's rendered code in each chunk is minified alone (esbuild) and gzipped -9. A
// module's share of its chunk's gzip is its minified bytes' share of the chunk's (gzip works
// across module boundaries, so a module gzipped alone over-counts); both are printed. A hit loads
// the app's chunk, its static imports and the stores chunk (started at module evaluation); a miss
// also the admit chunk. bench/app-bytes/run.ts measures what the browser really requests.
//
//   npx tsx bench/app-bytes/breakdown.ts [chunk…]     (every chunk when none is named)

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { type GetManualChunk, type ManualChunkMeta, type OutputChunk, rollup } from 'rollup';
import { packageConfig } from '../package-build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} KB`;
const gz = (text: string) => gzipSync(text, { level: 9 }).length;
const minify = async (code: string) =>
  code.trim() === ''
    ? ''
    : (await transform(code, { minify: true, format: 'esm', target: 'es2022', loader: 'js' })).code;

function reachedFrom(
  from: string,
  getModuleInfo: ManualChunkMeta['getModuleInfo'],
  reached = new Set<string>(),
): Set<string> {
  if (reached.has(from)) return reached;
  reached.add(from);
  for (const id of getModuleInfo(from)?.importedIds ?? []) reachedFrom(id, getModuleInfo, reached);
  return reached;
}

export interface ModuleBytes {
  module: string;
  minified: number;
  gzipAlone: number;
}
export interface ChunkBytes {
  chunk: string;
  minified: number;
  gzip: number;
  imports: string[];
  dynamicImports: string[];
  modules: ModuleBytes[];
}

export async function chunkBreakdown(): Promise<ChunkBytes[]> {
  const config = await packageConfig();
  const output = Array.isArray(config.output) ? config.output[0]! : config.output!;
  const bundle = await rollup({
    ...config,
    input: { app: `${root}bench/app-bytes/app/main.ts` },
    preserveEntrySignatures: false,
    external: [],
    // An app's bundler drops what the app does not use ("sideEffects": false); idb has effects.
    treeshake: { moduleSideEffects: (id) => id.includes('/node_modules/idb/') },
    plugins: [
      {
        name: 'app-imports',
        resolveId: (source) =>
          source === 'cached-fetch'
            ? `${root}src/index.ts`
            : source === 'idb'
              ? `${root}node_modules/idb/build/index.js`
              : null,
      },
      ...(config.plugins as never[]),
    ],
    onwarn: () => {},
  });
  const packageChunks = output.manualChunks as GetManualChunk;
  let appReached: Set<string> | undefined;
  // What the package's chunking leaves unplaced and the app reaches statically is the app's entry
  // chunk (as Vite and esbuild put it); idb goes with the stores, its only importer.
  const manualChunks: GetManualChunk = (id, api) => {
    appReached ??= reachedFrom(`${root}bench/app-bytes/app/main.ts`, api.getModuleInfo);
    const chunk = packageChunks(id, api);
    if (chunk) return chunk;
    if (id.includes('/node_modules/idb/')) return 'stores';
    return appReached.has(id) ? 'app' : undefined;
  };
  const { output: files } = await bundle.generate({ ...output, manualChunks, sourcemap: false });
  await bundle.close();
  const chunks: ChunkBytes[] = [];
  for (const file of files) {
    if (file.type !== 'chunk') continue;
    const chunk = file as OutputChunk;
    const whole = await minify(chunk.code);
    const modules: ModuleBytes[] = [];
    for (const [id, info] of Object.entries(chunk.modules)) {
      if (!info.code) continue;
      const code = await minify(info.code);
      modules.push({
        module: id.replace(/^.*?\/(src|node_modules)\//, (_, dir) => (dir === 'src' ? '' : '~')),
        minified: code.length,
        gzipAlone: gz(code),
      });
    }
    modules.sort((a, b) => b.minified - a.minified);
    chunks.push({
      chunk: chunk.fileName,
      minified: whole.length,
      gzip: gz(whole),
      imports: chunk.imports,
      dynamicImports: chunk.dynamicImports,
      modules,
    });
  }
  return chunks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = process.argv.slice(2);
  for (const chunk of await chunkBreakdown()) {
    if (wanted.length > 0 && !wanted.some((name) => chunk.chunk.startsWith(name))) continue;
    const sum = chunk.modules.reduce((total, m) => total + m.minified, 0);
    console.log(
      `\n${chunk.chunk}: ${kb(chunk.gzip)} gzipped (${kb(chunk.minified)} minified); imports ${chunk.imports.join(' ') || '–'}; import() ${chunk.dynamicImports.join(' ') || '–'}`,
    );
    for (const m of chunk.modules) {
      const share = sum > 0 ? (m.minified / sum) * chunk.gzip : 0;
      console.log(
        `  ${String(Math.round(share)).padStart(6)} B gz share  ${String(m.gzipAlone).padStart(6)} B gz alone  ${String(m.minified).padStart(6)} B min  ${m.module}`,
      );
    }
  }
}
