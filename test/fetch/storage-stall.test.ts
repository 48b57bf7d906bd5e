// A store that neither answers nor fails (pitfall 11: Safari's IndexedDB bugs; WebKitGTK's stalls
// under automation, decision 0009) holds no request for longer than the store deadline: the
// request goes to the network as if nothing were stored, and the error event says why.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheEventMap } from '../../src/index';
import type { CacheEntry, LookupResult } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const cacheable = { 'cache-control': 'max-age=60' };

/** A MemoryStore whose lookups hang once `stalled` is set (they never settle). */
class StallingStore extends MemoryStore {
  stalled = false;
  override lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    return this.stalled ? new Promise(() => {}) : super.lookup(key, choose);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('pitfall 11: a store that stalls never holds a request', () => {
  it('a stalled lookup: after 5 s the request goes to the origin, with a TimeoutError event', async () => {
    origin.reply('/s', { headers: cacheable, body: 'stored' }, { headers: cacheable, body: 'net' });
    // The deadline's one timer (./lookup-deadline) measures with performance.now(): both are faked, from
    // the first lookup on, as the timer it arms then serves the later ones.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = new StallingStore();
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/s`)).text();
    await cf.cache.settled();
    await vi.advanceTimersByTimeAsync(1_000);
    store.stalled = true;
    const errors: Array<CacheEventMap['error']> = [];
    cf.cache.addEventListener('error', (event) => errors.push(event));

    let answered = false;
    const pending = cf(`${ORIGIN}/s`).then((response) => {
      answered = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(answered).toBe(false);
    expect(origin.seen('/s')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    vi.useRealTimers();
    const response = await pending;
    expect(await response.text()).toBe('net');
    expect(response.headers.get('cache-status')).toContain('fwd=uri-miss');
    expect(origin.seen('/s')).toHaveLength(2);
    expect(errors).toMatchObject([
      { operation: 'lookup', url: `${ORIGIN}/s`, error: { name: 'TimeoutError' } },
    ]);
  });

  it('a lookup that answers in time is served as before, with no time passing (a guard)', async () => {
    origin.reply('/t', { headers: cacheable, body: 'stored' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const cf = makeCachedFetch({ store: new StallingStore(), memory: false });
    await (await cf(`${ORIGIN}/t`)).text();
    await cf.cache.settled();
    const response = await cf(`${ORIGIN}/t`);
    vi.useRealTimers();
    expect(await response.text()).toBe('stored');
    expect(response.headers.get('cache-status')).toMatch(/; hit/);
    expect(origin.seen('/t')).toHaveLength(1);
  });
});
