// Two pages (tabs) of one origin in Debian's Chromium (issue 5): one IndexedDB shared between
// them, invalidations broadcast, revalidations serialised with Web Locks, and offline with the
// origin really stopped.
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

/** A server, and `count` pages of its origin in one browser context. */
async function tabs(count: number, { webLocks = true } = {}) {
  const { server, context } = await harness.start();
  const page = webLocks ? `${server.url}/` : `${server.url}/?no-locks`;
  const pages: Tab[] = [];
  for (let i = 0; i < count; i++) pages.push(await Tab.open(context, page));
  return { server, origin: server.origin, pages };
}

/**
 * Page A stores a response that is stale at once; A revalidates it, and while A's conditional
 * request is at the (slow) origin, page B asks for the same URL.
 */
async function revalidateFromTwoPages(webLocks: boolean) {
  const { server, origin, pages } = await tabs(2, { webLocks });
  const [a, b] = pages as [Tab, Tab];
  expect(await a.page.evaluate(() => navigator.locks !== undefined)).toBe(webLocks);
  const path = origin.path('locked');
  await origin.script(
    path,
    { headers: { 'cache-control': 'max-age=0', etag: '"l1"' }, body: 'locked body' },
    {
      headers: { 'cache-control': 'max-age=600', etag: '"l1"' },
      body: 'not sent with a 304',
      conditional: true,
      delayMs: 1500,
    },
  );
  const url = server.url + path;
  const dbName = uniqueDbName('locked');
  await a.openCache('c', { dbName, crossTab: true });
  await b.openCache('c', { dbName, crossTab: true });
  await a.fetchOk('c', url, {}, true);

  let aSettled = false;
  const fromA = a.fetchOk('c', url).finally(() => {
    aSettled = true;
  });
  await expect.poll(async () => (await origin.log(path)).length).toBe(2);
  // A's conditional request is at the origin, unanswered: B asks for the same stale entry now.
  expect(aSettled).toBe(false);
  const fromB = b.fetchOk('c', url);
  const [resultA, resultB] = await Promise.all([fromA, fromB]);
  for (const result of [resultA, resultB]) {
    expect(result.status).toBe(200);
    expect(result.body).toBe('locked body');
  }
  return { a, b, resultA, resultB, log: await origin.log(path) };
}

