// Decision 0003, pitfall 5: one default cache per page. The exported cachedFetch is the installed
// instance (its partition holds), and a cached fetch never stacks on another cached fetch.
import { afterEach, describe, expect, it } from 'vitest';
import { cachedFetch, createCachedFetch, install } from '../../src/index';
import { MemoryStore } from '../../src/stores';
import { fixedClock, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('two users on one page: install(), the exported cachedFetch, logout, the next user', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  it("never serves alice's /me to bob after alice's partition was cleared", async () => {
    origin.reply('/me', (request) => ({
      headers: { 'cache-control': 'private, max-age=60' },
      body: `me for ${request.headers.get('authorization')}`,
    }));
    const session: { userId?: string } = { userId: 'alice' };
    const installed = install({
      partition: () => session.userId ?? 'anonymous',
      store: new MemoryStore(),
      crossTab: false,
      now: fixedClock().now,
    });
    uninstall = installed;
    expect(cachedFetch.cache).toBe(installed.cache);

    const asAlice = { headers: { authorization: 'Bearer alice' } };
    const first = await cachedFetch(`${ORIGIN}/me`, asAlice);
    expect(await first.text()).toBe('me for Bearer alice');
    // One cache: one Cache-Status member, not a cache's status on top of another's.
    expect(first.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    await installed.cache.settled();
    const again = await cachedFetch(`${ORIGIN}/me`, asAlice);
    expect(await again.text()).toBe('me for Bearer alice');
    expect(again.headers.get('cache-status')).toContain('hit');

    // Logout, the README way: clear alice's partition on the handle install() returned.
    const user = session.userId;
    session.userId = undefined;
    if (user !== undefined) await installed.cache.clear({ partition: user });
    session.userId = 'bob';

    const bob = await cachedFetch(`${ORIGIN}/me`, { headers: { authorization: 'Bearer bob' } });
    expect(await bob.text()).toBe('me for Bearer bob');
    expect(origin.seen('/me').map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer alice',
      'Bearer bob',
    ]);
    // Nothing of alice is left, and bob's response is in bob's partition only.
    expect((await installed.cache.entries()).map((e) => e.partition)).toEqual(['bob']);
  });
});

describe('install() options', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  it('install() again with other options throws a TypeError naming the option, and keeps the first', async () => {
    const first = install({ store: new MemoryStore(), crossTab: false });
    uninstall = first;
    const installedFetch = globalThis.fetch;
    expect(() => install({ store: new MemoryStore(), crossTab: false })).toThrow(
      /options\.store differs/,
    );
    expect(() => install()).toThrow(TypeError);
    expect(globalThis.fetch).toBe(installedFetch);
  });

  it('install() again with the same options returns the same cache', () => {
    const options = { store: new MemoryStore(), crossTab: false };
    const first = install(options);
    uninstall = first;
    const second = install({ ...options });
    expect(second.cache).toBe(first.cache);
  });

  it('install() after cachedFetch was used with default options throws, naming the option', async () => {
    origin.reply('/used', { headers: { 'cache-control': 'no-store' }, body: 'u' });
    await (await cachedFetch(`${ORIGIN}/used`)).text();
    expect(() => install({ partition: 'me' })).toThrow(
      /cachedFetch was used before install\(\).*options\.partition differs/,
    );
    // Without options it installs that very cache.
    const installed = install();
    uninstall = installed;
    expect(installed.cache).toBe(cachedFetch.cache);
    await cachedFetch.cache.close();
  });
});

describe('a cached fetch never wraps another cached fetch', () => {
  it('given a cached fetch as its network, it uses that one’s network: one request, one store, one Cache-Status', async () => {
    origin.reply('/stacked', { headers: { 'cache-control': 'max-age=60' }, body: 's' });
    const innerStore = new MemoryStore();
    const { now } = fixedClock();
    const inner = createCachedFetch({ store: innerStore, crossTab: false, now });
    const outer = createCachedFetch({
      fetch: inner,
      store: new MemoryStore(),
      crossTab: false,
      now,
    });
    const res = await outer(`${ORIGIN}/stacked`);
    expect(await res.text()).toBe('s');
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    await outer.cache.settled();
    expect(origin.seen('/stacked')).toHaveLength(1);
    expect((await outer.cache.stats()).entries).toBe(1);
    expect((await innerStore.stats()).entries).toBe(0);
  });

  it('created while a cached fetch is installed, it takes the network beneath it', async () => {
    origin.reply('/beneath', { status: 204 });
    const uninstall = install({ store: new MemoryStore(), crossTab: false });
    try {
      const invalidatedBelow: string[][] = [];
      uninstall.cache.addEventListener('invalidated', ({ urls }) => invalidatedBelow.push(urls));
      const own = createCachedFetch({ store: new MemoryStore(), crossTab: false });
      const res = await own(`${ORIGIN}/beneath`, { method: 'POST' });
      expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=method; fwd-status=204');
      expect(origin.seen('/beneath')).toHaveLength(1);
      // The POST went past the installed cache, not through it (which would invalidate there too).
      expect(invalidatedBelow).toEqual([]);
    } finally {
      uninstall();
    }
  });
});
