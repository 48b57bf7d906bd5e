// Read-your-writes: a response whose body has arrived is reused by the next lookup in this tab,
// even while the store is still writing it (a slow put), and never when the write failed.
import { describe, expect, it } from 'vitest';
import type { NewCacheEntry } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, useMockOrigin } from './support';

const origin = useMockOrigin();

/** A MemoryStore whose puts land only when the test releases them. */
class SlowPutStore extends MemoryStore {
  readonly held: Array<() => void> = [];
  failNext = false;

  override async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    return super.put(entry, body);
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

/** Releases held puts as soon as they are made, until stopped. */
function releaseContinuously(store: SlowPutStore): () => void {
  const timer = setInterval(() => store.release(), 2);
  return () => clearInterval(timer);
}

describe.each([
  { memory: 'on', options: {} },
  { memory: 'off', options: { memory: false as const } },
])('read-your-writes (memory tier $memory)', ({ options }) => {
  it.each([
    { status: 200, body: 'just fetched' },
    { status: 204, body: null },
  ])(
    'RFC 9111 §4: a fresh $status refetched at once, with its write still pending, is a hit: the origin sees one request',
    async ({ status, body }) => {
      origin.reply('/ryw', { status, headers: { 'cache-control': 'max-age=60' }, body });
      const store = new SlowPutStore();
      const cf = makeCachedFetch({ store, ...options });
      const first = await cf('https://api.test/ryw');
      await first.text();
      // The write has not landed: the store holds nothing yet.
      expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
      const stop = releaseContinuously(store);
      try {
        const again = await cf('https://api.test/ryw');
        expect(await again.text()).toBe(body ?? '');
        expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
        expect(origin.seen('/ryw')).toHaveLength(1);
      } finally {
        stop();
      }
    },
  );

  it('a write that fails leaves the next lookup a miss (no response served that the store lacks)', async () => {
    origin.reply('/ryw-fail', { headers: { 'cache-control': 'max-age=60' }, body: 'lost' });
    const store = new SlowPutStore();
    store.failNext = true;
    const cf = makeCachedFetch({ store, ...options });
    const stop = releaseContinuously(store);
    try {
      await (await cf('https://api.test/ryw-fail')).text();
      const again = await cf('https://api.test/ryw-fail');
      expect(await again.text()).toBe('lost');
      expect(again.headers.get('cache-status')).toMatch(/fwd=uri-miss/);
      expect(origin.seen('/ryw-fail')).toHaveLength(2);
    } finally {
      await cf.cache.settled(); // while puts are still released
      stop();
    }
  });
});
