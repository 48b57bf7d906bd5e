// The first data after a page load (issue 24, decision 0027): each sample is a real navigation
// with the data stored by an earlier visit, the memory tier empty. Measured in the page
// (./page.ts) from its module's start: the first 2 KB JSON body read, then 20 more read together
// (the boot burst). Variants interleaved round-robin, medians. cachedFetch against the floor
// (indexedDB.open of the existing database + one get + new Response), Cache Storage and the
// browser's HTTP cache. In Chromium (Playwright, on-disk profile, HTTP cache on), Firefox ESR
// (Puppeteer over WebDriver BiDi) and WebKitGTK (WebKitWebDriver; its automation session keeps
// IndexedDB in memory and has no HTTP cache, so its "HTTP cache" row is a loopback request). The
// pages are cross-origin isolated (COOP + COEP) for the finer timers this gives Firefox and WebKit.
//
// A step of `npm run bench` (`--only=pageLoad`); alone:
//   npx tsx bench/page-load/run.ts [rounds] [chromium,firefox,webkit] [--against=DIR] [--trace]
// (builds dist/ first; --against: another checkout with its dist/ built, interleaved as
// `cachedFetch@base`; --trace: where the first data's milliseconds go, ./trace.ts)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type EngineName, type EnginePage, launchEngine } from '../../test/engines/engine.ts';
import { esbuildSplitting } from '../app-bytes/build-app.ts';
import { launchWithProfile } from '../browser.ts';
import { buildPackage } from '../package-build.ts';
import type { Row, Section } from '../results-types.ts';

export const pageLoadVariants = ['cachedFetch', 'floor', 'cacheStorage', 'httpCache'] as const;
const data = JSON.stringify({
  items: Array.from({ length: 40 }, (_, id) => ({
    id,
    name: `item ${id}`,
    detail: 'x'.repeat(20),
  })),
});

/** The page bundled as an app's bundler would (esbuild, splitting), 'cached-fetch' from dist/. */
/**
 * The page, and with `against` (a checkout whose dist/ is built) the same page on that build in
 * out/base/: its `cachedFetch@base` variant interleaves with ours in the same browser (an A/B on a
 * loaded machine; the same database, so both builds must share the schema version).
 */
async function buildPage(out: string, against?: string): Promise<void> {
  const page = fileURLToPath(new URL('./page.ts', import.meta.url));
  await build(esbuildSplitting(page, out));
  if (against)
    await build(esbuildSplitting(page, join(out, 'base'), join(against, 'dist/index.js')));
}

function variantsOf(against: string | undefined): string[] {
  return against
    ? ['cachedFetch', 'cachedFetch@base', ...pageLoadVariants.slice(1)]
    : [...pageLoadVariants];
}

interface Origin {
  url: string;
  dataRequests(): number;
  close(): Promise<void>;
}

