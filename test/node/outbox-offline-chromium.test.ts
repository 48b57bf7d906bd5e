// Issue 22 with Chromium's own offline mode (DevTools' "Offline", Playwright's
// `context.setOffline`): the page's fetches fail as they do on a plane, `navigator.onLine` is
// false, and going back online fires the page's `online` event, which replays the outbox by
// itself (no flush() in this test). The reload happens with the network back for the page's own
// HTML and script only: offline, Chromium cannot load a page that no Service Worker serves.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

describe('outbox in Chromium offline mode', () => {
  it('three writes offline, a reload, back online: the origin gets exactly three, in order, with their keys, and the next GET shows the new data', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    const page = tab.page.native as Page;
    const path = server.origin.path('todos');
    const url = `${server.url}${path}`;
    const dbName = uniqueDbName('offline');
    await server.origin.script(path, {
      headers: { 'cache-control': 'max-age=3600', 'content-type': 'application/json' },
      body: '[]',
    });
    await tab.openCache('c', { dbName, outbox: true });
    expect((await tab.fetchOk('c', url, {}, true)).body).toBe('[]'); // stored, fresh for an hour

    await page.context().setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    for (const n of [1, 2, 3]) {
      const response = await tab.fetchOk('c', url, {
        method: 'POST',
        body: `todo ${n}`,
        headers: { 'x-n': String(n) },
      });
      expect(response.status).toBe(202);
      expect(response.headers['cache-status']).toContain('detail="queued"');
    }
    const queued = await tab.page.evaluate(() => window.harness.outboxList('c'));
    expect(queued).toHaveLength(3);
    await tab.settled('c');
    await tab.page.evaluate(() => window.harness.close('c'));
    // Nothing reached the origin while offline: Chromium failed the requests itself.
    expect((await server.origin.log(path)).filter((r) => r.method === 'POST')).toEqual([]);

    // The reload: the page's own files load, then the browser is offline again before the new
    // instance opens (its opening replay fails offline; the writes come from IndexedDB).
    await page.context().setOffline(false);
    await tab.load(`${server.url}/`);
    await page.context().setOffline(true);
    await tab.openCache('c', { dbName, outbox: true });
    await tab.settled('c');
    expect(await tab.page.evaluate(() => window.harness.outboxList('c'))).toEqual(queued);

    // Back online: the origin takes the writes, then has the new list.
    await server.origin.script(
      path,
      { status: 201 },
      { status: 201 },
      { status: 201 },
      {
        headers: { 'cache-control': 'max-age=3600', 'content-type': 'application/json' },
        body: '["todo 1","todo 2","todo 3"]',
      },
    );
    await page.context().setOffline(false);
    await expect
      .poll(() => tab.page.evaluate(() => window.harness.outboxList('c')), { timeout: 10_000 })
      .toEqual([]);
    await tab.settled('c');
    const posts = (await server.origin.log(path)).filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.headers['x-n'], r.headers['idempotency-key']])).toEqual(
      queued.map((write, index) => [String(index + 1), write.key]),
    );
    // The replays invalidated the stored list (RFC 9111 §4.4): the next GET asks the origin.
    expect((await tab.fetchOk('c', url)).body).toBe('["todo 1","todo 2","todo 3"]');
    expect((await server.origin.log(path)).filter((r) => r.method === 'GET')).toHaveLength(2);
  });
});
