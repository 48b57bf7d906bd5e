// Storage the browser takes away, in real Chromium through the DevTools protocol (issue 25,
// decision 0026): the origin's quota lowered (Storage.overrideQuotaForOrigin) and more distinct
// responses written than it holds; the origin's IndexedDB cleared (Storage.clearDataForOrigin,
// what "clear site data" does) while a cache has it open.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

const QUOTA = 6 * 1024 * 1024;
const RESPONSES = 120;
const BODY_BYTES = 100_000;

describe('a full quota in real Chromium (CDP quota override)', () => {
  it('evicts the least recently used entries and keeps storing the newest (no freeze)', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    const page = tab.page.native as Page;
    const session = await page.context().newCDPSession(page);
    await session.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(server.url).origin,
      quotaSize: QUOTA,
    });
    const paths: string[] = [];
    for (let i = 0; i < RESPONSES; i++) {
      const path = server.origin.path(`quota-${i}`);
      paths.push(path);
      await server.origin.script(path, {
        headers: { 'cache-control': 'max-age=3600', 'content-type': 'application/octet-stream' },
        patternBytes: BODY_BYTES,
      });
    }
    await tab.openCache('c', { dbName: uniqueDbName('quota'), memory: false });
    for (const path of paths) {
      const response = await tab.fetchOk('c', server.url + path, {}, true);
      expect(response.body).toHaveLength(BODY_BYTES);
    }
    await tab.settled('c');

    // The ten most recent are hits: the origin sees no second request for them.
    for (const path of paths.slice(-10)) {
      const again = await tab.fetchOk('c', server.url + path);
      expect(again.headers['cache-status'], path).toMatch(/hit/);
      expect(again.body).toHaveLength(BODY_BYTES);
      expect(await server.origin.log(path)).toHaveLength(1);
    }
    const events = await tab.events('c');
    const stored = events.filter((e) => e.type === 'stored').length;
    const evicted = events.filter((e) => e.type === 'evicted').length;
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(stored).toBe(RESPONSES);
    expect(evicted).toBeGreaterThan(0);
    const stats = await tab.stats('c');
    // About 59 such responses fit in 6 MB: eviction makes room for the next one plus a margin,
    // it does not throw half the cache away (which left about 30).
    expect(stats.entries).toBeGreaterThanOrEqual(44);
    // The origin's usage, as stats() reports it. (The quota estimate() reports is the real one:
    // DevTools' override is enforced on writes but not reflected there.)
    const { usage, quota } = await tab.fullStats('c');
    expect(usage).toBeGreaterThan(stats.bytes / 2);
    expect(quota).toBeGreaterThan(0);
    // stats() equals what is stored, and every metadata record has its body.
    const counted = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name);
      const name = names.find((n) => n?.startsWith('tabs-quota'))!;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction('records').objectStore('records').getAllKeys();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const kinds = new Map<string, number[]>();
      for (const key of keys as [string, string, number][]) {
        kinds.set(key[1], [...(kinds.get(key[1]) ?? []), key[2]]);
      }
      return {
        entries: [...kinds.values()].filter((k) => k.includes(0)).length,
        halves: [...kinds.values()].filter((k) => k.length !== 2).length,
      };
    });
    expect(counted.halves).toBe(0);
    expect(stats.entries).toBe(counted.entries);
    expect(await tab.errors()).toEqual([]);
  }, 120_000);
});

describe("the browser clears the origin's IndexedDB (CDP clearDataForOrigin)", () => {
  it('fires wiped once, stops serving from memory what was cleared, and stores again', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    const page = tab.page.native as Page;
    const session = await page.context().newCDPSession(page);
    const path = server.origin.path('cleared');
    await server.origin.script(path, {
      headers: { 'cache-control': 'max-age=600' },
      body: 'stored body',
    });
    const url = server.url + path;
    await tab.openCache('c', { dbName: uniqueDbName('cleared') });
    await tab.fetchOk('c', url, {}, true);
    const { bytes } = await tab.stats('c');
    expect((await tab.fetchOk('c', url)).headers['cache-status']).toMatch(/hit/);

    await session.send('Storage.clearDataForOrigin', {
      origin: new URL(server.url).origin,
      storageTypes: 'indexeddb',
    });
    // The browser closes the connection (its close event), then the cache reopens to look.
    await page.waitForFunction(() =>
      window.harness.events('c').some((event) => event.type === 'wiped'),
    );
    const again = await tab.fetchOk('c', url, {}, true);
    expect(again.headers['cache-status']).toMatch(/uri-miss/);
    expect(await server.origin.log(path)).toHaveLength(2);
    expect((await tab.stats('c')).entries).toBe(1);
    const wiped = (await tab.events('c')).filter((e) => e.type === 'wiped');
    expect(wiped.map((e) => [e.detail.entries, e.detail.bytes])).toEqual([[1, bytes]]);
    expect(await tab.errors()).toEqual([]);
  }, 60_000);
});
