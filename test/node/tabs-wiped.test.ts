// The database deleted from another tab while a cache has it open (issue 25, decision 0026), in
// each engine: the cache fires `wiped` once, its memory tier stops serving what storage lost, and
// it recreates its storage and carries on.
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

describe('storage taken away by another tab', () => {
  it('deleteDatabase from another tab: wiped once, then a miss, then stored again', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    const other = await Tab.open(context, `${server.url}/`);
    const dbName = uniqueDbName('wiped');
    const path = server.origin.path('wiped');
    await server.origin.script(path, {
      headers: { 'cache-control': 'max-age=600' },
      body: 'stored body',
    });
    const url = server.url + path;
    await tab.openCache('c', { dbName });
    await tab.fetchOk('c', url, {}, true);
    const { bytes } = await tab.stats('c');
    expect((await tab.fetchOk('c', url)).headers['cache-status']).toMatch(/hit/);

    await other.page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        }),
      dbName,
    );
    const wiped = (await tab.events('c')).filter((e) => e.type === 'wiped');
    expect(wiped.map((e) => [e.detail.entries, e.detail.bytes])).toEqual([[1, bytes]]);

    const again = await tab.fetchOk('c', url, {}, true);
    expect(again.body).toBe('stored body');
    expect(again.headers['cache-status']).toMatch(/uri-miss/);
    expect(await server.origin.log(path)).toHaveLength(2);
    // (Its bytes may differ by one: the response's Date header and age may have another length.)
    expect((await tab.stats('c')).entries).toBe(1);
    expect((await tab.fetchOk('c', url)).headers['cache-status']).toMatch(/hit/);
    expect(await server.origin.log(path)).toHaveLength(2);
    expect((await tab.events('c')).filter((e) => e.type === 'wiped')).toHaveLength(1);
    // The origin's usage and quota (navigator.storage.estimate()): Chromium and Firefox say;
    // WebKitGTK under WebDriver has no estimate(), so they are unknown (null across the driver).
    const { usage, quota } = await tab.fullStats('c');
    if (harness.engine === 'webkit') {
      expect([usage ?? null, quota ?? null]).toEqual([null, null]);
    } else {
      expect(usage).toBeGreaterThan(0);
      expect(quota).toBeGreaterThan(usage!);
    }
    expect(await tab.errors()).toEqual([]);
  });
});
