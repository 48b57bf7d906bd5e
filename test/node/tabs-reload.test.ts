// Persistence across a real page reload (issue 4): what the page stored in IndexedDB before
// page.reload() is a hit afterwards, in a new document and JS realm; the origin is not contacted.
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

describe('a real page reload', () => {
  it('serves what the page stored before the reload as a hit, without the origin', async () => {
    const { server, context } = await harness.start();
    const { origin } = server;
    const path = origin.path('reloaded');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"r1"', 'x-served': 'origin' },
      body: 'survives the reload',
    });
    const url = server.url + path;
    const dbName = uniqueDbName('reload');

    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName });
    const first = await tab.fetchOk('c', url, {}, true);
    expect(first.status).toBe(200);
    expect(first.headers['cache-status']).toMatch(
      /^cached-fetch; fwd=uri-miss; fwd-status=200; stored; /,
    );
    await tab.page.evaluate(() => {
      window.beforeReload = 'old realm';
    });

    await tab.page.reload();
    await tab.ready();
    expect(await tab.page.evaluate(() => window.beforeReload)).toBeUndefined();
    await tab.openCache('c', { dbName });
    const after = await tab.fetchOk('c', url);
    expect(after.status).toBe(200);
    expect(after.body).toBe('survives the reload');
    expect(after.headers['cache-status']).toMatch(/^cached-fetch; hit; ttl=\d+$/);
    expect(after.headers.etag).toBe('"r1"');
    expect(after.headers['x-served']).toBe('origin');
    expect(after.url).toBe(url);
    expect((await tab.events('c')).map((event) => event.type)).toEqual(['hit']);
    expect(await origin.log(path)).toHaveLength(1);

    // Another database after the same reload misses: the hit above came from what was stored.
    await tab.openCache('other', { dbName: uniqueDbName('reload-other') });
    const other = await tab.fetchOk('other', url);
    expect(other.headers['cache-status']).toMatch(/^cached-fetch; fwd=uri-miss; /);
    expect(await origin.log(path)).toHaveLength(2);
    expect(await tab.errors()).toEqual([]);
  }, 30_000);

  // Decision 0027, "Seventh pass": with the default store, a reload's first lookups read the
  // database the cache opened as it was created, before the store's code has loaded.
  it('the default store: a first visit stores, and after a reload a burst is read back whole (a large body too)', async () => {
    const { server, context } = await harness.start();
    const { origin } = server;
    const paths = ['a', 'b', 'c', 'large'].map((name) => origin.path(`default-${name}`));
    const large = 'x'.repeat(64 * 1024); // kept as a Blob (from 32 KiB)
    for (const path of paths) {
      await origin.script(path, {
        headers: { 'cache-control': 'max-age=600', etag: '"d1"' },
        body: path.endsWith('large') ? large : `body of ${path}`,
      });
    }
    const urls = paths.map((path) => server.url + path);

    // A fresh profile: no database yet (the early open finds none and creates none).
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { defaultStore: true });
    const statuses: string[] = [];
    for (const url of urls)
      statuses.push((await tab.fetchOk('c', url, {}, true)).headers['cache-status']!);
    // "Eleventh pass": the first, sent ahead, was answered before admission's code had loaded,
    // without RFC 9211's optional `stored` (the reload below hits it); the later ones had it.
    expect(statuses[0]).toBe('cached-fetch; fwd=uri-miss; fwd-status=200');
    for (const status of statuses)
      expect(status).toMatch(/^cached-fetch; fwd=uri-miss; fwd-status=200/);
    // "Eighth pass": this origin never had the database, so the first request left while its
    // open was still under way, not after IndexedDB said that nothing is stored.
    const sent = await tab.sent('c');
    expect(sent[0]).toEqual({ url: urls[0], whileOpening: true });
    expect(sent.map(({ url }) => url)).toEqual(urls);

    await tab.page.reload();
    await tab.ready();
    await tab.openCache('c', { defaultStore: true });
    const [one, ...burst] = urls;
    const first = await tab.fetchOk('c', one!);
    expect(first.headers['cache-status']).toMatch(/^cached-fetch; hit; ttl=\d+$/);
    expect(first.body).toBe(`body of ${paths[0]}`);
    const rest = await Promise.all(burst.map((url) => tab.fetchOk('c', url)));
    expect(rest.map((response) => response.headers['cache-status'])).toEqual(
      burst.map(() => expect.stringMatching(/^cached-fetch; hit; ttl=\d+$/)),
    );
    expect(rest.map((response) => response.body)).toEqual([
      `body of ${paths[1]}`,
      `body of ${paths[2]}`,
      large,
    ]);
    for (const path of paths) expect(await origin.log(path)).toHaveLength(1);
    // The database was had (the store's open marked it): nothing went ahead of a lookup.
    expect(await tab.sent('c')).toEqual([]);
    // The store loads afterwards and records the uses: nothing fails meanwhile.
    await tab.settled('c');
    expect(await tab.errors()).toEqual([]);
    expect(
      (await tab.events('c')).filter((event) => event.type === 'error').map((e) => e.detail),
    ).toEqual([]);
  }, 30_000);

  // Decision 0027, "Eleventh pass": a first visit's response is answered before the storing code
  // has loaded, streamed to its first caller; one that joined gets the kept copy once whole.
  it('the default store, RFC 9211 §2.7: on a first visit two identical requests made together reach the origin once, the second collapsed onto the first; the reload hits what was stored', async () => {
    const { server, context } = await harness.start();
    const { origin } = server;
    const path = origin.path('first-visit-twice');
    const body = 'y'.repeat(40 * 1024);
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body });
    const url = server.url + path;

    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { defaultStore: true });
    // Both calls made in one task of the page (two driver calls may run apart, as WebKit's do).
    const [one, two] = await tab.page.evaluate(
      (url) => Promise.all([window.harness.fetch('c', url), window.harness.fetch('c', url)]),
      url,
    );
    if (!one.ok || !two.ok) throw new Error(JSON.stringify([one, two]));
    expect([one.response.body, two.response.body]).toEqual([body, body]);
    expect(one.response.headers['cache-status']).toBe('cached-fetch; fwd=uri-miss; fwd-status=200');
    expect(two.response.headers['cache-status']).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; collapsed',
    );
    expect(await origin.log(path)).toHaveLength(1);
    await tab.settled('c');

    await tab.page.reload();
    await tab.ready();
    await tab.openCache('c', { defaultStore: true });
    const after = await tab.fetchOk('c', url);
    expect(after.body).toBe(body);
    expect(after.headers['cache-status']).toMatch(/^cached-fetch; hit; ttl=\d+$/);
    expect(await origin.log(path)).toHaveLength(1);
    expect(await tab.errors()).toEqual([]);
  }, 30_000);
});
