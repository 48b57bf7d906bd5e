// The memory tier seen from the front: a warm hit reads nothing from the store, and memory never
// serves what the store no longer holds (evicted, replaced, invalidated, cleared, or changed by
// another instance that said so).
import { describe, expect, it, vi } from 'vitest';
import type { CacheEntry, StoredBody } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { gate, makeCachedFetch, ORIGIN, untilOtherTabsHeard, useMockOrigin } from './support';

const origin = useMockOrigin();
const fresh = { 'cache-control': 'max-age=600' };

/** A MemoryStore that counts the reads it is asked for. */
class CountingStore extends MemoryStore {
  reads = 0;

  override getVariants(key: string): Promise<CacheEntry[]> {
    this.reads++;
    return super.getVariants(key);
  }

  override getBody(id: string): Promise<StoredBody | undefined> {
    this.reads++;
    return super.getBody(id);
  }
}

async function text(response: Promise<Response>): Promise<string> {
  return (await response).text();
}

describe('a warm hit', () => {
  it('reads nothing from the store; with memory: false every hit reads it', async () => {
    origin.reply('/warm', { headers: fresh, body: 'warm' });
    for (const [memory, readsPerHit] of [
      [undefined, 0],
      [false, 2],
    ] as const) {
      const store = new CountingStore();
      const cf = makeCachedFetch({ store, memory: memory ?? {} });
      await text(cf(`${ORIGIN}/warm`));
      await cf.cache.settled();
      await text(cf(`${ORIGIN}/warm`));
      const before = store.reads;
      expect(await text(cf(`${ORIGIN}/warm`))).toBe('warm');
      expect(store.reads - before).toBe(readsPerHit);
    }
  });

  it('hands out nothing memory holds: a caller who changes the bytes it read changes no later hit', async () => {
    origin.reply('/held', { headers: fresh, body: 'held' });
    const cf = makeCachedFetch({ store: new MemoryStore() });
    await text(cf(`${ORIGIN}/held`));
    await cf.cache.settled();
    for (let i = 0; i < 3; i++) {
      const bytes = new Uint8Array(await (await cf(`${ORIGIN}/held`)).arrayBuffer());
      expect(new TextDecoder().decode(bytes)).toBe('held');
      bytes.fill(0x21); // '!'
    }
  });

  it('a URL with a body over a sixteenth of memory.maxBytes is read from the store', async () => {
    origin.reply('/big', { headers: fresh, body: 'x'.repeat(2048) });
    const store = new CountingStore();
    const cf = makeCachedFetch({ store, memory: { maxBytes: 16 * 1024 } });
    await text(cf(`${ORIGIN}/big`));
    await cf.cache.settled();
    await text(cf(`${ORIGIN}/big`));
    const before = store.reads;
    expect(await text(cf(`${ORIGIN}/big`))).toHaveLength(2048);
    expect(store.reads - before).toBe(2);
  });

  it('memory.maxEntries bounds what is held: the least recently used key is read again', async () => {
    origin.reply('/a', { headers: fresh, body: 'a' });
    origin.reply('/b', { headers: fresh, body: 'b' });
    const store = new CountingStore();
    const cf = makeCachedFetch({ store, memory: { maxEntries: 1 } });
    for (const path of ['/a', '/b']) await text(cf(`${ORIGIN}${path}`));
    await cf.cache.settled();
    const before = store.reads;
    expect(await text(cf(`${ORIGIN}/a`))).toBe('a');
    expect(store.reads - before).toBe(2);
    expect(origin.seen('/a')).toHaveLength(1);
  });
});

