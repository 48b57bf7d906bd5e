// cachedFetch in workers, in Debian's Chromium: the README's Service Worker recipe answering
// /api/* (a hit from the worker, then the stale answer with the browser offline), coherent with
// the page's own cache on the same database; and a Web Worker sharing entries with its page.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium';
import type { PageServer } from './page-harness';
import { startWorkerPageServer } from './worker-pages';

const poll = { timeout: 10_000 };

let server: PageServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  server = await startWorkerPageServer();
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 30_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<Page> {
  context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => 'pageCache' in window);
  return page;
}

describe('the Service Worker recipe', () => {
  it('answers /api/* from its cache: a hit from the worker, the stale answer offline, one cache with the page', async () => {
    const page = await openPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.evaluate(() => window.registerServiceWorker());
    // A page loaded before its worker existed is not controlled: reload, as a second visit would.
    await page.reload();
    await page.waitForFunction(() => 'pageCache' in window && window.controlled());

    const path = `/api/sw-${Date.now().toString(36)}`;
    const lasting = `${path}-lasting`;
    const revalidated = `${path}-revalidated`;
    await server.origin.script(lasting, {
      headers: { 'cache-control': 'max-age=60' },
      body: 'from the origin',
    });
    // Stale at once (max-age=0): every reuse revalidates, so offline it is a stale stand-in.
    await server.origin.script(revalidated, {
      headers: { 'cache-control': 'max-age=0', etag: '"1"' },
      body: 'stored earlier',
    });
    const first = await page.evaluate((path) => window.plainFetch(path), lasting);
    expect(first).toMatchObject({ status: 200, body: 'from the origin' });
    expect(first.cacheStatus).toContain('fwd=uri-miss');
    expect((await page.evaluate((path) => window.plainFetch(path), revalidated)).body).toBe(
      'stored earlier',
    );
    // The worker stored both in the database the page's own cache reads too.
    await expect
      .poll(() => page.evaluate(() => window.pageCache.cache.entries().then((e) => e.length)), poll)
      .toBe(2);

    const second = await page.evaluate((path) => window.plainFetch(path), lasting);
    expect(second).toMatchObject({ status: 200, body: 'from the origin' });
    expect(second.cacheStatus).toMatch(/^cached-fetch; hit; ttl=/);
    expect(await server.origin.log(lasting)).toHaveLength(1);

    // With the browser offline (the worker's fetch fails too), offline: 'stale' answers.
    await context!.setOffline(true);
    const offline = await page.evaluate((path) => window.plainFetch(path), revalidated);
    expect(offline).toMatchObject({ status: 200, body: 'stored earlier' });
    expect(offline.cacheStatus).toContain('detail="offline"');
    expect(await server.origin.log(revalidated)).toHaveLength(1);

    // One cache: the page clears it, and the worker's next answer is a miss from the origin.
    await server.origin.script(lasting, {
      headers: { 'cache-control': 'max-age=60' },
      body: 'fetched again',
    });
    await context!.setOffline(false);
    await page.evaluate(() => window.pageCache.cache.clear());
    const afterClear = await page.evaluate((path) => window.plainFetch(path), lasting);
    expect(afterClear).toMatchObject({ body: 'fetched again' });
    expect(afterClear.cacheStatus).toContain('fwd=uri-miss');
    expect(await server.origin.log(lasting)).toHaveLength(2);

    // The page's own cached fetch under this worker (its requests go out with cache: 'no-store',
    // which the worker's cache passes through): one origin request, then the page's hit.
    const pagePath = `/api/page-under-sw-${Date.now().toString(36)}`;
    await server.origin.script(pagePath, {
      headers: { 'cache-control': 'max-age=60' },
      body: 'page',
    });
    await page.evaluate(() => window.pageCache.cache.clear());
    const viaPage = await page.evaluate((p) => window.pageFetch(p), pagePath);
    expect(viaPage).toMatchObject({ status: 200, body: 'page' });
    await expect
      .poll(() => page.evaluate(() => window.pageCache.cache.entries().then((e) => e.length)), poll)
      .toBe(1);
    // RFC 9211 §2: the list runs from the cache closest to the origin to the one closest to the
    // user. The stored response keeps the worker's member (it passed the request); the page's cache
    // appends its hit last.
    expect((await page.evaluate((p) => window.pageFetch(p), pagePath)).cacheStatus).toMatch(
      /^cached-fetch; fwd=bypass; fwd-status=200, cached-fetch; hit; ttl=\d+$/,
    );
    expect(await server.origin.log(pagePath)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});

describe('the Service Worker recipe with Background Sync (issue 22)', () => {
  it('a write the worker queued registers the sync; its event replays it with no page making requests', async () => {
    const page = await openPage();
    await page.evaluate(() => window.registerServiceWorker());
    await page.reload();
    await page.waitForFunction(() => 'pageCache' in window && window.controlled());
    const path = `/api/sync-${Date.now().toString(36)}`;
    // The origin refuses connections (Chromium's offline mode cannot be left while the worker
    // is stopped: Playwright waits for the worker's target).
    await server.origin.script(path, { reset: true });

    const queued = await page.evaluate(async (path) => {
      const response = await fetch(path, { method: 'POST', body: 'written offline' });
      return { status: response.status, cacheStatus: response.headers.get('cache-status') };
    }, path);
    expect(queued).toEqual({
      status: 202,
      cacheStatus: 'cached-fetch; fwd=method; detail="queued"',
    });
    // Registered from the worker that queued it (Chromium may fire it at once: it thinks the
    // device is online; the flush fails, the handler rejects, the sync stays for a retry).
    const tags = () =>
      page.evaluate(async () => {
        const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
          sync: { getTags(): Promise<string[]> };
        };
        return registration.sync.getTags();
      });
    await expect.poll(tags, poll).toEqual(['cached-fetch-outbox']);

    // The worker stops, its retry timer with it; the page stays idle; the origin is back.
    const session = await context!.newCDPSession(page);
    const registrations: string[] = [];
    session.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.push(r.registrationId);
    });
    await session.send('ServiceWorker.enable');
    await expect.poll(() => registrations.length, poll).toBeGreaterThan(0);
    await session.send('ServiceWorker.stopAllWorkers');
    await server.origin.script(path, { status: 201 });
    const refused = (await server.origin.log(path)).length;
    expect(refused).toBeGreaterThan(0);

    // What the browser does once online: the sync event, to a worker it starts for it.
    await session.send('ServiceWorker.dispatchSyncEvent', {
      origin: new URL(server.url).origin,
      registrationId: registrations[0]!,
      tag: 'cached-fetch-outbox',
      lastChance: false,
    });
    await expect.poll(async () => (await server.origin.log(path)).length, poll).toBe(refused + 1);
    const seen = await server.origin.log(path);
    expect(seen.map((r) => r.method)).toEqual(Array(refused + 1).fill('POST'));
    // The same write: one Idempotency-Key on every attempt.
    expect(new Set(seen.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  }, 30_000);
});

describe('a Web Worker', () => {
  it('shares stored entries with its page, both ways', async () => {
    const page = await openPage();
    const fromPage = `/api/page-${Date.now().toString(36)}`;
    const fromWorker = `/api/worker-${Date.now().toString(36)}`;
    for (const path of [fromPage, fromWorker]) {
      await server.origin.script(path, { headers: { 'cache-control': 'max-age=60' }, body: path });
    }
    const entries = () =>
      page.evaluate(() => window.pageCache.cache.entries().then((e) => e.length));

    // Stored by the page, a hit in the worker.
    expect((await page.evaluate((p) => window.pageFetch(p), fromPage)).cacheStatus).toContain(
      'fwd=uri-miss',
    );
    await expect.poll(entries, poll).toBe(1);
    const inWorker = await page.evaluate((p) => window.workerFetch(p), fromPage);
    expect(inWorker).toMatchObject({ status: 200, body: fromPage });
    expect(inWorker.cacheStatus).toMatch(/^cached-fetch; hit; ttl=/);

    // Stored by the worker, a hit in the page.
    expect((await page.evaluate((p) => window.workerFetch(p), fromWorker)).cacheStatus).toContain(
      'fwd=uri-miss',
    );
    await expect.poll(entries, poll).toBe(2);
    const inPage = await page.evaluate((p) => window.pageFetch(p), fromWorker);
    expect(inPage.cacheStatus).toMatch(/^cached-fetch; hit; ttl=/);

    // Each URL reached the origin once.
    expect(await server.origin.log(fromPage)).toHaveLength(1);
    expect(await server.origin.log(fromWorker)).toHaveLength(1);
  }, 30_000);
});
