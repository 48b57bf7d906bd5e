// Schema version 6 (issue 22): a database as version 4 left it upgrades by adding the `outbox`
// object store, and keeps its cached entries, their bodies and totals as they were. Shared by the
// unit project (fake-indexeddb) and the browsers (real IndexedDB).
import { describe, expect, it } from 'vitest';
import { measuredEntry } from '../../src/store/entry-size';
import { bodyKey, metadataKey, SCHEMA_VERSION, TOTALS_KEY } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, text, uniqueName } from './fixtures';
import { committed, rawDelete, rawLayout, rawOpen } from './raw-indexeddb';

/** A database as schema version 4 left it: `records` (with its indexes) and `meta`, one entry. */
async function createV4Database(name: string) {
  const stored = measuredEntry(entry({ id: 'v4-a', key: 'GET /v4/a', lastUsed: 10 }), 3);
  const db = await rawOpen(name, 4, (database) => {
    const records = database.createObjectStore('records');
    for (const index of ['id', 'key', 'partition', 'bodyOf']) records.createIndex(index, index);
    records.createIndex('variant', ['key', 'secondaryKey']);
    records.createIndex('lastUsed', ['lastUsed', 'id']);
    database.createObjectStore('meta');
  });
  const tx = db.transaction(['records', 'meta'], 'readwrite');
  tx.objectStore('records').put(stored, metadataKey(stored));
  tx.objectStore('records').put({ bodyOf: stored.id, body: bytes('aaa') }, bodyKey(stored));
  tx.objectStore('meta').put({ entries: 1, bytes: stored.size }, TOTALS_KEY);
  await committed(tx);
  db.close();
  return stored;
}

export function describeOutboxUpgrade(): void {
  describe('IndexedDBStore: schema v4 → current (5: no plain credentials; 6: the outbox store; 7: groups; 8: searchBase; 9: partition totals)', () => {
    it('adds the outbox store and keeps the cached entries, bodies and totals', async () => {
      const name = uniqueName('outbox-v4');
      const stored = await createV4Database(name);
      const store = new IndexedDBStore({ name });
      try {
        expect(await store.stats()).toEqual({ entries: 1, bytes: stored.size });
        const found = await store.lookup(stored.key, (variants) => variants[0]);
        // Version 5 marks the credentials it kept unknown (decision 0018): revalidated once.
        expect(found.variants).toEqual([
          { ...stored, response: { ...stored.response, credentials: '?' } },
        ]);
        expect(text(found.body)).toBe('aaa');
      } finally {
        await store.close();
      }
      const db = await rawOpen(name);
      expect(db.version).toBe(SCHEMA_VERSION);
      expect(rawLayout(db)).toEqual({
        meta: [],
        outbox: ['id', 'partition'],
        records: [
          'bodyOf',
          'groups',
          'id',
          'key',
          'lastUsed',
          'partitionLru',
          'searchBase',
          'variant',
        ],
      });
      db.close();
      await rawDelete(name);
    });
  });
}