describe('memory never outlives the store', () => {
  it('an entry evicted by maxEntries (LRU) is fetched again, not served from memory', async () => {
    origin.reply('/one', { headers: fresh, body: 'one' });
    origin.reply('/two', { headers: fresh, body: 'two' });
    const cf = makeCachedFetch({ maxEntries: 1 });
    await text(cf(`${ORIGIN}/one`));
    await cf.cache.settled();
    await text(cf(`${ORIGIN}/one`)); // held in memory now
    cf.clock.advance(1000); // so /one is the least recently used
    await text(cf(`${ORIGIN}/two`));
    await cf.cache.settled();
    const again = await cf(`${ORIGIN}/one`);
    expect(again.headers.get('cache-status')).toMatch(/fwd=uri-miss/);
    expect(origin.seen('/one')).toHaveLength(2);
  });

  it('a failed write leaves memory consistent: the response the store still holds is served', async () => {
    origin.reply(
      '/w',
      { headers: { 'cache-control': 'max-age=0', etag: '"1"' }, body: 'first' },
      { headers: { 'cache-control': 'max-age=0', etag: '"2"' }, body: 'second' },
      { status: 304, headers: { 'cache-control': 'max-age=600', etag: '"1"' } },
    );
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    await text(cf(`${ORIGIN}/w`));
    await cf.cache.settled();
    const put = store.put.bind(store);
    store.put = async () => {
      throw new Error('disk full');
    };
    // Revalidation brings "second", whose write fails: the store (and so memory) keeps "first".
    expect(await text(cf(`${ORIGIN}/w`))).toBe('second');
    await cf.cache.settled();
    store.put = put;
    const last = await cf(`${ORIGIN}/w`);
    expect(await last.text()).toBe('first');
    expect(origin.seen('/w').at(-1)!.headers.get('if-none-match')).toBe('"1"');
  });

  it('RFC 9111 §4.4: a write announced by another instance on the same store is not served from memory', async () => {
    origin.reply('/shared', { headers: fresh, body: 'v1' }, { headers: fresh, body: 'v2' });
    const store = new MemoryStore();
    const here = makeCachedFetch({ store, crossTab: true });
    const there = makeCachedFetch({ store, crossTab: true });
    try {
      await text(here(`${ORIGIN}/shared`));
      await here.cache.settled();
      expect(await text(here(`${ORIGIN}/shared`))).toBe('v1');
      // The other instance replaces the stored response (a reload) and says so on the channel.
      expect(await text(there(`${ORIGIN}/shared`, { cache: 'reload' }))).toBe('v2');
      await there.cache.settled();
      await untilOtherTabsHeard();
      expect(await text(here(`${ORIGIN}/shared`))).toBe('v2');
      expect(origin.seen('/shared')).toHaveLength(2);
    } finally {
      await here.cache.close();
      await there.cache.close();
    }
  });

  it('a put the tier saw start is not overtaken by an older read that ends after it', async () => {
    origin.reply('/race', { headers: fresh, body: 'new' });
    const read = gate();
    const readStarted = gate();
    class SlowReadStore extends MemoryStore {
      slow = false;
      override async getVariants(key: string): Promise<CacheEntry[]> {
        const variants = await super.getVariants(key);
        if (this.slow) {
          readStarted.open();
          await read.opened;
        }
        return variants;
      }
    }
    const store = new SlowReadStore();
    const cf = makeCachedFetch({ store });
    store.slow = true;
    // A lookup reads "nothing stored", slowly; meanwhile a reload stores "new".
    const first = cf(`${ORIGIN}/race`, { cache: 'only-if-cached' }).catch(() => 'nothing');
    await readStarted.opened;
    store.slow = false;
    await text(cf(`${ORIGIN}/race`, { cache: 'reload' }));
    await cf.cache.settled();
    read.open();
    expect(await first).toBe('nothing');
    // Memory did not keep the old read's "nothing stored": the next lookup is a hit.
    const hit = await cf(`${ORIGIN}/race`);
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(origin.seen('/race')).toHaveLength(1);
  });
});

describe('a clear or delete not awaited', () => {
  for (const [what, remove] of [
    ['cache.clear() (logout)', (cf: ReturnType<typeof makeCachedFetch>) => cf.cache.clear()],
    [
      'cache.delete(url)',
      (cf: ReturnType<typeof makeCachedFetch>) => cf.cache.delete(`${ORIGIN}/gone-now`),
    ],
  ] as const) {
    it(`${what}: the very next request is not served from memory`, async () => {
      origin.reply(
        '/gone-now',
        { headers: fresh, body: 'before' },
        { headers: fresh, body: 'after' },
      );
      const cf = makeCachedFetch({ store: new MemoryStore() });
      await text(cf(`${ORIGIN}/gone-now`));
      await cf.cache.settled();
      expect(await text(cf(`${ORIGIN}/gone-now`))).toBe('before'); // warm
      void remove(cf);
      expect(await text(cf(`${ORIGIN}/gone-now`))).toBe('after');
      expect(origin.seen('/gone-now')).toHaveLength(2);
    });
  }
});

describe('a page that may have missed other tabs’ messages', () => {
  it('restored from the back/forward cache (pageshow, persisted): memory reads the store again', async () => {
    origin.reply('/missed', { headers: fresh, body: 'v1' }, { headers: fresh, body: 'v2' });
    const store = new MemoryStore();
    const here = makeCachedFetch({ store, crossTab: true, memory: {} });
    // Its change is never said on the channel: the message this page missed.
    const elsewhere = makeCachedFetch({ store, crossTab: false });
    try {
      await text(here(`${ORIGIN}/missed`));
      await here.cache.settled();
      expect(await text(elsewhere(`${ORIGIN}/missed`, { cache: 'reload' }))).toBe('v2');
      await elsewhere.cache.settled();
      expect(await text(here(`${ORIGIN}/missed`))).toBe('v1'); // memory, unaware
      window.dispatchEvent(pageShow(false)); // a first load: nothing missed
      expect(await text(here(`${ORIGIN}/missed`))).toBe('v1');
      window.dispatchEvent(pageShow(true));
      expect(await text(here(`${ORIGIN}/missed`))).toBe('v2'); // the store's
      expect(origin.seen('/missed')).toHaveLength(2);
    } finally {
      await here.cache.close();
    }
  });

  it('cache.close() removes the listener it added to the page', async () => {
    origin.reply('/listener', { headers: fresh, body: 'v1' });
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    try {
      const here = makeCachedFetch({ memory: {} });
      await text(here(`${ORIGIN}/listener`)); // the store and its memory load with the first request
      const listeners = added.mock.calls.filter(([type]) => type === 'pageshow');
      expect(listeners).toHaveLength(1);
      await here.cache.close();
      expect(removed.mock.calls.filter(([type]) => type === 'pageshow')).toEqual(listeners);
    } finally {
      added.mockRestore();
      removed.mockRestore();
    }
  });
});

function pageShow(persisted: boolean): Event {
  return Object.assign(new Event('pageshow'), { persisted });
}
