// How much of what a reload loads before its first data actually runs before it (issue 24): the
// tiny app built with Vite, its store filled by a first visit, then reloaded in Chromium with V8's
// precise coverage on until the data is on the page. For each file requested before the first
// data: its bytes, and the bytes of the code that ran (block level: the branches taken; function
// level: every function called, whole), each minified as built and gzipped -9. The code that ran
// is what a perfect split could not leave out with this design: a bound on the hit's bytes.
//
//   npx tsx bench/app-bytes/coverage.ts      (dist/ must be built: npm run build)
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
import { launchWithProfile } from '../browser.ts';
import { buildApp } from './build-app.ts';
import { serve } from './load-app.ts';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface Covered {
  url: string;
  source?: string;
  functions: { functionName: string; ranges: Range[] }[];
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} KB`;

/** Per original module (from the source map): its bytes in the file, and those that ran. */
export const modules = new Map<string, { loaded: number; ran: number; called: number }>();

async function byModule(source: string, map: string, functions: Covered['functions']) {
  const ran = new Uint32Array(source.length);
  const called = new Uint32Array(source.length);
  for (const fn of functions) {
    fn.ranges.forEach((range, i) => {
      ran.fill(range.count, range.startOffset, range.endOffset);
      if (i === 0) called.fill(range.count, range.startOffset, range.endOffset);
    });
  }
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const segments: { at: number; module: string }[] = [];
  new SourceMapConsumer(JSON.parse(map)).eachMapping((m) => {
    const module = (m.source ?? '?').replace(/^.*?\/(src|node_modules)\//, (_, d) =>
      d === 'src' ? '' : '~',
    );
    segments.push({ at: lineStarts[m.generatedLine - 1]! + m.generatedColumn, module });
  });
  segments.sort((a, b) => a.at - b.at);
  segments.forEach(({ at, module }, i) => {
    const end = segments[i + 1]?.at ?? source.length;
    const sums = modules.get(module) ?? { loaded: 0, ran: 0, called: 0 };
    for (let c = at; c < end; c++) {
      sums.loaded++;
      if (ran[c]! > 0) sums.ran++;
      if (called[c]! > 0) sums.called++;
    }
    modules.set(module, sums);
  });
}

/** The characters of `source` that ran: innermost range wins (V8 lists outer ranges first). */
function ranText(source: string, functions: Covered['functions'], wholeFunctions: boolean) {
  const counts = new Uint32Array(source.length);
  for (const fn of functions) {
    for (const range of wholeFunctions ? fn.ranges.slice(0, 1) : fn.ranges)
      counts.fill(range.count, range.startOffset, range.endOffset);
  }
  let text = '';
  for (let i = 0; i < source.length; i++) if (counts[i]! > 0) text += source[i];
  return text;
}

/**
 * `fromSource`: the app built against src/ with source maps (each byte mapped to its module, into
 * `modules`; Vite's chunking then, not the package's); else against dist/ (the bytes as shipped).
 */
export async function hitCoverage(fromSource: boolean) {
  const dir = join(tmpdir(), `cached-fetch-app-coverage-${fromSource ? 'src' : 'dist'}`);
  await buildApp('vite', dir, fromSource);
  const dataRequests = { count: 0 };
  const server = await serve(dir, dataRequests);
  const { context, close } = await launchWithProfile();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const shown = () => page.waitForFunction(() => window.firstDataAt !== undefined);
    await page.goto(url);
    await shown();
    await page.evaluate(() => window.cacheSettled!());
    await page.coverage.startJSCoverage({ resetOnNavigation: false });
    await page.reload();
    await shown();
    const entries = (await page.coverage.stopJSCoverage()) as Covered[];
    if (dataRequests.count !== 1) throw new Error('the reload went to the network');
    const before = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime < window.firstDataAt!)
        .map((r) => new URL(r.name).pathname),
    );
    const files = [];
    for (const entry of entries) {
      const path = new URL(entry.url).pathname;
      if (!path.endsWith('.js') || !before.includes(path)) continue;
      const source = entry.source ?? (await readFile(join(dir, path), 'utf8'));
      const blocks = ranText(source, entry.functions, false);
      const functions = ranText(source, entry.functions, true);
      const map = await readFile(join(dir, `${path}.map`), 'utf8').catch(() => undefined);
      if (map) await byModule(source, map, entry.functions);
      files.push({
        file: path.slice(1),
        minified: source.length,
        gzip: gz(source),
        ranMinified: blocks.length,
        ranGzip: gz(blocks),
        calledMinified: functions.length,
        calledGzip: gz(functions),
      });
    }
    return files;
  } finally {
    await close();
    server.close();
  }
}

type Files = Awaited<ReturnType<typeof hitCoverage>>;
function printFiles(files: Files, what: string) {
  const sum = (key: keyof Files[number]) =>
    files.reduce((total, f) => total + (f[key] as number), 0);
  console.log(`\n${what}`);
  for (const f of files) {
    console.log(
      `${f.file}: ${kb(f.gzip)} gzipped (${kb(f.minified)} minified); ran before the first data: ${kb(f.ranGzip)} (${kb(f.ranMinified)}) by block, ${kb(f.calledGzip)} (${kb(f.calledMinified)}) by whole function`,
    );
  }
  console.log(
    `all: ${kb(sum('gzip'))} loaded, ${kb(sum('ranGzip'))} ran (blocks), ${kb(sum('calledGzip'))} in functions called (each file gzipped apart)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printFiles(await hitCoverage(false), 'The app built against dist/ (as shipped):');
  printFiles(await hitCoverage(true), 'The app built against src/ (for the module map below):');
  console.log(
    '\nminified bytes by module (source maps): loaded, ran (blocks), in functions called',
  );
  for (const [module, m] of [...modules].sort((a, b) => b[1].loaded - a[1].loaded))
    console.log(
      `  ${String(m.loaded).padStart(6)} ${String(m.ran).padStart(6)} ${String(m.called).padStart(6)}  ${module}`,
    );
}
