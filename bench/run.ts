// `npm run bench`: bundle sizes, then every in-browser scenario in one headless Chromium page
// served by a local origin; writes bench/results/latest.json and prints the Markdown table.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { appBytesSection } from './app-bytes/run.ts';
import { type BenchBrowser, launchBenchBrowser } from './browser.ts';
import { measureBundles } from './bundle-size.ts';
import { measureFirstVisit } from './first-visit/run.ts';
import { describeMachine } from './machine.ts';
import { measureNodeMemory } from './node-memory/section.ts';
import { startBenchOrigin } from './origin.ts';
import { buildPackage } from './package-build.ts';
import type { BenchPage } from './page/main.ts';
import type { SeedResult } from './page/scenarios/scale.ts';
import { bundlePage, pageHtml } from './page-bundle.ts';
import { measurePageLoad } from './page-load/run.ts';
import { type BenchResults, renderMarkdown, summarizeSection } from './report.ts';
import type { Row, Section } from './results-types.ts';

const startedAt = performance.now();
/** `npm run bench -- --only=freshHit,scale` runs a subset (for working on one scenario). */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const selected = (step: string) => !only || only.includes(step);
const overallLimitMs = 9 * 60_000;
// A partial run must not overwrite the committed full one (*.tmp.json is git-ignored).
const resultsFile = fileURLToPath(
  new URL(only ? './results/partial.tmp.json' : './results/latest.json', import.meta.url),
);

const watchdog = setTimeout(() => {
  console.error(`bench: over ${overallLimitMs / 60_000} minutes, giving up`);
  process.exit(2);
}, overallLimitMs);
watchdog.unref();

const log = (message: string) =>
  console.error(
    `[bench ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}`,
  );

type Step = keyof BenchPage;

/** Calls one page step, bounded: a step that hangs fails alone, with the reason. */
async function call<T>(page: Page, step: Step, arg: unknown, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} took over ${limitMs / 1000} s`)), limitMs);
  });
  try {
    return await Promise.race([
      page.evaluate(
        ([name, value]) => (window.bench[name as Step] as (v: unknown) => Promise<unknown>)(value),
        [step, arg] as const,
      ) as Promise<T>,
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function failedSection(id: string, title: string, error: unknown): Section {
  return {
    id,
    title,
    rows: [{ variant: 'all variants', missing: String((error as Error)?.message ?? error) }],
  };
}

async function runScenarios(
  browser: BenchBrowser,
  cachedFetchMissing: string | undefined,
): Promise<Section[]> {
  const { page } = browser;
  const sections: Section[] = [];
  const scenarios: [Step, string, number][] = [
    ['freshHit', 'Fresh hit', 90_000],
    ['revalidation', 'Revalidation', 60_000],
    ['readYourWrites', 'Read-your-writes', 30_000],
    ['miss', 'Miss', 60_000],
    ['concurrency', 'Concurrency', 90_000],
    ['outbox', 'Outbox', 180_000],
  ];
  for (const [step, title, limit] of scenarios) {
    if (!selected(step)) continue;
    log(`${title}…`);
    try {
      sections.push(...(await call<Section[]>(page, step, undefined, limit)));
    } catch (error) {
      sections.push(failedSection(step, title, error));
    }
  }
  if (selected('bucketDurability')) sections.push(...(await runBucketDurability(browser)));
  if (selected('scale')) sections.push(...(await runScale(browser, cachedFetchMissing)));
  return sections;
}

/** The durability step, with what Chromium says of each bucket's durability (CDP). */
async function runBucketDurability(browser: BenchBrowser): Promise<Section[]> {
  const title = 'Storage bucket durability';
  log(`${title}…`);
  try {
    const reported = await browser.trackBuckets();
    const sections = await call<Section[]>(browser.page, 'bucketDurability', undefined, 240_000);
    const asked = (durability: string) => {
      const found = reported().filter(({ name }) =>
        name.startsWith(`bench-durability-${durability}-`),
      );
      const said = [...new Set(found.map((bucket) => bucket.durability))].join(', ') || 'nothing';
      return `${found.length} buckets opened '${durability}' reported as: ${said}`;
    };
    sections[0]?.notes?.push(
      `Chromium's DevTools protocol (Storage.storageBucketCreatedOrUpdated): ${asked('strict')}; ${asked('relaxed')}.`,
    );
    return sections;
  } catch (error) {
    return [failedSection('bucketDurability', title, error)];
  }
}

