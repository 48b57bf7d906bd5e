// Other pages, at once (issue 20 finding 11, decision 0022): right after one page's `await` of a
// clear or of a POST, another page's memory tier must not serve what it removed (a shared
// generation, changed before that await resolves, is checked before memory answers); and after a
// logout in one page, a page whose app still names that user does not store her data again.
// No timed wait between the two pages' steps.
import { describe, expect, it } from 'vitest';
import type { FetchInit, FetchResult } from './tabs-page';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

const fresh = { 'cache-control': 'max-age=600' };

/** The cache `c` on `dbName`, shared across pages, partitioned by the page's user (alice). */
async function openSignedIn(tab: Tab, dbName: string) {
  await tab.openCache('c', { dbName, crossTab: true, partitionByUser: true });
  await tab.page.evaluate(() => window.harness.signIn('alice'));
}

/** Two tabs of one origin on one database, both signed in as alice. */
async function twoTabs() {
  const { server, context } = await harness.start();
  const a = await Tab.open(context, `${server.url}/`);
  const b = await Tab.open(context, `${server.url}/`);
  const dbName = uniqueDbName('at-once');
  await openSignedIn(a, dbName);
  await openSignedIn(b, dbName);
  return { server, origin: server.origin, a, b };
}

/**
 * A page and a same-origin iframe in it on one database, both signed in as alice: the page can
 * call the frame in the same task as its own step, before any message between them can arrive.
 */
async function pageAndFrame() {
  const { server, context } = await harness.start();
  const page = await Tab.open(context, `${server.url}/`);
  const dbName = uniqueDbName('frame');
  await openSignedIn(page, dbName);
  await page.page.evaluate(() => window.harness.openFrame());
  await page.page.evaluate(async (dbName) => {
    const frame = window.harness.frame();
    frame.open('c', { dbName, crossTab: true, partitionByUser: true });
    frame.signIn('alice');
  }, dbName);
  const inFrame = (url: string, init: FetchInit = {}, waitStored = false) =>
    page.page.evaluate(
      ([url, init, waitStored]) => window.harness.frame().fetch('c', url, init, waitStored),
      [url, init, waitStored] as const,
    );
  return { server, origin: server.origin, page, inFrame };
}

function ok(result: FetchResult) {
  if (!result.ok) throw new Error(`fetch failed: ${JSON.stringify(result.error)}`);
  return result.response;
}

/** Stores `url` through `fetchOk` and hits it twice, the second time from the memory tier. */
async function warm(
  fetchOk: (url: string, waitStored?: boolean) => Promise<FetchResult>,
  url: string,
) {
  ok(await fetchOk(url, true));
  for (let i = 0; i < 2; i++) {
    expect(ok(await fetchOk(url)).headers['cache-status']).toMatch(/^cached-fetch; hit/);
  }
}

describe('the frame’s request in the same task as the page’s resolved await', () => {
  it('logout: after `await clear({ partition })`, the frame’s request goes to the origin', async () => {
    const { server, origin, page, inFrame } = await pageAndFrame();
    const path = origin.path('me');
    await origin.script(path, { headers: fresh, body: 'alice' });
    const url = server.url + path;
    await warm((u, w) => inFrame(u, {}, w), url);
    const after = await page.page.evaluate(async (url) => {
      await window.harness.clear('c', 'alice');
      return window.harness.frame().fetch('c', url);
    }, url);
    expect(ok(after).headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect(await origin.log(path)).toHaveLength(2);
  }, 30_000);

  it('after `await clear()`, the frame’s request goes to the origin', async () => {
    const { server, origin, page, inFrame } = await pageAndFrame();
    const path = origin.path('everything');
    await origin.script(path, { headers: fresh, body: 'v1' });
    const url = server.url + path;
    await warm((u, w) => inFrame(u, {}, w), url);
    const after = await page.page.evaluate(async (url) => {
      await window.harness.clear('c');
      return window.harness.frame().fetch('c', url);
    }, url);
    expect(ok(after).headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect(await origin.log(path)).toHaveLength(2);
  }, 30_000);

  it('RFC 9111 §4.4: after an awaited POST, the frame’s request goes to the origin', async () => {
    const { server, origin, page, inFrame } = await pageAndFrame();
    const path = origin.path('posted');
    await origin.script(path, { headers: fresh, body: 'v1' });
    const url = server.url + path;
    await warm((u, w) => inFrame(u, {}, w), url);
    const after = await page.page.evaluate(async (url) => {
      await window.harness.send('c', url, { method: 'POST', body: 'x' });
      return window.harness.frame().fetch('c', url);
    }, url);
    expect(ok(after).headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect((await origin.log(path)).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  }, 30_000);
});

describe('another tab, right after the await', () => {
  for (const step of ['clear-partition', 'clear', 'post'] as const) {
    it(`${step}: A awaits it, then B’s request goes to the origin`, async () => {
      const { server, origin, a, b } = await twoTabs();
      const path = origin.path(step);
      await origin.script(path, { headers: fresh, body: 'v1' });
      const url = server.url + path;
      await warm((u, w) => b.fetch('c', u, {}, w), url);
      if (step === 'post') await a.fetchOk('c', url, { method: 'POST', body: 'x' });
      else {
        const partition = step === 'clear' ? undefined : 'alice';
        await a.page.evaluate((p) => window.harness.clear('c', p ?? undefined), partition ?? null);
      }
      const after = await b.fetchOk('c', url);
      expect(after.headers['cache-status']).toMatch(/fwd=uri-miss/);
      expect(await origin.log(path)).toHaveLength(step === 'post' ? 3 : 2);
    }, 30_000);
  }
});

describe('logout in another tab', () => {
  it('B still names alice: nothing of hers is stored again until B names someone else', async () => {
    const { server, origin, a, b } = await twoTabs();
    const path = origin.path('me');
    await origin.script(path, { headers: fresh, body: 'alice' });
    const url = server.url + path;
    await b.fetchOk('c', url, {}, true);
    // A's logout, as the README's recipe: sign out, then clear that user's partition.
    await a.page.evaluate(async () => {
      window.harness.signIn('anonymous');
      await window.harness.clear('c', 'alice');
    });
    await expect
      .poll(async () => (await b.events('c')).some((e) => e.type === 'cleared' && e.detail.remote))
      .toBe(true);
    // B's app has not noticed: its requests still name alice. They go to the origin, every time.
    for (let i = 0; i < 2; i++) {
      expect((await b.fetchOk('c', url)).headers['cache-status']).toMatch(/fwd=uri-miss/);
      await b.page.evaluate(() => window.harness.settled('c'));
    }
    expect(await origin.log(path)).toHaveLength(3);
    expect((await b.stats('c')).entries).toBe(0);
    expect((await b.events('c')).filter((e) => e.type === 'stored')).toHaveLength(1);
    // B's app signs alice out, later in again: her responses are stored again.
    await b.page.evaluate(() => window.harness.signIn('anonymous'));
    await b.fetchOk('c', server.url + origin.path('public'));
    await b.page.evaluate(() => window.harness.signIn('alice'));
    await b.fetchOk('c', url, {}, true);
    expect((await b.fetchOk('c', url)).headers['cache-status']).toMatch(/^cached-fetch; hit/);
    expect(await origin.log(path)).toHaveLength(4);
  }, 30_000);
});
