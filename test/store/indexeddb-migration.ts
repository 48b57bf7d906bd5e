// Schema v1 → v2: a database written by the v1 layout (built here with raw IndexedDB) is migrated
// forward on open without losing entries, and ends up with exactly the layout of a fresh one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureEntrySize } from '../../src/store/entry-size';
import type { V1Entry } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, storedResponse, text, uniqueName } from './fixtures';
import { createV1Layout, rawDelete, rawGetAll, rawLayout, rawOpen } from './raw-indexeddb';

const KEY = 'GET https://example.test/v1';

function v1Entry(id: string, secondaryKey: string, lastUsed: number, body: string): V1Entry {
  const data = bytes(body);
  return {
    id,
    key: KEY,
    secondaryKey,
    lastUsed,
    bodySize: data.byteLength,
    response: storedResponse(),
    body: data,
  };
}

/** A v1 database, as the v1 code created it: one `entries` store with inline bodies. */
async function createV1Fixture(name: string): Promise<void> {
  const db = await rawOpen(name, 1, createV1Layout);
  const tx = db.transaction('entries', 'readwrite');
  tx.objectStore('entries').put(v1Entry('json', 'accept=json', 10, '{"v":1}'));
  tx.objectStore('entries').put(v1Entry('html', 'accept=html', 20, '<p>v1</p>'));
  // A half-written v1 record (no body): worthless, the migration drops it.
  const { body: _dropped, ...headless } = v1Entry('broken', 'accept=text', 30, '');
  tx.objectStore('entries').put(headless);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

export function describeSchemaMigration(): void {
  describe('IndexedDBStore: schema migration v1 → v2', () => {
    let name = '';
    let store: IndexedDBStore;

    beforeEach(async () => {
      name = uniqueName('migration');
      await createV1Fixture(name);
      store = new IndexedDBStore({ name });
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    it('keeps every v1 entry, now in the default partition with a measured size', async () => {
      const variants = (await store.getVariants(KEY)).sort((a, b) => a.lastUsed - b.lastUsed);
      expect(variants.map((e) => e.id)).toEqual(['json', 'html']);
      for (const e of variants) {
        const { body: _inline, ...metadata } = v1Entry(e.id, e.secondaryKey, e.lastUsed, '');
        expect(e).toEqual({
          ...metadata,
          bodySize: e.bodySize,
          partition: '',
          size: measureEntrySize(e, e.bodySize),
        });
      }
      expect(text(await store.getBody('json'))).toBe('{"v":1}');
      expect(text(await store.getBody('html'))).toBe('<p>v1</p>');
      expect(await store.getBody('broken')).toBeUndefined();
      expect((await store.stats()).entries).toBe(2);
    });

    it('moves the bodies out of the entries and ends with the layout of a fresh v2 database', async () => {
      await store.stats();
      await store.close();
      const migrated = await rawOpen(name);
      const fresh = uniqueName('fresh');
      const freshStore = new IndexedDBStore({ name: fresh });
      await freshStore.stats();
      await freshStore.close();
      const freshDb = await rawOpen(fresh);
      try {
        expect(migrated.version).toBe(2);
        expect(rawLayout(migrated)).toEqual({
          bodies: [],
          entries: ['key', 'lastUsed', 'partition', 'variant'],
        });
        expect(rawLayout(migrated)).toEqual(rawLayout(freshDb));
        const records = (await rawGetAll(migrated, 'entries')) as Record<string, unknown>[];
        expect(records).toHaveLength(2);
        for (const record of records) expect(record).not.toHaveProperty('body');
      } finally {
        migrated.close();
        freshDb.close();
        await rawDelete(fresh);
      }
    });

    it('serves migrated entries with the new indexes: variant replacement, partitions, LRU', async () => {
      const replacement = entry({ key: KEY, secondaryKey: 'accept=json', lastUsed: 50 });
      expect(await store.put(replacement, bytes('{"v":2}'))).toEqual(['json']);
      expect(await store.clear({ partition: 'someone' })).toBe(0);
      expect((await store.prune({ maxEntries: 1 })).map((e) => e.id)).toEqual(['html']);
      expect((await store.getVariants(KEY)).map((e) => e.id)).toEqual([replacement.id]);
      expect(await store.clear({ partition: '' })).toBe(1);
    });

    it('rebuilds a v1 database that lost its object stores (Safari) instead of failing', async () => {
      const hollow = uniqueName('hollow');
      (await rawOpen(hollow, 1)).close();
      const repaired = new IndexedDBStore({ name: hollow });
      try {
        await repaired.put(entry(), bytes('x'));
        expect((await repaired.stats()).entries).toBe(1);
      } finally {
        await repaired.close();
        await rawDelete(hollow);
      }
    });
  });
}
