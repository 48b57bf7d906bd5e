// The memory tier across two real pages sharing one IndexedDB: once page B's message about a
// change has reached page A, A never serves the old response from its memory (replaced by a
// reload, invalidated by a POST, cleared, or evicted by B's limits).
import { describe, expect, it } from 'vitest';
import type { OpenOptions } from './tabs-page';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

const fresh = { 'cache-control': 'max-age=600' };
// Two pages and several round trips each: generous under a loaded machine (no timing is asserted).

/** Two pages of one origin, each with the cache `c` on one database, A recording tab messages. */
async function twoTabs(options: Omit<OpenOptions, 'dbName' | 'crossTab'> = {}) {
  const { server, context } = await harness.start();
  const a = await Tab.open(context, `${server.url}/`);
  const b = await Tab.open(context, `${server.url}/`);
  const dbName = uniqueDbName('memory');
  await a.openCache('c', { dbName, crossTab: true, ...options });
  await b.openCache('c', { dbName, crossTab: true, ...options });
  await a.page.evaluate(() => window.harness.listenToTabs());
  const messagesAtA = () => a.page.evaluate(() => window.harness.tabMessages().length);
  return { server, origin: server.origin, a, b, messagesAtA };
}

/** A stores `path` and hits it twice (the second hit from memory when the tier is on). */
async function warmInA(a: Tab, url: string, body: string) {
  await a.fetchOk('c', url, {}, true);
  for (let i = 0; i < 2; i++) {
    const hit = await a.fetchOk('c', url);
    expect(hit.body).toBe(body);
    expect(hit.headers['cache-status']).toMatch(/^cached-fetch; hit/);
  }
}

describe.each([
  { memory: 'on', options: {} },
  { memory: 'off', options: { memory: false as const } },
])('two pages, memory tier $memory', ({ options }) => {
  it('B replaces the response (reload): after B’s message, A serves B’s version from the store', async () => {
    const { server, origin, a, b, messagesAtA } = await twoTabs(options);
    const path = origin.path('replaced');
    await origin.script(path, { headers: fresh, body: 'v1' }, { headers: fresh, body: 'v2' });
    const url = server.url + path;
    await warmInA(a, url, 'v1');
    const before = await messagesAtA();
    expect((await b.fetchOk('c', url, { cache: 'reload' }, true)).body).toBe('v2');
    await expect.poll(messagesAtA).toBeGreaterThan(before);
    const after = await a.fetchOk('c', url);
    expect(after.body).toBe('v2');
    expect(after.headers['cache-status']).toMatch(/^cached-fetch; hit/);
    expect(await origin.log(path)).toHaveLength(2);
  }, 20_000);

  it('RFC 9111 §4.4: B’s POST invalidates it: after B’s message, A goes to the origin', async () => {
    const { server, origin, a, b, messagesAtA } = await twoTabs(options);
    const path = origin.path('invalidated');
    await origin.script(path, { headers: fresh, body: 'v1' });
    const url = server.url + path;
    await warmInA(a, url, 'v1');
    const before = await messagesAtA();
    await b.fetchOk('c', url, { method: 'POST', body: 'x' });
    await expect.poll(messagesAtA).toBeGreaterThan(before);
    await expect
      .poll(async () => (await a.events('c')).some((e) => e.type === 'invalidated'))
      .toBe(true);
    const after = await a.fetchOk('c', url);
    expect(after.headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect((await origin.log(path)).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  }, 20_000);

  it('B clears the cache (logout): after B’s message, A goes to the origin', async () => {
    const { server, origin, a, b, messagesAtA } = await twoTabs(options);
    const path = origin.path('cleared');
    await origin.script(path, { headers: fresh, body: 'private' });
    const url = server.url + path;
    await warmInA(a, url, 'private');
    const before = await messagesAtA();
    await b.page.evaluate(() => window.harness.clear('c'));
    await expect.poll(messagesAtA).toBeGreaterThan(before);
    await expect
      .poll(async () => (await a.events('c')).some((e) => e.type === 'cleared'))
      .toBe(true);
    const after = await a.fetchOk('c', url);
    expect(after.headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect(await origin.log(path)).toHaveLength(2);
  }, 20_000);

  it('B’s limits evict it (LRU): after B’s message, A goes to the origin', async () => {
    const { server, origin, a, b, messagesAtA } = await twoTabs({ ...options, maxEntries: 1 });
    const path = origin.path('evicted');
    const other = origin.path('newer');
    await origin.script(path, { headers: fresh, body: 'old' });
    await origin.script(other, { headers: fresh, body: 'new' });
    const url = server.url + path;
    await warmInA(a, url, 'old');
    const before = await messagesAtA();
    await b.fetchOk('c', server.url + other, {}, true);
    expect((await b.stats('c')).entries).toBe(1); // settled: the write and its eviction
    await expect.poll(messagesAtA).toBeGreaterThan(before + 1);
    const after = await a.fetchOk('c', url);
    expect(after.headers['cache-status']).toMatch(/fwd=uri-miss/);
    expect(await origin.log(path)).toHaveLength(2);
  }, 20_000);
});
