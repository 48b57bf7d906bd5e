// Schema migration to v9 (decision 0026, maxBytesPerPartition): the `partitionLru` index in place
// of `partition`, and each partition's totals computed by the upgrade from the entries already
// stored. (From v1 to v3 the layout tests of ./indexeddb-migration end at the same layout.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { measuredEntry } from '../../src/store/entry-size';
import { SCHEMA_VERSION, TOTALS_KEY } from '../../src/store/indexeddb-schema';
import { partitionTotalsKey } from '../../src/store/indexeddb-schema-v9';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, uniqueName } from './fixtures';
import { committed, createV4Layout, rawDelete, rawGet, rawLayout, rawOpen } from './raw-indexeddb';

const sizeSum = (entries: { size: number }[]) => entries.reduce((sum, e) => sum + e.size, 0);

async function createV7Fixture(name: string): Promise<CacheEntry[]> {
  const data = [
    measuredEntry(entry({ id: 'a1', key: 'GET /a1', partition: 'alice', lastUsed: 10 }), 100),
    measuredEntry(entry({ id: 'a2', key: 'GET /a2', partition: 'alice', lastUsed: 20 }), 200),
    measuredEntry(entry({ id: 'b1', key: 'GET /b1', partition: 'bob', lastUsed: 5 }), 300),
    measuredEntry(entry({ id: 'n1', key: 'GET /n1', partition: '', lastUsed: 30 }), 1),
  ];
  // The layout version 7 had: version 4's, the `groups` index, the outbox.
  const db = await rawOpen(name, 7, (upgrading, tx) => {
    createV4Layout(upgrading);
    tx.objectStore('records').createIndex('groups', 'response.groups', { multiEntry: true });
    const outbox = upgrading.createObjectStore('outbox', { autoIncrement: true });
    outbox.createIndex('id', 'id');
    outbox.createIndex('partition', 'partition');
  });
  const tx = db.transaction(['records', 'meta'], 'readwrite');
  for (const e of data) {
    tx.objectStore('records').put(e, [e.key, e.id, 0]);
    tx.objectStore('records').put({ bodyOf: e.id, body: bytes('x') }, [e.key, e.id, 1]);
  }
  tx.objectStore('meta').put({ entries: data.length, bytes: sizeSum(data) }, TOTALS_KEY);
  await committed(tx);
  db.close();
  return data;
}

export function describeMigrationToV9(): void {
  describe('IndexedDBStore: schema migration v7 → v9 (partition totals, decision 0026)', () => {
    let name = '';
    let store: IndexedDBStore;

    beforeEach(() => {
      name = uniqueName('migration-v7');
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    it("computes each partition's totals from the stored entries and adds the partitionLru index", async () => {
      const data = await createV7Fixture(name);
      store = new IndexedDBStore({ name });
      await store.open();
      await store.close();
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated).records).toContain('partitionLru');
        // Its prefix serves every query `partition` did: no index is added to each record.
        expect(rawLayout(migrated).records).not.toContain('partition');
        // Written by the upgrade itself, not recounted later by a reader.
        for (const partition of ['alice', 'bob', '']) {
          const held = data.filter((e) => e.partition === partition);
          expect(await rawGet(migrated, 'meta', partitionTotalsKey(partition))).toEqual({
            entries: held.length,
            bytes: sizeSum(held),
          });
        }
      } finally {
        migrated.close();
      }
      store = new IndexedDBStore({ name });
      // The migrated totals drive a partition's eviction: Alice's oldest goes, Bob's older one stays.
      const alice = data.filter((e) => e.partition === 'alice');
      const removed = await store.prune({ partition: 'alice', maxBytes: alice[1]!.size });
      expect(removed.map((e) => e.id)).toEqual(['a1']);
      expect(await store.stats({ partition: 'bob' })).toEqual({ entries: 1, bytes: data[2]!.size });
      expect(await store.stats()).toEqual({ entries: 3, bytes: sizeSum(data.slice(1)) });
      // What the `partition` index answered before, on the migrated data.
      expect((await store.partitions()).sort()).toEqual(['', 'alice', 'bob']);
      expect((await store.list({ partition: 'bob' })).map((e) => e.id)).toEqual(['b1']);
      expect(await store.clear({ partition: 'alice' })).toBe(1);
      expect(await store.stats({ partition: 'alice' })).toEqual({ entries: 0, bytes: 0 });
      expect(await store.stats()).toEqual({ entries: 2, bytes: data[2]!.size + data[3]!.size });
    });

    it('from version 4 (no groups, no outbox): the same layout as a fresh database', async () => {
      const db = await rawOpen(name, 4, (upgrading) => createV4Layout(upgrading));
      const tx = db.transaction(['records', 'meta'], 'readwrite');
      const e = measuredEntry(entry({ id: 'c1', key: 'GET /c1', partition: 'carol' }), 10);
      tx.objectStore('records').put(e, [e.key, e.id, 0]);
      tx.objectStore('records').put({ bodyOf: e.id, body: bytes('x') }, [e.key, e.id, 1]);
      tx.objectStore('meta').put({ entries: 1, bytes: e.size }, TOTALS_KEY);
      await committed(tx);
      db.close();
      store = new IndexedDBStore({ name });
      expect(await store.stats({ partition: 'carol' })).toEqual({ entries: 1, bytes: e.size });
      await store.close();
      const migrated = await rawOpen(name);
      try {
        expect(rawLayout(migrated).records).toEqual([
          'bodyOf',
          'groups',
          'id',
          'key',
          'lastUsed',
          'partitionLru',
          'searchBase',
          'variant',
        ]);
        expect(await rawGet(migrated, 'meta', partitionTotalsKey('carol'))).toEqual({
          entries: 1,
          bytes: e.size,
        });
      } finally {
        migrated.close();
      }
    });
  });
}
