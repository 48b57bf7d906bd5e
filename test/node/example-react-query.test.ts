// The React + TanStack Query example (examples/react-query, issue 26) in each engine (the ENGINE of
// the `*-pages` project: Chromium, Firefox, WebKit): the README recipes together in a real app.
// Sign in, reload (the `max-age` resource a hit, the `no-cache` one a 304), go offline for real (the
// origin stops accepting connections; in Chromium the context is offline too, so TanStack's
// onlineManager says offline and only `networkMode: 'offlineFirst'` still asks the cache), see the
// stored data and the banner (the `no-cache` resource included, thanks to `offline: 'any'`), come
// back, POST an order, log out (the user's partition emptied in IndexedDB).
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../examples/react-query/api.ts';
import {
  type ReactQueryExample,
  startReactQueryExample,
} from '../../examples/react-query/server.ts';
import {
  type EngineBrowser,
  type EngineContext,
  type EnginePage,
  engineUnderTest,
  launchEngine,
} from '../engines/engine.ts';
import { withTimeout } from '../engines/processes.ts';

const engine = engineUnderTest();
let example: ReactQueryExample;
let browser: EngineBrowser;
let context: EngineContext | undefined;

beforeAll(async () => {
  browser = await withTimeout(launchEngine(engine), 60_000, `${engine} did not start`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

// A fresh API (its request log) and browser context (its IndexedDB) for each attempt: WebKit
// retries a test (vitest.config.ts).
beforeEach(async () => {
  example = await startReactQueryExample({ port: 0, logLevel: 'silent' });
  context = await browser.newContext();
}, 60_000);

afterEach(async () => {
  await context?.close();
  await example?.close();
  context = undefined;
});

/** Polls `fn(arg)` in the page until it returns true. */
async function until<A>(page: EnginePage, fn: (arg: A) => boolean, arg: A, what: string) {
  const deadline = Date.now() + 15_000;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > deadline) throw new Error(`${engine}: ${what} did not happen in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function texts(page: EnginePage, testId: string): Promise<string[]> {
  return page.evaluate(
    (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent ?? ''),
    testId,
  );
}

function click(page: EnginePage, selector: string): Promise<void> {
  return page.evaluate((selector) => {
    const button = document.querySelector<HTMLButtonElement>(selector);
    if (!button) throw new Error(`no ${selector}`);
    button.click();
  }, selector);
}

/** The Cache-Status the app shows for `url`'s last response. */
function cacheStatus(page: EnginePage, url: string): Promise<string> {
  return page.evaluate(
    (url) =>
      document.querySelector(`[data-url="${url}"] [data-testid="cache-status"]`)?.textContent ?? '',
    url,
  );
}

/** Metadata records of `partition` in the app's database, read from IndexedDB itself. */
function storedEntries(page: EnginePage, partition: string): Promise<number> {
  return page.evaluate(
    (partition) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('cached-fetch');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db
            .transaction('records')
            .objectStore('records')
            .index('partitionLru')
            .count(IDBKeyRange.bound([partition], [partition, []]));
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    partition,
  );
}

function seen(method: string, path: string): ApiRequest[] {
  return example.api.requests.filter((r) => r.method === method && r.path === path);
}

/** Chromium only: the context itself offline (navigator.onLine false, requests fail at once). */
async function setContextOffline(page: EnginePage, offline: boolean): Promise<void> {
  if (engine === 'chromium') await (page.native as Page).context().setOffline(offline);
}

describe(`the React + TanStack Query example in ${engine}`, () => {
  it('reloads to hits and a 304, shows stored data and the banner offline, posts, and logs out', async () => {
    const page = await context!.newPage();
    await withTimeout(page.goto(example.url), 30_000, 'the example did not load');
    await until(
      page,
      () => document.querySelector('[data-testid="sign-in"]') !== null,
      undefined,
      'the app',
    );
    await click(page, '[data-testid="sign-in"]');

    // First visit: both resources from the origin, stored in Ada's partition.
    await until(
      page,
      () => document.querySelectorAll('[data-testid="order"]').length === 1,
      undefined,
      'the orders',
    );
    expect(await texts(page, 'product')).toHaveLength(4);
    expect(await cacheStatus(page, '/api/products')).toMatch(
      /fwd=uri-miss; fwd-status=200; stored/,
    );
    expect(await cacheStatus(page, '/api/orders')).toMatch(/fwd=uri-miss; fwd-status=200; stored/);
    await until(
      page,
      () =>
        document.querySelector('#cache-inspector > .cached-fetch-inspector')?.shadowRoot != null,
      undefined,
      'the inspector (development build)',
    );
    const stored = async () => storedEntries(page, 'ada');
    await expect.poll(stored, { timeout: 15_000 }).toBe(2);

    // Reload: the max-age resource is a hit (the origin not asked), the no-cache one a 304.
    await page.reload();
    await until(
      page,
      () => document.querySelectorAll('[data-testid="cache-status"]').length === 2,
      undefined,
      'the data after the reload',
    );
    expect(await cacheStatus(page, '/api/products')).toMatch(/^cached-fetch; hit; ttl=\d+/);
    expect(await cacheStatus(page, '/api/orders')).toMatch(/fwd-status=304/);
    expect(seen('GET', '/api/products').map((r) => r.status)).toEqual([200]);
    const orders = seen('GET', '/api/orders');
    expect(orders.map((r) => r.status)).toEqual([200, 304]);
    expect(orders[1]?.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
    expect(await texts(page, 'offline-banner')).toEqual([]);
    // The inspector (in its shadow root) mounts the app's own instance: its counters hear this
    // page's hit and 304.
    const counter = (name: string) =>
      page.evaluate(
        (name) =>
          document
            .querySelector('#cache-inspector > .cached-fetch-inspector')
            ?.shadowRoot?.querySelector(`[data-testid="cfi-counter-${name}"]`)?.textContent,
        name,
      );
    await expect.poll(() => counter('hits'), { timeout: 15_000 }).toMatch(/^[1-9]\d*$/);
    await expect.poll(() => counter('revalidated'), { timeout: 15_000 }).toMatch(/^[1-9]\d*$/);

    // Offline for real: the origin accepts no connection (and Chromium's context is offline).
    const requestsBefore = example.api.requests.length;
    await example.setReachable(false);
    await setContextOffline(page, true);
    await click(page, '[data-testid="refresh"]');
    await until(
      page,
      () => document.querySelector('[data-testid="offline-banner"]') !== null,
      undefined,
      'the offline banner',
    );
    expect((await texts(page, 'offline-banner'))[0]).toContain('/api/orders');
    expect(await cacheStatus(page, '/api/orders')).toMatch(/fwd=stale; .*detail="offline-any"/);
    expect(await cacheStatus(page, '/api/products')).toMatch(/^cached-fetch; hit; ttl=\d+/);
    expect(await texts(page, 'product')).toHaveLength(4);
    expect(await texts(page, 'order')).toEqual(['Linen apron']);
    expect(example.api.requests.length).toBe(requestsBefore);

    // Back online: the next refresh revalidates (a 304) and the banner goes.
    await example.setReachable(true);
    await setContextOffline(page, false);
    await click(page, '[data-testid="refresh"]');
    await until(
      page,
      () => document.querySelector('[data-testid="offline-banner"]') === null,
      undefined,
      'the banner to go',
    );
    expect(await cacheStatus(page, '/api/orders')).toMatch(/fwd-status=304/);
    expect(seen('GET', '/api/orders').at(-1)?.status).toBe(304);

    // A POST: the origin adds the order, the cache invalidates GET /api/orders, the list shows it.
    await click(page, 'button[aria-label="Order Espresso cup"]');
    await until(
      page,
      () => document.querySelectorAll('[data-testid="order"]').length === 2,
      undefined,
      'the new order',
    );
    expect(await texts(page, 'order')).toEqual(['Linen apron', 'Espresso cup']);
    expect(seen('POST', '/api/orders').map((r) => r.status)).toEqual([201]);
    expect(seen('GET', '/api/orders').at(-1)?.status).toBe(200);

    // Logout: Ada's partition emptied in IndexedDB, nothing of hers on screen.
    await expect.poll(stored, { timeout: 15_000 }).toBe(2);
    await click(page, '[data-testid="logout"]');
    await until(
      page,
      () => document.querySelector('[data-testid="signed-out"]') !== null,
      undefined,
      'the signed-out page',
    );
    // The app signs out first (no request goes as Ada once she clicked), then awaits the clear:
    // the page can show "signed out" before IndexedDB is emptied (clear()'s code may still be
    // loading: with the store's, src/fetch/handle-changes.ts).
    await expect.poll(() => storedEntries(page, 'ada'), { timeout: 10_000 }).toBe(0);
    expect(await texts(page, 'product')).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('[role="alert"]').length)).toBe(0);
  }, 120_000);
});
