// The first data after a page load (issue 24, decision 0027): each sample is a real navigation
// in Debian's headless Chromium (on-disk profile, HTTP cache on) with the data stored by an
// earlier visit, the memory tier empty. Measured in the page (./page.ts) from its module's start:
// the first 2 KB JSON body read, then 20 more read together (the boot burst). Variants
// interleaved round-robin, medians. cachedFetch against the floor (indexedDB.open of the existing
// database + one get + new Response), Cache Storage and the browser's HTTP cache.
//
//   npx tsx bench/page-load/run.ts [rounds]      (dist/ must be built: npm run build)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../test/chromium.ts';

const variants = ['cachedFetch', 'floor', 'cacheStorage', 'httpCache'] as const;
const rounds = Number(process.argv[2] ?? 15);
const data = JSON.stringify({
  items: Array.from({ length: 40 }, (_, id) => ({
    id,
    name: `item ${id}`,
    detail: 'x'.repeat(20),
  })),
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const out = await mkdtemp(join(tmpdir(), 'cached-fetch-page-load-'));
await build({
  entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outdir: out,
  logLevel: 'silent',
  alias: { 'cached-fetch': fileURLToPath(new URL('../../dist/index.js', import.meta.url)) },
});
let dataRequests = 0;
const server = createServer(async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path.startsWith('/data/')) {
    dataRequests++;
    response.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'max-age=3600',
    });
    response.end(data);
  } else if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><script type="module" src="/page.js"></script>');
  } else {
    try {
      const body = await readFile(join(out, path));
      // An app's hashed assets: a reload takes them from the HTTP cache, as it would in production.
      response.writeHead(200, {
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
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const profile = await mkdtemp(join(tmpdir(), 'cached-fetch-page-load-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  args: chromiumArgs,
  headless: true,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const load = async (variant: string, phase: string) => {
    await page.goto(`${origin}/?variant=${variant}&phase=${phase}`);
    await page.waitForFunction(() => window.benchResult !== undefined, undefined, {
      timeout: 30_000,
    });
    const result = await page.evaluate(() => window.benchResult!);
    if ('error' in result) throw new Error(`${variant} ${phase}: ${result.error}`);
    return result;
  };
  for (const variant of variants) await load(variant, 'fill');
  const filled = dataRequests;
  const samples = Object.fromEntries(
    variants.map((v) => [v, { first: [] as number[], burst: [] as number[] }]),
  );
  for (let round = 0; round < rounds + 2; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      const result = (await load(variant, 'burst')) as { firstMs: number; burstMs: number };
      if (round < 2) continue; // warm-up rounds
      samples[variant]!.first.push(result.firstMs);
      samples[variant]!.burst.push(result.burstMs);
    }
  }
  const version = context.browser()?.version() ?? 'Chromium';
  console.log(
    `Chromium ${version}: first data after a page load, medians of ${rounds} navigations each (origin requests while measuring: ${dataRequests - filled})`,
  );
  const floorFirst = median(samples.floor!.first);
  const floorBurst = median(samples.floor!.burst);
  for (const variant of variants) {
    const first = median(samples[variant]!.first);
    const burst = median(samples[variant]!.burst);
    console.log(
      `${variant.padEnd(13)} first ${first.toFixed(2)} ms (${(first / floorFirst).toFixed(2)}× floor)   burst of 20 ${burst.toFixed(2)} ms (${(burst / floorBurst).toFixed(2)}× floor)`,
    );
  }
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
}