async function startOrigin(out: string): Promise<Origin> {
  let dataRequests = 0;
  const isolated = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/data/')) {
      dataRequests++;
      response.writeHead(200, {
        ...isolated,
        'content-type': 'application/json',
        'cache-control': 'max-age=3600',
      });
      response.end(data);
    } else if (path === '/') {
      response.writeHead(200, { ...isolated, 'content-type': 'text/html' });
      const base = request.url?.includes('%40base') || request.url?.includes('@base');
      response.end(
        `<!doctype html><script type="module" src="${base ? '/base' : ''}/page.js"></script>`,
      );
    } else {
      try {
        const body = await readFile(join(out, path));
        // An app's hashed assets: a reload takes them from the HTTP cache, as in production.
        response.writeHead(200, {
          ...isolated,
          'content-type': 'text/javascript',
          'cache-control': 'max-age=3600',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dataRequests: () => dataRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Browser {
  version: string;
  page: EnginePage;
  close(): Promise<void>;
}

/** Chromium with an on-disk profile (the HTTP cache and IndexedDB on disk, as for a user). */
async function launchChromium(): Promise<Browser> {
  const { context, close } = await launchWithProfile();
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    version: `Chromium ${context.browser()?.version() ?? ''}`.trim(),
    page: {
      native: page,
      goto: async (url) => void (await page.goto(url)),
      reload: async () => void (await page.reload()),
      evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
      close: () => page.close(),
    },
    close,
  };
}

async function launch(engine: EngineName): Promise<Browser> {
  if (engine === 'chromium') return launchChromium();
  const browser = await launchEngine(engine);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const name = engine === 'firefox' ? 'Firefox' : 'WebKitGTK';
    return {
      version: `${name} ${browser.version}`.replace(/^Firefox firefox\//i, 'Firefox '),
      page,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

type Result = { firstMs: number; burstMs: number } | { filled: true } | { error: string };

async function loadOnce(page: EnginePage, origin: string, variant: string, phase: string) {
  await page.goto(`${origin}/?variant=${variant}&phase=${phase}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await page
      .evaluate(() => (window as { benchResult?: unknown }).benchResult ?? null)
      .catch(() => null);
    if (result) return result as Result;
    if (Date.now() > deadline) throw new Error(`${variant} ${phase}: no result in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface PageLoadOptions {
  engines?: readonly EngineName[];
  rounds?: number;
  /** A checkout with dist/ built: its cachedFetch interleaved as `cachedFetch@base` (A/B). */
  against?: string | undefined;
  log?: (message: string) => void;
}

/** One section per engine: each variant's first body and burst as sub-series of one table. */
export async function measurePageLoad(options: PageLoadOptions = {}): Promise<Section[]> {
  const {
    engines = ['chromium', 'firefox', 'webkit'],
    rounds = 15,
    log = () => {},
    against,
  } = options;
  const out = await mkdtemp(join(tmpdir(), 'cached-fetch-page-load-'));
  const sections: Section[] = [];
  try {
    await buildPackage();
    await buildPage(out, against);
    for (const engine of engines) {
      const origin = await startOrigin(out);
      let browser: Browser | undefined;
      try {
        browser = await launch(engine);
        log(`  ${browser.version}`);
        sections.push(await measureIn(browser, origin, rounds, variantsOf(against)));
      } catch (error) {
        sections.push({
          id: `page-load-${engine}`,
          title: `First data after a page load (${engine})`,
          rows: [{ variant: 'all variants', missing: String((error as Error)?.message ?? error) }],
        });
      } finally {
        await browser?.close().catch(() => {});
        await origin.close();
      }
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return sections;
}

async function measureIn(
  browser: Browser,
  origin: Origin,
  rounds: number,
  variants: string[],
): Promise<Section> {
  const missing = new Map<string, string>();
  const isolated = await (async () => {
    await browser.page.goto(`${origin.url}/?variant=none&phase=none`);
    return browser.page.evaluate(() => globalThis.crossOriginIsolated === true);
  })();
  for (const variant of variants) {
    const result = await loadOnce(browser.page, origin.url, variant, 'fill').catch(
      (error: Error) => ({ error: error.message }),
    );
    if ('error' in result) missing.set(variant, result.error);
  }
  const filled = origin.dataRequests();
  const samples = Object.fromEntries(
    variants.map((v) => [v, { first: [] as number[], burst: [] as number[] }]),
  );
  for (let round = 0; round < rounds + 2; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      if (missing.has(variant)) continue;
      const result = await loadOnce(browser.page, origin.url, variant, 'burst').catch(
        (error: Error) => ({ error: error.message }),
      );
      if ('error' in result) {
        missing.set(variant, result.error);
        continue;
      }
      if (round < 2 || !('firstMs' in result)) continue; // warm-up rounds
      samples[variant]!.first.push(result.firstMs);
      samples[variant]!.burst.push(result.burstMs);
    }
  }
  const rows: Row[] = [];
  for (const series of ['first', 'burst'] as const) {
    for (const variant of variants) {
      const name = `${variant}:${series}`;
      const why = missing.get(variant);
      rows.push(
        why
          ? { variant: name, missing: why }
          : { variant: name, samplesMs: samples[variant]![series] },
      );
    }
  }
  const engine = browser.version.split(' ')[0]!.toLowerCase();
  return {
    id: `page-load-${engine}`,
    title: `First data after a page load, ${browser.version}: the first 2 KB body (:first), then 20 more together (:burst)`,
    floor: 'floor',
    rows,
    notes: [
      `Each sample a real navigation, the data stored by an earlier visit; ${rounds} rounds, variants interleaved; timed in the page from its module's start.`,
      `Origin requests for data while measuring: ${origin.dataRequests() - filled} (the HTTP cache row's revalidations would show here).`,
      isolated
        ? 'Cross-origin isolated: fine timers.'
        : 'Not cross-origin isolated: this engine rounds timers (1 ms or coarser).',
      ...(engine === 'webkitgtk'
        ? [
            'WebKitGTK under WebKitWebDriver: an ephemeral session (IndexedDB in memory) without an HTTP cache, so httpCache is a loopback request.',
          ]
        : []),
    ],
  };
}

/**
 * `--trace`: where a first data's milliseconds go. Each variant loaded `rounds` times with
 * `?trace` (./trace.ts); for each IndexedDB step and Response made before the first body was read,
 * its median time from the measurement's start (the first occurrence of each step).
 */
async function tracePageLoad(engine: EngineName, rounds: number): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'cached-fetch-page-load-'));
  await buildPackage();
  await buildPage(out);
  const origin = await startOrigin(out);
  const browser = await launch(engine);
  try {
    console.log(`\n${browser.version}: median ms from the measurement's start (module start = 0)`);
    for (const variant of pageLoadVariants)
      await loadOnce(browser.page, origin.url, variant, 'fill');
    const steps = new Map<string, Map<string, number[]>>();
    for (let round = 0; round < rounds + 2; round++) {
      for (const variant of pageLoadVariants) {
        const result = await loadOnce(browser.page, origin.url, variant, 'burst&trace');
        if ('error' in result || round < 2) continue;
        const trace = (await browser.page.evaluate(() => [
          ...((window as { pageLoadTrace?: [string, number][] }).pageLoadTrace ?? []),
          // When each script was requested (a chunk loaded during the burst competes with it).
          ...performance
            .getEntriesByType('resource')
            .filter((r) => r.name.endsWith('.js'))
            .map((r): [string, number] => [
              `requested ${new URL(r.name).pathname.replace(/-[\w]+\.js$/, '')}`,
              r.startTime,
            ]),
        ])) as [string, number][];
        const start = trace.find(([what]) => what === 'measure start')?.[1] ?? 0;
        const end = trace.find(([what]) => what === 'burst read')?.[1] ?? Infinity;
        const seen = new Map<string, number>();
        for (const [what, at] of trace) {
          if (at > end || what === 'measure start') continue;
          const label = seen.has(what) ? `${what} #${seen.get(what)! + 1}` : what;
          seen.set(what, (seen.get(what) ?? 0) + 1);
          if ((seen.get(what) ?? 0) > 2) continue;
          const byStep = steps.get(variant) ?? new Map<string, number[]>();
          steps.set(variant, byStep);
          byStep.set(label, [...(byStep.get(label) ?? []), at - start]);
        }
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    for (const [variant, byStep] of steps) {
      console.log(`  ${variant}`);
      const ordered = [...byStep].map(([label, at]) => [label, median(at), at.length] as const);
      ordered.sort((a, b) => a[1] - b[1]);
      for (const [label, at, n] of ordered)
        console.log(
          `    ${at.toFixed(2).padStart(7)} ms  ${label}${n < rounds ? ` (n=${n})` : ''}`,
        );
    }
  } finally {
    await browser.close();
    await origin.close();
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `--profile` (Chromium): V8's CPU profile of `rounds` cachedFetch page loads (the first body and
 * the burst), self time summed by function: what of the library's own work a load pays for.
 */
async function profilePageLoad(rounds: number): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'cached-fetch-page-load-'));
  await buildPackage();
  // Minified but with the functions' own names, so that the profile names them.
  await build({
    ...esbuildSplitting(fileURLToPath(new URL('./page.ts', import.meta.url)), out),
    minifyIdentifiers: false,
    minify: false,
    minifySyntax: true,
    minifyWhitespace: true,
    keepNames: true,
  });
  const origin = await startOrigin(out);
  const browser = await launchChromium();
  try {
    for (const variant of pageLoadVariants)
      await loadOnce(browser.page, origin.url, variant, 'fill');
    const page = browser.page.native as import('playwright-core').Page;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const self = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      await cdp.send('Profiler.start');
      await loadOnce(browser.page, origin.url, 'cachedFetch', 'burst');
      const { profile } = await cdp.send('Profiler.stop');
      const { nodes, samples = [], timeDeltas = [] } = profile;
      const byId = new Map(nodes.map((node) => [node.id, node]));
      samples.forEach((id, i) => {
        const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
        const where = url ? `${new URL(url).pathname}:${lineNumber + 1}` : '';
        const name = `${functionName || '(anonymous)'} ${where}`.trim();
        self.set(name, (self.get(name) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
      });
    }
    console.log(`self ms per load (${rounds} loads of cachedFetch, first body and burst):`);
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
      console.log(`  ${(ms / rounds).toFixed(2).padStart(6)}  ${name}`);
  } finally {
    await browser.close();
    await origin.close();
    await rm(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--profile')) {
  await profilePageLoad(Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 10));
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--trace')) {
  const [rounds = '10', engines = 'chromium'] = process.argv
    .slice(2)
    .filter((a) => a !== '--trace');
  for (const engine of engines.split(',') as EngineName[])
    await tracePageLoad(engine, Number(rounds));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const rounds = Number(args[0] ?? 15);
  const engines = (args[1]?.split(',') ?? ['chromium', 'firefox', 'webkit']) as EngineName[];
  const against = process.argv.find((a) => a.startsWith('--against='))?.slice('--against='.length);
  const sections = await measurePageLoad({ engines, rounds, log: console.error, against });
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const section of sections) {
    console.log(`\n${section.title}`);
    const floors = Object.fromEntries(
      section.rows
        .filter((row) => row.variant.startsWith('floor:') && row.samplesMs)
        .map((row) => [row.variant.slice(6), median(row.samplesMs!)]),
    );
    for (const row of section.rows) {
      if (!row.samplesMs) {
        console.log(`  ${row.variant.padEnd(20)} missing: ${row.missing}`);
        continue;
      }
      const m = median(row.samplesMs);
      const floor = floors[row.variant.split(':')[1]!];
      console.log(
        `  ${row.variant.padEnd(20)} ${m.toFixed(2)} ms${floor ? ` (${(m / floor).toFixed(2)}× floor)` : ''}  n=${row.samplesMs.length}`,
      );
    }
    for (const note of section.notes ?? []) console.log(`  ${note}`);
  }
}