async function runScale(
  browser: BenchBrowser,
  cachedFetchMissing: string | undefined,
): Promise<Section[]> {
  const { page } = browser;
  const title = 'Scale (100 / 10,000 / 100,000 entries, eviction, memory)';
  if (cachedFetchMissing) return [failedSection('scale', title, cachedFetchMissing)];
  log('Scale…');
  const sections: Section[] = [];
  const seedRows: Row[] = [];
  const memoryRows: Row[] = [];
  try {
    const opened = await call<{ missing?: string }>(page, 'scaleOpen', undefined, 20_000);
    if (opened.missing) return [failedSection('scale', title, opened.missing)];
    for (const total of [100, 10_000, 100_000]) {
      const seeded = await call<SeedResult>(page, 'scaleSeedTo', total, 120_000);
      log(`  ${seeded.entries} entries (seeding took ${(seeded.seedMs / 1000).toFixed(1)} s)`);
      seedRows.push({
        variant: `seed to ${total.toLocaleString('en-US')}`,
        figures: {
          ...seeded,
          seedMs: Math.round(seeded.seedMs),
          statsMs: Math.round(seeded.statsMs),
        },
      });
      sections.push(await call<Section>(page, 'scaleHit', seeded.entries, 30_000));
      if (total !== 10_000) {
        memoryRows.push({
          variant: `page with ${seeded.entries.toLocaleString('en-US')} entries`,
          figures: await browser.heapAfterGc(),
        });
      }
    }
    sections.push(await call<Section>(page, 'scaleEvict', { count: 1000, repeats: 2 }, 60_000));
  } catch (error) {
    sections.push(failedSection('scale', title, error));
  }
  sections.push({
    id: 'scale-seed',
    title: 'Scale: seeding the store (setup, not a benchmark) and the cost of cache.stats()',
    rows: seedRows,
  });
  sections.push({
    id: 'scale-memory',
    title: 'Scale: page JS heap after a forced GC (CDP Performance.getMetrics)',
    rows: memoryRows,
    notes: [
      'IndexedDB data lives in the browser process, not the page heap: this shows what the library keeps in memory.',
    ],
  });
  await call(page, 'scaleClose', undefined, 10_000).catch(() => {});
  return sections;
}

/**
 * Page loads in Chromium, Firefox ESR and WebKitGTK (each its own browser, real navigations), and
 * the bytes a tiny app requests before its first data: both from dist/ as built from src/ now.
 */
async function pageLoadSections(): Promise<Section[]> {
  const sections: Section[] = [];
  if (!selected('pageLoad') && !selected('appBytes') && !selected('firstVisit')) return sections;
  try {
    log('Building dist/ for the page loads…');
    await buildPackage();
  } catch (error) {
    return [failedSection('pageLoad', 'First data after a page load', error)];
  }
  if (selected('pageLoad')) {
    log('First data after a page load (Chromium, Firefox, WebKit)…');
    sections.push(...(await measurePageLoad({ rounds: 15, log })));
  }
  if (selected('firstVisit')) {
    log('A first visit (Chromium, empty profiles)…');
    sections.push(
      await measureFirstVisit(10).catch((error) =>
        failedSection('first-visit', 'A first visit', error),
      ),
    );
  }
  if (selected('appBytes')) {
    log('JavaScript before the first data (Vite, esbuild)…');
    sections.push(
      await appBytesSection().catch((error) =>
        failedSection('app-bytes', 'JavaScript before the first data', error),
      ),
    );
  }
  return sections;
}

async function main(): Promise<void> {
  const pageLoads = await pageLoadSections();
  if (selected('bundle')) log('Bundle sizes…');
  const bundleSection = selected('bundle') ? await measureBundles() : undefined;
  if (selected('nodeMemory')) log('Node memory (200 MB bodies)…');
  const nodeMemorySection = selected('nodeMemory')
    ? await measureNodeMemory((message) => log(message))
    : undefined;
  log('Bundling the page…');
  const { script, libraryBuildError } = await bundlePage();
  const origin = await startBenchOrigin({ html: pageHtml, script: () => script });
  let browser: BenchBrowser | undefined;
  try {
    browser = await launchBenchBrowser();
    log(`${browser.version}, origin ${origin.url}`);
    browser.page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        log(`page ${message.type()}: ${message.text()}`);
    });
    browser.page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await browser.page.goto(origin.url);
    await browser.page.waitForFunction(() => 'bench' in window, undefined, { timeout: 10_000 });
    const env = await browser.page.evaluate(() => window.bench.environment());
    if (!env.secureContext) throw new Error('the bench page is not a secure context');
    if (!env.crossOriginIsolated)
      log('warning: page not cross-origin isolated (100 µs timer resolution)');
    const missing = libraryBuildError ?? env.cachedFetchMissing;
    if (missing) log(`cachedFetch missing: ${missing}`);
    const sections = await runScenarios(browser, missing);
    sections.push(...pageLoads);
    if (bundleSection) sections.push(bundleSection);
    if (nodeMemorySection) sections.push(nodeMemorySection);
    const results: BenchResults = {
      machine: describeMachine(browser.version),
      cachedFetch: missing ? { available: false, missing } : { available: true },
      runtimeSeconds: (performance.now() - startedAt) / 1000,
      sections: sections.map(summarizeSection),
    };
    await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    await writeFile(resultsFile, `${toJson(results)}\n`);
    console.log(renderMarkdown(results));
    log(`wrote ${resultsFile}`);
  } finally {
    await browser?.close();
    await origin.close();
  }
}

/** Indented, but each list of samples on one line, so diffs between runs stay readable. */
function toJson(results: BenchResults): string {
  return JSON.stringify(results, roundMs, 1).replace(
    /\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]/g,
    (_, list: string) => `[${list.replace(/\s+/g, '')}]`,
  );
}

function roundMs(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value)
    ? Math.round(value * 1000) / 1000
    : value;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
