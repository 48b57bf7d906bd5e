// IndexedDBStore's writes load with import() on first need (src/store/indexeddb-writes-chunk.ts,
// decision 0027): while a write waits for them, the calls after it wait too, so every transaction
// is still created in call order (IndexedDB orders them by creation: a lookup that overtook the
// write would not see it). A chunk that cannot load fails the calls that needed it, no other.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { loadWritesWith, type Writes } from '../../src/store/indexeddb-writes-chunk';
import { bytes, entry, text, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

const real = () => import('../../src/store/indexeddb-writes');

/** The chunk as not loaded yet, its import held until `release()` (or failing, with `fail`). */
function holdWrites(fail?: Error) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const restore = loadWritesWith(async (): Promise<Writes> => {
    await held;
    if (fail) throw fail;
    return real();
  });
  return { release, restore };
}

/**
 * Lets `turns` microtasks pass: on an open database a lookup creates its transaction within one
 * (indexeddb-access: "a lone lookup ... starts its transaction at once"), so a call that has not
 * created one after these is waiting, not slow.
 */
async function microtasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

export function describeWritesChunk(): void {
  describe('IndexedDBStore: the writes chunk, loaded on first need', () => {
    let name = '';
    let store: IndexedDBStore;
    let restore = () => {};

    beforeEach(async () => {
      name = uniqueName('writes-chunk');
      store = new IndexedDBStore({ name });
      await store.getVariants('open it');
    });

    afterEach(async () => {
      restore();
      await store.close();
      await rawDelete(name);
    });

    it('reads and writes called after a write that waits for the chunk see it, in call order', async () => {
      const held = holdWrites();
      restore = held.restore;
      const first = entry({ key: 'GET https://example.test/ryw' });
      const second = entry({ key: first.key, secondaryKey: 'b' });
      const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
      const put = store.put(first, bytes('one'));
      const found = store.lookup(first.key, (variants) => variants[0]);
      const variants = store.getVariants(first.key);
      const body = store.getBody(first.id);
      const putAgain = store.put(second, bytes('two'));
      const both = store.getVariants(first.key);
      // No transaction yet: the reads wait behind the put (without the queue they would have
      // created theirs by now, before the put's, and would not see it).
      try {
        await microtasks();
        expect(transaction).not.toHaveBeenCalled();
      } finally {
        transaction.mockRestore();
      }
      held.release();
      expect(await put).toEqual([]);
      expect(text((await found).body)).toBe('one');
      expect((await variants).map(({ id }) => id)).toEqual([first.id]);
      expect(text(await body)).toBe('one');
      expect(await putAgain).toEqual([]);
      expect((await both).map(({ id }) => id).sort()).toEqual([first.id, second.id].sort());
    });

    it('a chunk that cannot load fails the writes waiting for it; the reads after them run', async () => {
      const held = holdWrites(new Error('writes chunk unavailable'));
      restore = held.restore;
      const stored = entry({ key: 'GET https://example.test/failed' });
      const put = store.put(stored, bytes('never'));
      const found = store.lookup(stored.key, (variants) => variants[0]);
      const deleted = store.delete(stored.key);
      held.release();
      await expect(put).rejects.toThrow('writes chunk unavailable');
      await expect(deleted).rejects.toThrow('writes chunk unavailable');
      expect((await found).variants).toEqual([]);
      // The next write loads it again.
      held.restore();
      await store.put(stored, bytes('stored'));
      expect(text((await store.lookup(stored.key, (v) => v[0])).body)).toBe('stored');
    });

    // A logout must not depend on one more file having loaded (decision 0027).
    it('clear() needs no chunk, and clear({ partition }) without one empties everything: never less than asked', async () => {
      const alice = entry({ key: 'GET https://example.test/alice', partition: 'alice' });
      const bob = entry({ key: 'GET https://example.test/bob', partition: 'bob' });
      for (const partition of [{ partition: 'alice' }, {}]) {
        await store.put(alice, bytes('alice'));
        await store.put(bob, bytes('bob'));
        const held = holdWrites(new Error('writes chunk unavailable'));
        restore = held.restore;
        held.release();
        expect(await store.clear(partition)).toBe(2);
        for (const { key } of [alice, bob]) {
          expect((await store.lookup(key, (variants) => variants[0])).variants).toEqual([]);
        }
        held.restore();
        // The totals are exact: zero, not missing (a prune's restore would put old ones back).
        expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
        expect(await store.stats({ partition: 'alice' })).toEqual({ entries: 0, bytes: 0 });
        expect(await store.stats({ partition: 'bob' })).toEqual({ entries: 0, bytes: 0 });
      }
    });

    it('once loaded, a lookup after a write starts its transaction at once (no wait for the chunk)', async () => {
      await store.stats();
      const stored = entry({ key: 'GET https://example.test/loaded' });
      const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
      try {
        const put = store.put(stored, bytes('x'));
        const found = store.lookup(stored.key, (variants) => variants[0]);
        let microtasks = 0;
        while (transaction.mock.calls.length < 2 && microtasks < 10) {
          await Promise.resolve();
          microtasks++;
        }
        expect(microtasks).toBeLessThanOrEqual(1);
        expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readwrite', 'readonly']);
        await put;
        expect((await found).chosen?.id).toBe(stored.id);
      } finally {
        transaction.mockRestore();
      }
    });

    it('a lookup called after a write reads after it, even while the database opens (the batch gathering then is closed)', async () => {
      await store.stats();
      const fresh = new IndexedDBStore({ name });
      try {
        const stored = entry({ key: 'GET https://example.test/opening' });
        const before = fresh.lookup(stored.key, (variants) => variants[0]);
        const put = fresh.put(stored, bytes('y'));
        const after = fresh.lookup(stored.key, (variants) => variants[0]);
        await put;
        expect((await before).chosen).toBeUndefined();
        expect((await after).chosen?.id).toBe(stored.id);
      } finally {
        await fresh.close();
      }
    });
  });
}
