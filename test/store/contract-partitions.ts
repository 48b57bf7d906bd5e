// Contract (stores with `prunesPartitions`): one partition's limits evict that partition's least
// recently used entries only; its totals equal what it holds; the store's limits still apply.
import { describe, expect, it } from 'vitest';
import type { CacheEntry, CacheStore } from '../../src/store/cache-store';
import type { ContractContext } from './contract';
import { bytes, entry, random } from './fixtures';

const sizeSum = (entries: { size: number }[]) => entries.reduce((sum, e) => sum + e.size, 0);
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

/** Each partition's totals against what `list({ partition })` holds, and the store's. */
async function expectPartitionTotalsExact(store: CacheStore): Promise<void> {
  const all = await store.list();
  for (const partition of new Set(['alice', 'bob', 'carol', ...all.map((e) => e.partition)])) {
    const held = all.filter((e) => e.partition === partition);
    expect(await store.stats({ partition }), partition).toEqual({
      entries: held.length,
      bytes: sizeSum(held),
    });
  }
  expect(await store.stats()).toEqual({ entries: all.length, bytes: sizeSum(all) });
}

export function describePartitions(t: ContractContext): void {
  async function put(id: string, partition: string, lastUsed: number, bodyBytes = 100) {
    const e = entry({ id, key: `GET https://example.test/${id}`, partition, lastUsed });
    await t.store.put(e, bytes('x'.repeat(bodyBytes)));
    return (await t.store.getVariants(e.key))[0]!;
  }

  describe('partition limits (prune({ partition }), stats({ partition }))', () => {
    it('is declared by the store', () => {
      expect(t.store.prunesPartitions).toBe(true);
    });

    it("evicts the partition's own least recently used entries, never another's", async () => {
      // Bob's entries are the oldest in the store: a store-wide LRU would take them first.
      await put('b1', 'bob', 100);
      await put('b2', 'bob', 200);
      const a1 = await put('a1', 'alice', 300, 1000);
      const a2 = await put('a2', 'alice', 400, 1000);
      const a3 = await put('a3', 'alice', 500, 1000);
      const removed = await t.store.prune({ partition: 'alice', maxBytes: a2.size + a3.size });
      expect(ids(removed)).toEqual([a1.id]);
      expect(ids(await t.store.list({ partition: 'bob' })).sort()).toEqual(['b1', 'b2']);
      expect(ids(await t.store.list({ partition: 'alice' })).sort()).toEqual(['a2', 'a3']);
      expect(await t.store.getBody('a1')).toBeUndefined();
      expect(await t.store.stats({ partition: 'alice' })).toEqual({
        entries: 2,
        bytes: a2.size + a3.size,
      });
      await expectPartitionTotalsExact(t.store);
    });

    it('within its limits, evicts nothing; maxEntries scopes to the partition too', async () => {
      await put('b1', 'bob', 100);
      await put('a1', 'alice', 200);
      await put('a2', 'alice', 300);
      expect(await t.store.prune({ partition: 'bob', maxEntries: 1 })).toEqual([]);
      expect(ids(await t.store.prune({ partition: 'alice', maxEntries: 1 }))).toEqual(['a1']);
      expect(ids(await t.store.prune({ partition: 'carol', maxEntries: 0 }))).toEqual([]);
      await expectPartitionTotalsExact(t.store);
    });

    it('keeps every partition total exact through puts, replacements, updates, deletes, clears and store-wide prunes', async () => {
      const next = random(25);
      const partitions = ['alice', 'bob', 'carol'];
      for (let step = 0; step < 60; step += 1) {
        const partition = partitions[next(3)]!;
        const id = `e${next(12)}`;
        const key = `GET https://example.test/${id}`;
        switch (next(6)) {
          case 0:
            await t.store.delete(key);
            break;
          case 1: {
            const [found] = await t.store.getVariants(key);
            if (found) await t.store.update(found.id, { ...found.response, status: 203 });
            break;
          }
          case 2:
            await t.store.prune({ maxEntries: 6 });
            break;
          case 3:
            await t.store.prune({ partition, maxBytes: 600 });
            break;
          default:
            // Same key, maybe another partition: the put replaces the variant across partitions.
            await t.store.put(
              entry({ id: `${id}-${step}`, key, partition, lastUsed: step }),
              bytes('y'.repeat(next(300))),
            );
        }
      }
      await expectPartitionTotalsExact(t.store);
      await t.store.clear({ partition: 'bob' });
      await expectPartitionTotalsExact(t.store);
      await t.store.clear();
      await expectPartitionTotalsExact(t.store);
    });

    it("the store's limits still apply across partitions, and move each partition's totals", async () => {
      const b1 = await put('b1', 'bob', 100);
      await put('a1', 'alice', 200);
      await put('a2', 'alice', 300);
      const removed: CacheEntry[] = await t.store.prune({ maxEntries: 2 });
      expect(ids(removed)).toEqual([b1.id]);
      expect(await t.store.stats({ partition: 'bob' })).toEqual({ entries: 0, bytes: 0 });
      await expectPartitionTotalsExact(t.store);
    });

    if (t.persistent) {
      it("a second store over the same storage sees each partition's totals", async () => {
        await put('a1', 'alice', 100);
        const other = t.reopen();
        await other.put(
          entry({ id: 'a2', key: 'GET https://example.test/a2', partition: 'alice' }),
          bytes('zz'),
        );
        await expectPartitionTotalsExact(t.store);
        await expectPartitionTotalsExact(other);
      });
    }
  });
}
