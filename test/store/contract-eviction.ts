// Contract: prune evicts least recently used first, by entry count and by bytes; touch reorders.
import { describe, expect, it } from 'vitest';
import type { CacheEntry, NewCacheEntry } from '../../src/store/cache-store';
import type { ContractContext } from './contract';
import { bytes, entry } from './fixtures';

const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

export function describeEviction(t: ContractContext): void {
  /** Puts entries on distinct keys, each with a body of `bodyBytes` bytes; returns them stored. */
  async function putAll(specs: Partial<NewCacheEntry>[], bodyBytes = 10): Promise<CacheEntry[]> {
    const stored: CacheEntry[] = [];
    for (const spec of specs) {
      const e = entry({ key: `GET https://example.test/${spec.id}`, ...spec });
      await t.store.put(e, bytes('x'.repeat(bodyBytes)));
      stored.push((await t.store.getVariants(e.key))[0]!);
    }
    return stored;
  }

  async function remainingIds(): Promise<string[]> {
    const found: string[] = [];
    for (const id of ['a', 'b', 'c', 'd']) {
      const variants = await t.store.getVariants(`GET https://example.test/${id}`);
      found.push(...ids(variants));
    }
    return found;
  }

  describe('prune (LRU eviction)', () => {
    it('evicts the least recently used entries beyond maxEntries, oldest first, with their bodies', async () => {
      await putAll([
        { id: 'c', lastUsed: 300 },
        { id: 'a', lastUsed: 100 },
        { id: 'd', lastUsed: 400 },
        { id: 'b', lastUsed: 200 },
      ]);
      const removed = await t.store.prune({ maxEntries: 2 });
      expect(ids(removed)).toEqual(['a', 'b']);
      expect(await remainingIds()).toEqual(['c', 'd']);
      expect(await t.store.getBody('a')).toBeUndefined();
      expect(await t.store.getBody('b')).toBeUndefined();
      expect((await t.store.stats()).entries).toBe(2);
    });

    it('evicts the least recently used entries until the bytes fit maxBytes', async () => {
      const [a, b, c] = await putAll([
        { id: 'a', lastUsed: 100 },
        { id: 'b', lastUsed: 200 },
        { id: 'c', lastUsed: 300 },
      ]);
      const maxBytes = b!.size + c!.size;
      const removed = await t.store.prune({ maxBytes });
      expect(removed).toEqual([a]);
      expect(await t.store.stats()).toEqual({ entries: 2, bytes: maxBytes });
      expect(await t.store.prune({ maxBytes: maxBytes - 1 })).toEqual([b]);
      expect(await remainingIds()).toEqual(['c']);
    });

    it('is strict LRU: once an entry does not fit, every less recently used one goes too', async () => {
      await putAll([{ id: 'a', lastUsed: 100 }], 10);
      const [big] = await putAll([{ id: 'b', lastUsed: 200 }], 500);
      const [newest] = await putAll([{ id: 'c', lastUsed: 300 }], 10);
      // 'a' alone would still fit next to 'c', but 'b' was used after it and does not fit.
      const removed = await t.store.prune({ maxBytes: newest!.size + big!.size - 1 });
      expect(ids(removed)).toEqual(['a', 'b']);
      expect(await remainingIds()).toEqual(['c']);
    });

    it('applies both limits at once', async () => {
      const [, , c, d] = await putAll([
        { id: 'a', lastUsed: 1 },
        { id: 'b', lastUsed: 2 },
        { id: 'c', lastUsed: 3 },
        { id: 'd', lastUsed: 4 },
      ]);
      expect(ids(await t.store.prune({ maxEntries: 3, maxBytes: c!.size + d!.size }))).toEqual([
        'a',
        'b',
      ]);
      expect(await remainingIds()).toEqual(['c', 'd']);
    });

    it('removes nothing when within the limits, or given no limits', async () => {
      const stored = await putAll([{ id: 'a' }, { id: 'b' }]);
      const bytesUsed = stored[0]!.size + stored[1]!.size;
      expect(await t.store.prune({ maxEntries: 2, maxBytes: bytesUsed })).toEqual([]);
      expect(await t.store.prune({})).toEqual([]);
      expect(await t.store.stats()).toEqual({ entries: 2, bytes: bytesUsed });
    });

    it('empties the store for maxEntries 0', async () => {
      await putAll([{ id: 'a' }, { id: 'b' }]);
      expect(ids(await t.store.prune({ maxEntries: 0 })).sort()).toEqual(['a', 'b']);
      expect(await t.store.stats()).toEqual({ entries: 0, bytes: 0 });
    });

    it('breaks ties in lastUsed by id', async () => {
      await putAll([
        { id: 'b', lastUsed: 100 },
        { id: 'a', lastUsed: 100 },
        { id: 'c', lastUsed: 100 },
      ]);
      expect(ids(await t.store.prune({ maxEntries: 1 }))).toEqual(['a', 'b']);
    });

    it('follows touch: an entry used again outlives ones used since it was stored', async () => {
      await putAll([
        { id: 'a', lastUsed: 100 },
        { id: 'b', lastUsed: 200 },
        { id: 'c', lastUsed: 300 },
      ]);
      await t.store.touch([{ id: 'a', lastUsed: 400 }]);
      expect(ids(await t.store.prune({ maxEntries: 2 }))).toEqual(['b']);
      await t.store.touch([{ id: 'c', lastUsed: 500 }]);
      expect(ids(await t.store.prune({ maxEntries: 1 }))).toEqual(['a']);
      expect(await remainingIds()).toEqual(['c']);
    });
  });
}
