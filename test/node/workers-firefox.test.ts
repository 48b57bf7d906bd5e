// The worker scenarios of workers.test.ts in Firefox ESR, driven through WebDriver BiDi by
// puppeteer-core (no download: Debian's /usr/bin/firefox-esr; npm test installs it or stops).
// Offline here means the API drops its connections (the origin's `reset`), not browser emulation.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageServer } from './page-harness';
import { startWorkerPageServer } from './worker-pages';

const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

let server: PageServer;
let browser: Browser;

describe('workers in Firefox', () => {
  beforeAll(async () => {
    server = await startWorkerPageServer();
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => 'pageCache' in window);
    return page;
  }

  it('the Service Worker recipe: a hit from the worker, the stale answer with the API unreachable', async () => {
    const page = await openPage();
    await page.evaluate(() => window.registerServiceWorker());
    await page.reload();
    await page.waitForFunction(() => 'pageCache' in window && window.controlled());

    const lasting = `/api/ff-sw-${Date.now().toString(36)}`;
    const revalidated = `${lasting}-revalidated`;
    await server.origin.script(lasting, { headers: { 'cache-control': 'max-age=60' }, body: 'a' });
    await server.origin.script(revalidated, {
      headers: { 'cache-control': 'max-age=0', etag: '"1"' },
      body: 'stored earlier',
    });
    expect((await page.evaluate((p) => window.plainFetch(p), lasting)).cacheStatus).toContain(
      'fwd=uri-miss',
    );
    await page.evaluate((p) => window.plainFetch(p), revalidated);
    await page.waitForFunction(() =>
      window.pageCache.cache.entries().then((entries) => entries.length === 2),
    );
    expect((await page.evaluate((p) => window.plainFetch(p), lasting)).cacheStatus).toMatch(
      /^cached-fetch; hit; ttl=/,
    );
    expect(await server.origin.log(lasting)).toHaveLength(1);

    await server.origin.script(revalidated, { reset: true });
    const offline = await page.evaluate((p) => window.plainFetch(p), revalidated);
    expect(offline).toMatchObject({ status: 200, body: 'stored earlier' });
    expect(offline.cacheStatus).toContain('detail="offline"');
    await page.close();
  }, 60_000);

  it('a Web Worker serves what its page stored', async () => {
    const page = await openPage();
    const path = `/api/ff-worker-${Date.now().toString(36)}`;
    await server.origin.script(path, { headers: { 'cache-control': 'max-age=60' }, body: path });
    await page.evaluate((p) => window.pageFetch(p), path);
    await page.waitForFunction(() =>
      window.pageCache.cache.entries().then((entries) => entries.length >= 1),
    );
    const inWorker = await page.evaluate((p) => window.workerFetch(p), path);
    expect(inWorker).toMatchObject({ status: 200, body: path });
    // RFC 9211 §2: the Web Worker's own cache, closest to its caller, says hit in the last member
    // (before it: the Service Worker's member, when the earlier test's worker still controls the
    // page and passed the page's request).
    expect(inWorker.cacheStatus).toMatch(/(^|, )cached-fetch; hit; ttl=\d+$/);
    expect(await server.origin.log(path)).toHaveLength(1);
    await page.close();
  }, 60_000);
});
