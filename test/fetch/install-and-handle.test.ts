// install() in place of globalThis.fetch, the lazy default instance, and the cache handle.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedFetch, install } from '../../src/index';
import { MemoryStore } from '../../src/stores';
import { fixedClock, gate, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('install()', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('replaces globalThis.fetch with a cached fetch and restores the original', async () => {
    origin.reply('/g', { headers: { 'cache-control': 'max-age=60' }, body: 'g' });
    const original = globalThis.fetch;
    const uninstall = install({ store: new MemoryStore(), crossTab: false });
    restore = uninstall;
    expect(globalThis.fetch).not.toBe(original);
    await (await fetch(`${ORIGIN}/g`)).text();
    await uninstall.cache.settled();
    const hit = await fetch(`${ORIGIN}/g`);
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/g')).toHaveLength(1);
    restore();
    expect(globalThis.fetch).toBe(original);
  });

  it('installing twice does not wrap twice: one cache, one handle, and restoring gives back the original', async () => {
    origin.reply('/twice', { headers: { 'cache-control': 'max-age=60' }, body: 't' });
    const original = globalThis.fetch;
    const options = { store: new MemoryStore(), crossTab: false, now: fixedClock().now };
    const restoreFirst = install(options);
    const installed = globalThis.fetch;
    const restoreSecond = install(options);
    expect(globalThis.fetch).toBe(installed);
    const res = await fetch(`${ORIGIN}/twice`);
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    expect(restoreSecond.cache).toBe(restoreFirst.cache);
    restoreSecond();
    expect(globalThis.fetch).toBe(original);
    restoreFirst();
    expect(globalThis.fetch).toBe(original);
  });
});

describe('uninstall()', () => {
  it('closes the released page cache once its work is done: its store and its cross-tab channels', async () => {
    origin.reply('/u', { headers: { 'cache-control': 'max-age=60' }, body: 'u' });
    const store = new MemoryStore();
    const closed = gate();
    const close = store.close.bind(store);
    const storeClosed = vi.spyOn(store, 'close').mockImplementation(async () => {
      await close();
      closed.open();
    });
    const channelClosed = vi.spyOn(BroadcastChannel.prototype, 'close');
    try {
      const uninstall = install({ store, crossTab: true });
      await (await fetch(`${ORIGIN}/u`)).text();
      uninstall();
      await closed.opened;
      expect(storeClosed).toHaveBeenCalledTimes(1);
      expect(channelClosed).toHaveBeenCalledTimes(2); // coherence and presence
      // The body read before uninstall() was still stored: closing waited for the write.
      expect((await store.stats()).entries).toBe(1);
    } finally {
      channelClosed.mockRestore();
    }
  });
});

describe('the cache handle', () => {
  it('delete(url) removes every variant of that URL; stats() counts entries and bytes', async () => {
    origin.reply('/d', { headers: { 'cache-control': 'max-age=60', vary: 'accept' }, body: 'ddd' });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/d`, { headers: { accept: 'a' } })).text();
    await (await cf(`${ORIGIN}/d`, { headers: { accept: 'b' } })).text();
    await cf.cache.settled();
    const stats = await cf.cache.stats();
    expect(stats.entries).toBe(2);
    expect(stats.bytes).toBeGreaterThan(6);
    expect(await cf.cache.delete(`${ORIGIN}/d`)).toBe(2);
    expect((await cf.cache.stats()).entries).toBe(0);
  });

  it('entries() describes what is stored, with age and TTL at the current clock', async () => {
    origin.reply('/listed', {
      headers: { 'cache-control': 'max-age=60', etag: '"l"' },
      body: 'abc',
    });
    const cf = makeCachedFetch({ partition: 'me' });
    await (await cf(`${ORIGIN}/listed`)).text();
    await cf.cache.settled();
    cf.clock.advance(15_000);
    const [info, ...rest] = await cf.cache.entries();
    expect(rest).toEqual([]);
    expect(info).toMatchObject({
      url: `${ORIGIN}/listed`,
      partition: 'me',
      status: 200,
      ageSec: 15,
      ttlSec: 45,
      etag: '"l"',
    });
    expect(info!.size).toBeGreaterThan(3);
    expect(await cf.cache.entries({ partition: 'someone else' })).toEqual([]);
  });

  it('events carry one object each: miss, stored, hit', async () => {
    origin.reply('/e', { headers: { 'cache-control': 'max-age=60' }, body: 'eee' });
    const cf = makeCachedFetch();
    const seen: Array<[string, unknown]> = [];
    for (const type of ['miss', 'stored', 'hit'] as const) {
      cf.cache.addEventListener(type, (event) => seen.push([type, event]));
    }
    await (await cf(`${ORIGIN}/e`)).text();
    await cf.cache.settled();
    cf.clock.advance(2000);
    await (await cf(`${ORIGIN}/e`)).text();
    expect(seen).toEqual([
      ['miss', { url: `${ORIGIN}/e`, reason: 'uri-miss' }],
      ['stored', { url: `${ORIGIN}/e`, bytes: 3 }],
      ['hit', { url: `${ORIGIN}/e`, status: 200, ageSec: 2, stale: false }],
    ]);
  });

  it('a listener that throws does not change what the caller gets', async () => {
    origin.reply('/throw', { headers: { 'cache-control': 'max-age=60' }, body: 'ok' });
    const cf = makeCachedFetch();
    cf.cache.addEventListener('miss', () => {
      throw new Error('listener bug');
    });
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    try {
      const res = await cf(`${ORIGIN}/throw`);
      expect(await res.text()).toBe('ok');
      expect(reported).toHaveBeenCalledWith(new Error('listener bug'));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('cachedFetch, the default instance', () => {
  it('is created lazily on first use and behaves as a cached fetch', async () => {
    origin.reply('/default', { headers: { 'cache-control': 'no-store' }, body: 'd' });
    expect(typeof cachedFetch).toBe('function');
    const res = await cachedFetch(`${ORIGIN}/default`);
    expect(await res.text()).toBe('d');
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=uri-miss; fwd-status=200');
    expect(typeof cachedFetch.cache.stats).toBe('function');
    await cachedFetch.cache.close();
  });
});
