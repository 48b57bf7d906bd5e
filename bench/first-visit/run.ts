// A first visit (issue 24's target: the first request leaves no later than 1.2× plain fetch's, with
// a 100 ms round trip emulated as well as without). Each sample a fresh Chromium context (an empty
// profile: no HTTP cache, no database), loading a page that asks for its data at once: with
// cachedFetch (./page.ts, the package from dist/ as an app bundles it, esbuild splitting) or with
// plain fetch (./plain.ts), each also built with Vite (production: its modulepreload links fetch a
// page's static chunks together, and its preload helper a lazy chunk's imports). Timed in the page
// from the navigation's start, so each page's own JavaScript (its download, its chunks' round
// trips) counts: when the data request leaves, and when its data has been read. Variants
// interleaved round-robin, medians.
//
// A step of `npm run bench` (`--only=firstVisit`); alone:
//   npx tsx bench/first-visit/run.ts [rounds] [--against=DIR]
// (--against: another checkout with its dist/ built, interleaved as `cachedFetch@base`)
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { build as vite } from 'vite';
import { chromiumArgs, chromiumPath } from '../../test/chromium.ts';
import { esbuildSplitting } from '../app-bytes/build-app.ts';
import { buildPackage } from '../package-build.ts';
import type { Row, Section } from '../results-types.ts';

const data = JSON.stringify({ items: Array.from({ length: 40 }, (_, id) => ({ id })) });
const baseVariants = ['cachedFetch', 'fetch', 'cachedFetch (Vite)', 'fetch (Vite)'];
/** Each variant's page: its path on the origin. */
const pathOf: Record<string, string> = {
  cachedFetch: '/',
  fetch: '/plain',
  'cachedFetch@base': '/base',
  'cachedFetch (Vite)': '/vite-page/',
  'fetch (Vite)': '/vite-plain/',
};
const latencies = [0, 100] as const;

async function startOrigin(out: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/data/')) {
      response.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'max-age=60',
      });
      response.end(data);
    } else if (path === '/' || path === '/plain' || path === '/base') {
      const script = {
        '/': '/page/page.js',
        '/plain': '/plain/plain.js',
        '/base': '/base/page.js',
      }[path];
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><script type="module" src="${script}"></script>`);
    } else {
      try {
        // A Vite build's own index.html (its script and modulepreload links), or a script.
        const html = path.endsWith('/');
        const body = await readFile(join(out, html ? `${path}index.html` : path));
        response.writeHead(200, { 'content-type': html ? 'text/html' : 'text/javascript' });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `page` built by Vite for production, served under `base` (its index.html and assets). */
async function buildWithVite(page: string, outDir: string, base: string): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'cached-fetch-first-visit-vite-'));
  try {
    // Copied out of this package, whose `"sideEffects": false` would let Vite drop the page.
    await copyFile(page, join(root, 'page.ts'));
    await copyFile(fileURLToPath(new URL('./visit.ts', import.meta.url)), join(root, 'visit.ts'));
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><script type="module" src="./page.ts"></script>',
    );
    await vite({
      configFile: false,
      root,
      base,
      logLevel: 'silent',
      resolve: {
        alias: { 'cached-fetch': fileURLToPath(new URL('../../dist/index.js', import.meta.url)) },
      },
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

type VisitResult = { ranMs: number; leftMs: number; dataMs: number } | { error: string };

/**
 * `against`: a checkout with its dist/ built, whose cachedFetch is interleaved as
 * `cachedFetch@base` (an A/B on the same machine).
 */
export async function measureFirstVisit(rounds = 10, against?: string): Promise<Section> {
  const variants = against ? [...baseVariants, 'cachedFetch@base'] : baseVariants;
  const out = await mkdtemp(join(tmpdir(), 'cached-fetch-first-visit-'));
  const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  await buildPackage();
  await build(esbuildSplitting(here('./page.ts'), join(out, 'page')));
  await build(esbuildSplitting(here('./plain.ts'), join(out, 'plain')));
  for (const [name, file] of [
    ['vite-page', './page.ts'],
    ['vite-plain', './plain.ts'],
  ] as const)
    await buildWithVite(here(file), join(out, name), `/${name}/`);
  if (against)
    await build(
      esbuildSplitting(here('./page.ts'), join(out, 'base'), join(against, 'dist/index.js')),
    );
  const origin = await startOrigin(out);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const samples = new Map<string, { ran: number[]; left: number[]; data: number[] }>();
  const missing = new Map<string, string>();
  try {
    for (let round = 0; round < rounds + 1; round++) {
      for (const latency of latencies) {
        for (const variant of round % 2 ? [...variants].reverse() : variants) {
          const name = `${variant}, ${latency} ms round trip`;
          const context = await browser.newContext();
          try {
            const page = await context.newPage();
            if (latency > 0) {
              const cdp = await context.newCDPSession(page);
              await cdp.send('Network.enable');
              await cdp.send('Network.emulateNetworkConditions', {
                offline: false,
                latency,
                downloadThroughput: -1,
                uploadThroughput: -1,
              });
            }
            await page.goto(`${origin.url}${pathOf[variant]}`);
            await page.waitForFunction(() => 'visitResult' in window, undefined, {
              timeout: 20_000,
            });
            const result = (await page.evaluate(() => window.visitResult)) as VisitResult;
            if ('error' in result) missing.set(name, result.error);
            else if (round > 0) {
              const series = samples.get(name) ?? { ran: [], left: [], data: [] };
              samples.set(name, series);
              series.ran.push(result.ranMs);
              series.left.push(result.leftMs);
              series.data.push(result.dataMs);
            }
          } finally {
            await context.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
    await origin.close();
    await rm(out, { recursive: true, force: true });
  }
  const rows: Row[] = [];
  for (const latency of latencies) {
    for (const [what, key] of [
      ['its JavaScript ran', 'ran'],
      ['request leaves', 'left'],
      ['data read', 'data'],
    ] as const) {
      for (const variant of variants) {
        const name = `${variant}, ${latency} ms round trip`;
        const why = missing.get(name);
        rows.push(
          why
            ? { variant: `${name}: ${what}`, missing: why }
            : { variant: `${name}: ${what}`, samplesMs: samples.get(name)![key] },
        );
      }
    }
  }
  return {
    id: 'first-visit',
    title:
      'A first visit (empty profile, a miss): when its JavaScript ran, its data request left, and its data was read',
    rows,
    notes: [
      `Each sample a new Chromium context (no HTTP cache, no database); ${rounds} rounds, variants interleaved; from the navigation's start, each page's own JavaScript included.`,
      'The round trip emulated with the DevTools protocol (Network.emulateNetworkConditions), for every request the page makes, its scripts included.',
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 10);
  const against = process.argv.find((arg) => arg.startsWith('--against='))?.slice(10);
  const section = await measureFirstVisit(rounds, against);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  console.log(section.title);
  for (const row of section.rows) {
    if ('missing' in row && row.missing) console.log(`  ${row.variant}: missing: ${row.missing}`);
    else if ('samplesMs' in row && row.samplesMs)
      console.log(
        `  ${row.variant.padEnd(48)} ${median(row.samplesMs).toFixed(1)} ms  n=${row.samplesMs.length}`,
      );
  }
}
