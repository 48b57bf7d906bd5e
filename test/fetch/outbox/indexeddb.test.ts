// Issue 22, durability: the outbox lives in the cache's IndexedDB database (schema version 6, its
// own object store); a v4 database upgrades keeping its entries; a new instance (a page load)
// replays what an earlier one queued; a storage failure rejects the write's call.
import { describe, expect, it, vi } from 'vitest';
import { measuredEntry } from '../../../src/store/entry-size';
import { bodyKey, metadataKey, TOTALS_KEY } from '../../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../../src/store/indexeddb-store';
import { bytes, entry, text, uniqueName } from '../../store/fixtures';
import { committed, rawDelete, rawLayout, rawOpen } from '../../store/raw-indexeddb';
import { down, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/todos`;

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

describe('outbox in IndexedDB', () => {
  it('a v4 database upgrades to version 6: the outbox store is added, the cached entries stay', async () => {
    const name = uniqueName('outbox-v4');
    const stored = await createV4Database(name);
    const store = new IndexedDBStore({ name });
    expect(await store.stats()).toEqual({ entries: 1, bytes: stored.size });
    const found = await store.lookup(stored.key, (variants) => variants[0]);
    expect(found.variants).toEqual([stored]);
    expect(text(found.body)).toBe('aaa');
    await store.close();
    const db = await rawOpen(name);
    expect(db.version).toBe(6);
    expect(rawLayout(db)).toEqual({
      meta: [],
      outbox: ['id', 'partition'],
      records: ['bodyOf', 'id', 'key', 'lastUsed', 'partition', 'variant'],
    });
    db.close();
    await rawDelete(name);
  });

  it('a write queued by one instance is replayed by the next one on the same database (a reload), once', async () => {
    const name = uniqueName('outbox-reload');
    origin.reply('/todos', down);
    const first = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    const res = await first(url, { method: 'POST', body: 'survives' });
    expect(res.status).toBe(202);
    await first.cache.settled();
    await first.cache.close();
    origin.reply('/todos', { status: 201 });
    const second = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    await second.cache.settled();
    const bodies = await Promise.all(origin.seen('/todos').map((r) => r.clone().text()));
    expect(bodies).toEqual(['survives', 'survives']);
    const keys = origin.seen('/todos').map((r) => r.headers.get('idempotency-key'));
    expect(keys[1]).toBe(keys[0]);
    expect(await second.cache.outbox!.list()).toEqual([]);
    await second.cache.close();
    await rawDelete(name);
  });

  it('a storage failure rejects the call with a TypeError saying the write could not be queued', async () => {
    origin.reply('/todos', down);
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('disk gone', 'UnknownError');
    });
    try {
      const cf = makeCachedFetch({
        outbox: true,
        store: new IndexedDBStore({ name: uniqueName('x') }),
      });
      await expect(cf(url, { method: 'POST', body: 'x' })).rejects.toThrow(
        /could not reach the origin, and could not be queued/,
      );
    } finally {
      open.mockRestore();
    }
  });
});
