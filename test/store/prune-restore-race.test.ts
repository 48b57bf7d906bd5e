// A prune evicts with deletes only (the origin may be at its quota) and puts the totals back in a
// later transaction (src/store/indexeddb-writes.ts, `restoreTotals`). A full clear() made between
// the two zeroes the store's totals but cannot zero a partition's record the eviction had deleted:
// the restore must not then put that partition's old totals back (stats({ partition }) would
// count entries the clear removed). The interleaving is made exact with a StoreAccess of our own
// that runs the clear just before the restore's transaction.
import { type IDBPDatabase, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheDB } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { prune, type StoreAccess } from '../../src/store/indexeddb-writes';
import { bytes, entry, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

/** Transactions on `db`, calling `beforeRestore` once before the prune's restore of totals. */
function accessWith(db: IDBPDatabase<CacheDB>, beforeRestore: () => Promise<void>): StoreAccess {
  let pending: (() => Promise<void>) | undefined = beforeRestore;
  return {
    async transaction(_operation, names, mode, work) {
      // The restore is the prune's only readwrite transaction over `meta` alone.
      if (pending && mode === 'readwrite' && names.length === 1 && names[0] === 'meta') {
        const hook = pending;
        pending = undefined;
        await hook();
      }
      const tx = db.transaction(names, mode);
      const result = await work(tx as never);
      await tx.done;
      return result;
    },
    seen() {},
  };
}

describe("a prune's restore of totals after a full clear() in between", () => {
  it('puts back no partition totals the clear emptied: stats({ partition }) says 0', async () => {
    const name = uniqueName('prune-race');
    const store = new IndexedDBStore({ name });
    opened.push(store);
    for (const [i, partition] of ['alice', 'alice', 'alice', 'bob'].entries()) {
      await store.put(entry({ key: `GET /${i}`, partition, lastUsed: i }), bytes('x'.repeat(100)));
    }
    expect(await store.stats({ partition: 'alice' })).toMatchObject({ entries: 3 });
    const db = await openDB<CacheDB>(name);
    opened.push(db);

    // Alice's budget evicts one of hers; before the totals are put back, a logout clears all.
    const evicted = await prune(
      accessWith(db, async () => {
        expect(await store.clear()).toBe(3);
      }),
      { partition: 'alice', maxEntries: 2 },
    );
    expect(evicted).toHaveLength(1);

    expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
    expect(await store.stats({ partition: 'alice' })).toEqual({ entries: 0, bytes: 0 });
    expect(await store.stats({ partition: 'bob' })).toEqual({ entries: 0, bytes: 0 });
    await store.close();
    db.close();
    await rawDelete(name);
  });
});
