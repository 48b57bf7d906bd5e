// The totals in `meta` when they cannot be trusted: missing, corrupt, or drifted (set here with raw
// IndexedDB while the store is closed). The store repairs them from the entries, once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { TOTALS_KEY } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, uniqueName } from './fixtures';
import { committed, rawDelete, rawGet, rawOpen, rawPut } from './raw-indexeddb';

const sizeSum = (entries: { size: number }[]) => entries.reduce((sum, e) => sum + e.size, 0);

export function describeTotalsRepair(): void {
  describe('IndexedDBStore: totals that cannot be trusted are recomputed once', () => {
    let name = '';
    let store: IndexedDBStore;
    let stored: CacheEntry[] = [];

    beforeEach(async () => {
      name = uniqueName('totals');
      store = new IndexedDBStore({ name });
      for (const [i, key] of ['GET /a', 'GET /a', 'GET /b'].entries()) {
        await store.put(entry({ key, secondaryKey: `v${i}`, lastUsed: i }), bytes('x'.repeat(i)));
      }
      stored = (await store.list()).reverse();
      expect(stored).toHaveLength(3);
      await store.close();
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    /** Replaces (or, for undefined, deletes) the totals record behind the store's back. */
    async function setRawTotals(value: unknown): Promise<void> {
      const db = await rawOpen(name);
      try {
        if (value === undefined) {
          const tx = db.transaction('meta', 'readwrite');
          tx.objectStore('meta').delete(TOTALS_KEY);
          await committed(tx);
        } else await rawPut(db, 'meta', value, TOTALS_KEY);
      } finally {
        db.close();
      }
    }

    async function rawTotals(): Promise<unknown> {
      await store.close();
      const db = await rawOpen(name);
      try {
        return await rawGet(db, 'meta', TOTALS_KEY);
      } finally {
        db.close();
      }
    }

    const exact = () => ({ entries: 3, bytes: sizeSum(stored) });

    it('stats() recomputes missing totals from the entries and writes them back', async () => {
      await setRawTotals(undefined);
      expect(await store.stats()).toEqual(exact());
      expect(await rawTotals()).toEqual(exact());
    });

    it.each([
      ['not an object', 'garbage'],
      ['a negative count', { entries: -1, bytes: 10 }],
      ['a fraction', { entries: 3, bytes: 1.5 }],
      ['a string count', { entries: '3', bytes: 10 }],
      ['a missing field', { entries: 3 }],
    ])('stats() recomputes totals that are %s', async (_what, corrupt) => {
      await setRawTotals(corrupt);
      expect(await store.stats()).toEqual(exact());
      expect(await rawTotals()).toEqual(exact());
    });

    it('a write repairs corrupt totals in its own transaction, counting itself', async () => {
      await setRawTotals({ entries: 'many', bytes: null });
      await store.put(entry({ key: 'GET /c' }), bytes('new'));
      const all = await store.list();
      // Read raw, before any stats(): the put itself wrote the repaired totals.
      expect(await rawTotals()).toEqual({ entries: 4, bytes: sizeSum(all) });
    });

    it('totals that would drop below zero (they had drifted) are recomputed, not clamped', async () => {
      await setRawTotals({ entries: 1, bytes: 1 });
      expect(await store.delete('GET /a')).toHaveLength(2);
      expect(await store.stats()).toEqual({ entries: 1, bytes: stored[2]!.size });
    });

    it('prune with totals counting entries that are not there repairs them and evicts only what must go', async () => {
      await setRawTotals({ entries: 10, bytes: 1_000_000 });
      expect(await store.prune({ maxEntries: 5 })).toEqual([]);
      expect(await store.stats()).toEqual(exact());
      await setRawTotals({ entries: 10, bytes: 1_000_000 });
      expect((await store.prune({ maxEntries: 2 })).map((e) => e.id)).toEqual([stored[0]!.id]);
      expect(await store.stats()).toEqual({ entries: 2, bytes: sizeSum(stored.slice(1)) });
    });
  });
}
