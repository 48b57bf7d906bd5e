// Loads a built app (./build-app) in Debian's headless Chromium, served on 127.0.0.1 with the HTTP
// cache off (CDP Network.setCacheDisabled) and a round trip emulated, and counts what it requests
// before its first data is on the page: on a first visit (an empty store: a miss, then stored) and
// on a reload (the store filled by that visit: a hit).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../test/chromium.ts';

/** The round trip emulated on every request, so that sequential requests show as such. */
const latencyMs = 20;

export interface Visit {
  /** JavaScript files requested before the first data was on the page, in request order. */
  files: string[];
  /** Their bytes, each gzipped (-9) as a server would send it. */
  gzipBytes: number;
  /**
   * Sequential round trips for JavaScript after the entry's own: a file requested only once an
   * earlier one had arrived (an import() or a static import found late) adds one.
   */
  roundTrips: number;
  /** Milliseconds from navigation start to the first data on the page. */
  firstDataMs: number;
}

export interface AppLoad {
  miss: Visit;
  hit: Visit;
  /** Every JavaScript file of the build, each gzipped: what the app may ever load. */
  allGzipBytes: number;
  allFiles: number;
}

const data = JSON.stringify({
  items: Array.from({ length: 40 }, (_, id) => ({
    id,
    name: `item ${id}`,
    detail: 'x'.repeat(20),
  })),
});

export function serve(dir: string, dataRequests: { count: number }): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/data.json') {
      dataRequests.count++;
      response.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'max-age=600',
      });
      response.end(data);
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = extname(file) === '.html' ? 'text/html' : 'text/javascript';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Timed {
  name: string;
  startTime: number;
  responseEnd: number;
}

async function gzipSize(dir: string, path: string): Promise<number> {
  return gzipSync(await readFile(join(dir, path)), { level: 9 }).length;
}

async function visitOf(dir: string, resources: Timed[], firstDataAt: number): Promise<Visit> {
  const scripts = resources
    .filter((r) => r.startTime < firstDataAt && new URL(r.name).pathname.endsWith('.js'))
    .sort((a, b) => a.startTime - b.startTime);
  const depth = new Map<Timed, number>();
  for (const script of scripts) {
    const before = scripts.filter((s) => depth.has(s) && s.responseEnd <= script.startTime);
    depth.set(script, before.length === 0 ? 0 : 1 + Math.max(...before.map((s) => depth.get(s)!)));
  }
  const files = scripts.map((s) => new URL(s.name).pathname.slice(1));
  let gzipBytes = 0;
  for (const file of files) gzipBytes += await gzipSize(dir, file);
  return {
    files,
    gzipBytes,
    roundTrips: Math.max(0, ...depth.values()),
    firstDataMs: Math.round(firstDataAt),
  };
}

export async function loadApp(dir: string, jsFiles: string[]): Promise<AppLoad> {
  const dataRequests = { count: 0 };
  const server = await serve(dir, dataRequests);
  const profile = await mkdtemp(join(tmpdir(), 'cached-fetch-app-bytes-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: latencyMs,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const visit = async () => {
      await page.waitForFunction(() => window.firstDataAt !== undefined, undefined, {
        timeout: 30_000,
      });
      const { resources, firstDataAt, shown } = await page.evaluate(() => ({
        resources: performance.getEntriesByType('resource').map((r) => ({
          name: r.name,
          startTime: r.startTime,
          responseEnd: (r as PerformanceResourceTiming).responseEnd,
        })),
        firstDataAt: window.firstDataAt!,
        shown: document.querySelectorAll('li').length,
      }));
      if (shown !== 3) throw new Error(`the app showed ${shown} items, not 3`);
      return visitOf(dir, resources, firstDataAt);
    };
    await page.goto(url);
    const miss = await visit();
    await page.evaluate(() => window.cacheSettled!());
    if (dataRequests.count !== 1)
      throw new Error(`first visit: ${dataRequests.count} data requests`);
    await page.reload();
    const hit = await visit();
    if (dataRequests.count !== 1)
      throw new Error('the reload went to the network: the stored response was not served');
    let allGzipBytes = 0;
    for (const file of jsFiles) allGzipBytes += await gzipSize(dir, file);
    return { miss, hit, allGzipBytes, allFiles: jsFiles.length };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    server.close();
  }
}