describe('two pages sharing one IndexedDB', () => {
  it('B hits what A stored; B’s POST invalidates it; A hears it (remote) and revalidates: a 304', async () => {
    const { server, origin, pages } = await tabs(2);
    const [a, b] = pages as [Tab, Tab];
    const path = origin.path('shared');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', etag: '"s1"' },
      body: 'shared body',
      conditional: true,
    });
    const url = server.url + path;
    const dbName = uniqueDbName('shared');
    await a.openCache('c', { dbName, crossTab: true });
    await a.openCache('quiet', { dbName, crossTab: false });
    await b.openCache('c', { dbName, crossTab: true });

    const stored = await a.fetchOk('c', url, {}, true);
    expect(stored.headers['cache-status']).toMatch(
      /^cached-fetch; fwd=uri-miss; fwd-status=200; stored; /,
    );

    const hit = await b.fetchOk('c', url);
    expect(hit.body).toBe('shared body');
    expect(hit.headers['cache-status']).toMatch(/^cached-fetch; hit; /);
    expect(await origin.log(path)).toHaveLength(1);

    const post = await b.fetchOk('c', url, { method: 'POST', body: 'change it' });
    expect(post.status).toBe(200);
    expect(post.headers['cache-status']).toBe('cached-fetch; fwd=method; fwd-status=200');
    expect((await b.events('c')).filter((e) => e.type === 'invalidated')).toEqual([
      { type: 'invalidated', detail: { urls: [url], remote: false, reason: 'unsafe-request' } },
    ]);
    await expect
      .poll(async () => (await a.events('c')).filter((e) => e.type === 'invalidated'))
      .toEqual([
        { type: 'invalidated', detail: { urls: [url], remote: true, reason: 'unsafe-request' } },
      ]);
    // Without crossTab, an instance hears nothing from other tabs.
    expect((await a.events('quiet')).filter((e) => e.type === 'invalidated')).toEqual([]);

    const again = await a.fetchOk('c', url);
    expect(again.body).toBe('shared body');
    // Decision 0025: kept for its ETag and marked; A's next use is a conditional request.
    expect(again.headers['cache-status']).toMatch(/^cached-fetch; fwd=stale; fwd-status=304; /);
    const log = await origin.log(path);
    expect(log.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(log.map((r) => r.headers['if-none-match'] ?? null)).toEqual([null, null, '"s1"']);
    expect([...(await a.errors()), ...(await b.errors())]).toEqual([]);
  }, 30_000);

  it('A’s POST with Cache-Group-Invalidation: B’s next read of a member is a conditional request', async () => {
    const { server, origin, pages } = await tabs(2);
    const [a, b] = pages as [Tab, Tab];
    const member = origin.path('member');
    const write = origin.path('write');
    await origin.script(member, {
      headers: { 'cache-control': 'max-age=600', etag: '"m1"', 'cache-groups': '"g"' },
      body: 'member body',
      conditional: true,
    });
    await origin.script(write, { status: 204, headers: { 'cache-group-invalidation': '"g"' } });
    const dbName = uniqueDbName('groups');
    await a.openCache('c', { dbName, crossTab: true });
    await b.openCache('c', { dbName, crossTab: true });
    await a.fetchOk('c', server.url + member, {}, true);
    // B reads it once: its memory holds it from now on.
    expect((await b.fetchOk('c', server.url + member)).headers['cache-status']).toMatch(/ hit;/);
    expect((await a.fetchOk('c', server.url + write, { method: 'POST' })).status).toBe(204);
    const again = await b.fetchOk('c', server.url + member);
    expect(again.body).toBe('member body');
    expect(again.headers['cache-status']).toMatch(/^cached-fetch; fwd=stale; fwd-status=304; /);
    const log = await origin.log(member);
    expect(log.map((r) => r.headers['if-none-match'] ?? null)).toEqual([null, '"m1"']);
    expect([...(await a.errors()), ...(await b.errors())]).toEqual([]);
  }, 30_000);

  it('with a store per page (memory), B’s POST still empties A’s copy through the broadcast', async () => {
    const { server, origin, pages } = await tabs(2);
    const [a, b] = pages as [Tab, Tab];
    const path = origin.path('memory');
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'in memory' });
    const url = server.url + path;
    await a.openCache('c', { crossTab: true });
    await a.openCache('quiet', { crossTab: false });
    await b.openCache('c', { crossTab: true });

    await a.fetchOk('c', url, {}, true);
    await a.fetchOk('quiet', url, {}, true);
    expect(await a.stats('c')).toMatchObject({ entries: 1 });
    expect((await a.fetchOk('c', url)).headers['cache-status']).toMatch(/^cached-fetch; hit; /);
    expect(await origin.log(path)).toHaveLength(2);

    await b.fetchOk('c', url, { method: 'POST', body: 'change it' });
    await expect.poll(() => a.stats('c')).toMatchObject({ entries: 0 });
    const again = await a.fetchOk('c', url);
    expect(again.headers['cache-status']).toMatch(/^cached-fetch; fwd=uri-miss; /);
    // The instance without crossTab kept its copy (the broadcast, not the POST, emptied the other).
    expect((await a.fetchOk('quiet', url)).headers['cache-status']).toMatch(/^cached-fetch; hit; /);
    expect((await origin.log(path)).map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'GET']);
  }, 30_000);

  it('concurrent revalidation of one stale key from two pages sends one conditional request (Web Locks)', async () => {
    const { a, b, resultA, resultB, log } = await revalidateFromTwoPages(true);
    // (ttl a little under 600: the 1.5 s the origin took count as age, RFC 9111 §4.2.3.)
    expect(resultA.headers['cache-status']).toMatch(
      /^cached-fetch; fwd=stale; fwd-status=304; ttl=59\d$/,
    );
    // B waited for A's lock, then found A's freshened entry.
    expect(resultB.headers['cache-status']).toMatch(/^cached-fetch; hit; ttl=\d+$/);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"l1"');
    expect((await a.events('c')).map((e) => e.type)).toContain('revalidated');
    expect((await b.events('c')).map((e) => e.type)).not.toContain('revalidated');
  }, 30_000);

  it('without Web Locks both pages are still answered, each with its own conditional request', async () => {
    const { resultA, resultB, log } = await revalidateFromTwoPages(false);
    expect(resultA.headers['cache-status']).toMatch(/^cached-fetch; fwd=stale; fwd-status=304; /);
    expect(resultB.headers['cache-status']).toMatch(/^cached-fetch; fwd=stale; fwd-status=304; /);
    // What the lock saves: here the origin saw a second conditional request.
    expect(log).toHaveLength(3);
    expect(log.slice(1).map((r) => r.headers['if-none-match'])).toEqual(['"l1"', '"l1"']);
  }, 30_000);
});

describe('offline: the origin stopped', () => {
  it("offline: 'stale' serves the stored response with detail=offline; without it, a TypeError", async () => {
    const { server, origin, pages } = await tabs(2);
    const [a, b] = pages as [Tab, Tab];
    const path = origin.path('offline');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=0', etag: '"o1"' },
      body: 'last known good',
    });
    const url = server.url + path;
    const dbName = uniqueDbName('offline');
    await a.openCache('tolerant', { dbName, offline: 'stale' });
    await a.openCache('strict', { dbName });
    await b.openCache('tolerant', { dbName, offline: 'stale' });
    await a.fetchOk('tolerant', url, {}, true);
    expect(await origin.log(path)).toHaveLength(1);

    await server.close();

    const served = await a.fetchOk('tolerant', url);
    expect(served.status).toBe(200);
    expect(served.body).toBe('last known good');
    expect(served.headers['cache-status']).toMatch(
      /^cached-fetch; fwd=stale; ttl=-?\d+; detail="offline"$/,
    );
    // The other page, through the shared IndexedDB, too.
    const servedInB = await b.fetchOk('tolerant', url);
    expect(servedInB.body).toBe('last known good');
    expect(servedInB.headers['cache-status']).toContain('detail="offline"');

    const strict = await a.fetch('strict', url);
    expect(strict.ok).toBe(false);
    expect(strict.ok ? undefined : strict.error).toMatchObject({
      name: 'TypeError',
      typeError: true,
    });

    // Nothing stored, and the origin down: the tolerant instance fails like fetch too.
    const nothing = await a.fetch('tolerant', `${server.url}${origin.path('never-stored')}`);
    expect(nothing.ok ? undefined : nothing.error).toMatchObject({ typeError: true });
  }, 30_000);
});
