// Schema migrations: databases written by the v1, v2 and v3 layouts (built here with raw IndexedDB)
// are migrated forward on open without losing entries, with their totals computed once, and end up
// with exactly the layout of a fresh one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { measuredEntry, measureEntrySize } from '../../src/store/entry-size';
import {
  HASH_KEY,
  SCHEMA_VERSION,
  TOTALS_KEY,
  type V1Entry,
} from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, storedResponse, text, uniqueName } from './fixtures';
import {
  committed,
  createV1Layout,
  createV2Layout,
  createV3Layout,
  createV4Layout,
  rawDelete,
  rawDump,
  rawGetAll,
  rawLayout,
  rawOpen,
  request,
} from './raw-indexeddb';

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
  await committed(tx);
  db.close();
}

/** The entries of the v2 fixture, as the v2 code stored them (size measured), with their bodies. */
const V2_DATA: [CacheEntry, string][] = [
  [measuredEntry(entry({ id: 'v2-a', key: 'GET /v2/a', lastUsed: 10 }), 3), 'aaa'],
  [
    measuredEntry(entry({ id: 'v2-b', key: 'GET /v2/b', lastUsed: 20, partition: 'p' }), 5),
    'bbbbb',
  ],
  [measuredEntry(entry({ id: 'v2-c', key: 'GET /v2/a', secondaryKey: 'x', lastUsed: 30 }), 1), 'c'],
];

/** A v2 database, as the v2 code created it: `entries` and `bodies`, no totals anywhere. */
async function createV2Fixture(name: string): Promise<void> {
  const db = await rawOpen(name, 2, createV2Layout);
  const tx = db.transaction(['entries', 'bodies'], 'readwrite');
  for (const [stored, body] of V2_DATA) {
    tx.objectStore('entries').put(stored);
    tx.objectStore('bodies').put(bytes(body), stored.id);
  }
  await committed(tx);
  db.close();
}

/**
 * A v3 database, as the v3 code left it: bodies keyed by entry id, totals in meta, one entry whose
 * body is missing and one body no entry owns. `count` entries under one key and others apart.
 */
async function createV3Fixture(name: string, count: number): Promise<CacheEntry[]> {
  const db = await rawOpen(name, 3, createV3Layout);
  const stored: CacheEntry[] = [];
  for (let i = 0; i < count; i++) {
    const id = `v3-${String(i).padStart(4, '0')}`;
    const key = i % 3 === 0 ? 'GET /v3/shared' : `GET /v3/${i}`;
    stored.push(measuredEntry(entry({ id, key, secondaryKey: `s${i}`, lastUsed: i }), 4));
  }
  const tx = db.transaction(['entries', 'bodies', 'meta'], 'readwrite');
  for (const e of stored) tx.objectStore('entries').put(e);
  for (const e of stored.slice(1)) tx.objectStore('bodies').put(bytes(`b${e.id.slice(-3)}`), e.id);
  tx.objectStore('bodies').put(bytes('orphan'), 'v3-orphan');
  tx.objectStore('meta').put({ entries: count, bytes: sizeSum(stored) }, TOTALS_KEY);
  await committed(tx);
  db.close();
  return stored;
}

const sizeSum = (entries: { size: number }[]) => entries.reduce((sum, e) => sum + e.size, 0);

/** An entry of an earlier version as version 5 keeps it: its credentials unknown (decision 0018). */
const asMigrated = (e: CacheEntry): CacheEntry => ({
  ...e,
  response: { ...e.response, credentials: '?' },
});

/** The layout of a database the current code created from nothing. */
async function freshLayout(): Promise<{ version: number; layout: Record<string, string[]> }> {
  const fresh = uniqueName('fresh');
  const freshStore = new IndexedDBStore({ name: fresh });
  await freshStore.stats();
  await freshStore.close();
  const db = await rawOpen(fresh);
  try {
    return { version: db.version, layout: rawLayout(db) };
  } finally {
    db.close();
    await rawDelete(fresh);
  }
}

/**
 * A v4 database, as the v4 code left it (decision 0018's attack: plaintext credentials in
 * secondary keys): a Vary: Authorization entry, an all-headers entry with an API key, an entry
 * varying on Accept-Language, and one without Vary. Returns them, with their bodies.
 */
async function createV4Fixture(name: string): Promise<[CacheEntry, string][]> {
  const data: [CacheEntry, string][] = [
    [
      measuredEntry(
        entry({
          id: 'v4-auth',
          key: 'GET /v4/me',
          secondaryKey: JSON.stringify([['authorization', 'Bearer plain-token-alice']]),
          lastUsed: 10,
        }),
        5,
      ),
      'alice',
    ],
    [
      measuredEntry(
        entry({
          id: 'v4-all',
          key: 'GET /v4/cdn',
          secondaryKey: JSON.stringify([
            ['accept', '*/*'],
            ['x-api-key', 'plain-key-alice'],
          ]),
          lastUsed: 20,
        }),
        3,
      ),
      'cdn',
    ],
    [
      measuredEntry(
        entry({
          id: 'v4-lang',
          key: 'GET /v4/greet',
          secondaryKey: JSON.stringify([['accept-language', 'fr']]),
          lastUsed: 30,
        }),
        7,
      ),
      'bonjour',
    ],
    [measuredEntry(entry({ id: 'v4-none', key: 'GET /v4/plain', lastUsed: 40 }), 5), 'plain'],
  ];
  const db = await rawOpen(name, 4, createV4Layout);
  const tx = db.transaction(['records', 'meta'], 'readwrite');
  for (const [e, body] of data) {
    tx.objectStore('records').put(e, [e.key, e.id, 0]);
    tx.objectStore('records').put({ bodyOf: e.id, body: bytes(body) }, [e.key, e.id, 1]);
  }
  tx.objectStore('meta').put(
    { entries: data.length, bytes: sizeSum(data.map(([e]) => e)) },
    TOTALS_KEY,
  );
  await committed(tx);
  db.close();
  return data;
}

export function describeSchemaMigration(): void {
  describe('IndexedDBStore: schema migration v4 → v5 (no credential at rest, decision 0018)', () => {
    let name = '';
    let store: IndexedDBStore;

    beforeEach(() => {
      name = uniqueName('migration-v4');
      store = new IndexedDBStore({ name });
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    it('drops the entries holding a possible secret, with their bodies, and keeps the others', async () => {
      const data = await createV4Fixture(name);
      const kept = data.slice(2).map(([e]) => e);
      expect(await store.stats()).toEqual({ entries: 2, bytes: sizeSum(kept) });
      expect((await store.list()).map((e) => e.id)).toEqual(['v4-none', 'v4-lang']);
      expect(text(await store.getBody('v4-lang'))).toBe('bonjour');
      expect(await store.getBody('v4-auth')).toBeUndefined();
      expect(await store.getBody('v4-all')).toBeUndefined();
      // Their credentials are unknown: revalidated once before any reuse.
      for (const e of await store.list()) expect(e.response.credentials).toBe('?');
      await store.close();
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated)).toEqual((await freshLayout()).layout);
        const dump = await rawDump(migrated);
        expect(dump).toContain('bonjour');
        expect(dump).not.toContain('plain-token-alice');
        expect(dump).not.toContain('plain-key-alice');
        // The database's hash key, 32 random bytes, made by the upgrade.
        const key = await request(
          migrated.transaction('meta', 'readonly').objectStore('meta').get(HASH_KEY),
        );
        expect((key as ArrayBuffer).byteLength).toBe(32);
      } finally {
        migrated.close();
      }
    });

    it('gives every database its own hash key, the same on every open', async () => {
      const first = await store.hashKey();
      await store.close();
      store = new IndexedDBStore({ name });
      expect(new Uint8Array(await store.hashKey())).toEqual(new Uint8Array(first));
      const otherName = uniqueName('other-key');
      const other = new IndexedDBStore({ name: otherName });
      expect(new Uint8Array(await other.hashKey())).not.toEqual(new Uint8Array(first));
      await other.close();
      await rawDelete(otherName);
    });
  });

  describe('IndexedDBStore: schema migration v3 → v4 (metadata and bodies in one records store)', () => {
    let name = '';
    let store: IndexedDBStore;

    beforeEach(() => {
      name = uniqueName('migration-v3');
      store = new IndexedDBStore({ name });
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    it('moves every entry and body (more than one batch) beside each other under the key, keeps the totals, and drops the orphan', async () => {
      const stored = await createV3Fixture(name, 450);
      expect(await store.stats()).toEqual({ entries: 450, bytes: sizeSum(stored) });
      expect(await store.list()).toEqual([...stored].map(asMigrated).reverse());
      expect(await store.getBody(stored[0]!.id)).toBeUndefined();
      for (const e of stored.slice(1)) {
        expect(text(await store.getBody(e.id))).toBe(`b${e.id.slice(-3)}`);
      }
      const shared = stored.filter((e) => e.key === 'GET /v3/shared');
      const last = shared.at(-1)!;
      const found = await store.lookup(last.key, (variants) =>
        variants.find((v) => v.id === last.id),
      );
      expect(found.variants).toHaveLength(shared.length);
      expect(text(found.body)).toBe(`b${last.id.slice(-3)}`);
      await store.close();
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated)).toEqual((await freshLayout()).layout);
        const tx = migrated.transaction('records', 'readonly');
        const keys = (await request(tx.objectStore('records').getAllKeys())) as unknown[][];
        const bodyKeys = keys.filter((k) => k[2] === 1).map((k) => `${k[0]} ${k[1]}`);
        expect(bodyKeys.sort()).toEqual(
          stored
            .slice(1)
            .map((e) => `${e.key} ${e.id}`)
            .sort(),
        );
        expect(keys.filter((k) => k[2] === 0)).toHaveLength(stored.length);
      } finally {
        migrated.close();
      }
    });

    it('drops a v3 entry that has no key (v3 stored it; v4 cannot key it) and moves the rest', async () => {
      const stored = await createV3Fixture(name, 5);
      const db = await rawOpen(name, 3);
      const broken = { ...stored[2]!, key: undefined };
      const tx = db.transaction('entries', 'readwrite');
      tx.objectStore('entries').put(broken);
      await committed(tx);
      db.close();
      const kept = stored.filter((e) => e !== stored[2]);
      expect(await store.stats()).toEqual({ entries: 4, bytes: sizeSum(kept) });
      expect((await store.list()).map((e) => e.id)).toEqual(kept.map((e) => e.id).reverse());
      expect(text(await store.getBody(stored[3]!.id))).toBe(`b${stored[3]!.id.slice(-3)}`);
    });

    it('migrates an empty v3 database', async () => {
      await createV3Fixture(name, 0);
      expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
      await store.put(entry(), bytes('x'));
      expect((await store.stats()).entries).toBe(1);
    });
  });

  describe('IndexedDBStore: schema migration v1 → v4', () => {
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

    it('keeps every v1 entry, now in the default partition with a measured size, and counts them', async () => {
      const variants = (await store.getVariants(KEY)).sort((a, b) => a.lastUsed - b.lastUsed);
      expect(variants.map((e) => e.id)).toEqual(['json', 'html']);
      for (const e of variants) {
        const { body: _inline, ...metadata } = v1Entry(e.id, e.secondaryKey, e.lastUsed, '');
        expect(e).toEqual({
          ...asMigrated(metadata as CacheEntry),
          bodySize: e.bodySize,
          partition: '',
          size: measureEntrySize(e, e.bodySize),
        });
      }
      expect(text(await store.getBody('json'))).toBe('{"v":1}');
      expect(text(await store.getBody('html'))).toBe('<p>v1</p>');
      expect(await store.getBody('broken')).toBeUndefined();
      expect(await store.stats()).toEqual({ entries: 2, bytes: sizeSum(variants) });
    });

    it('moves the bodies out of the entries and ends with the layout of a fresh database', async () => {
      await store.stats();
      await store.close();
      const fresh = await freshLayout();
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(fresh.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated)).toEqual({
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
        expect(rawLayout(migrated)).toEqual(fresh.layout);
        const records = (await rawGetAll(migrated, 'records')) as Record<string, unknown>[];
        const metadata = records.filter((record) => 'response' in record);
        expect(metadata).toHaveLength(2);
        for (const record of metadata) expect(record).not.toHaveProperty('body');
        expect(records.filter((record) => 'bodyOf' in record)).toHaveLength(2);
      } finally {
        migrated.close();
      }
    });

    it('serves migrated entries with the new indexes: variant replacement, partitions, LRU', async () => {
      const replacement = entry({ key: KEY, secondaryKey: 'accept=json', lastUsed: 50 });
      expect(await store.put(replacement, bytes('{"v":2}'))).toEqual(['json']);
      expect(await store.clear({ partition: 'someone' })).toBe(0);
      expect((await store.prune({ maxEntries: 1 })).map((e) => e.id)).toEqual(['html']);
      expect((await store.getVariants(KEY)).map((e) => e.id)).toEqual([replacement.id]);
      expect(await store.stats()).toEqual({ entries: 1, bytes: sizeSum(await store.list()) });
      expect(await store.clear({ partition: '' })).toBe(1);
    });

    it.each([1, 2])(
      'rebuilds a v%i database that lost its object stores (Safari) instead of failing',
      async (version) => {
        const hollow = uniqueName('hollow');
        (await rawOpen(hollow, version)).close();
        const repaired = new IndexedDBStore({ name: hollow });
        try {
          await repaired.put(entry(), bytes('x'));
          expect((await repaired.stats()).entries).toBe(1);
        } finally {
          await repaired.close();
          await rawDelete(hollow);
        }
      },
    );
  });

  describe('IndexedDBStore: schema migration v2 → v4', () => {
    let name = '';
    let store: IndexedDBStore;

    beforeEach(async () => {
      name = uniqueName('migration-v2');
      await createV2Fixture(name);
      store = new IndexedDBStore({ name });
    });

    afterEach(async () => {
      await store.close();
      await rawDelete(name);
    });

    it('keeps every v2 entry and body unchanged, and computes the totals from them', async () => {
      const stored = V2_DATA.map(([e]) => e);
      expect(await store.stats()).toEqual({ entries: 3, bytes: sizeSum(stored) });
      expect(await store.list()).toEqual([...stored].map(asMigrated).reverse());
      for (const [e, body] of V2_DATA) expect(text(await store.getBody(e.id))).toBe(body);
    });

    it('ends with the layout of a fresh database, the totals stored in meta by the migration', async () => {
      await store.getVariants('GET /v2/a'); // opens (migrates) without reading or writing totals
      await store.close();
      const fresh = await freshLayout();
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated)).toEqual(fresh.layout);
        const meta = migrated.transaction('meta', 'readonly').objectStore('meta');
        expect(await request(meta.get(TOTALS_KEY))).toEqual({
          entries: 3,
          bytes: sizeSum(V2_DATA.map(([e]) => e)),
        });
      } finally {
        migrated.close();
      }
    });

    it('keeps the migrated totals exact through later writes', async () => {
      await store.put(entry({ key: 'GET /v2/a', secondaryKey: '' }), bytes('replaced'));
      await store.update('v2-c', storedResponse({ headers: [['x-new', 'y'.repeat(30)]] }));
      expect((await store.prune({ maxEntries: 2 })).map((e) => e.id)).toEqual(['v2-b']);
      expect(await store.stats()).toEqual({ entries: 2, bytes: sizeSum(await store.list()) });
    });
  });

  describe('IndexedDBStore: schema migration v7 → v8 (the searchBase index, No-Vary-Search; decision 0025)', () => {
    let name = '';

    afterEach(async () => {
      await rawDelete(name);
    });

    it('gives each complete entry with a No-Vary-Search field its searchBase, and indexes it', async () => {
      name = uniqueName('migration-v7');
      const key = (partition: string, url: string) => JSON.stringify([partition, 'GET', url]);
      const nvs: [string, string] = ['no-vary-search', 'params=("utm_source")'];
      const data = [
        entry({
          id: 'nvs',
          key: key('', 'https://example.test/search?q=shoes&utm_source=a'),
          response: storedResponse({ headers: [['etag', '"1"'], nvs] }),
        }),
        entry({
          id: 'nvs-bob',
          key: key('bob', 'https://example.test/search?utm_source=b'),
          partition: 'bob',
          response: storedResponse({ headers: [nvs] }),
        }),
        // Unparsable, but carried: a candidate; the lookup parses it and ignores it.
        entry({
          id: 'odd',
          key: key('', 'https://example.test/search#frag'),
          response: storedResponse({ headers: [['no-vary-search', '"?"']] }),
        }),
        entry({
          id: 'parts',
          key: key('', 'https://example.test/search?part'),
          response: storedResponse({
            status: 206,
            headers: [nvs],
            partial: { completeLength: 10, segments: [{ start: 0, end: 0 }] },
          }),
        }),
        entry({ id: 'plain', key: key('', 'https://example.test/search?plain') }),
        entry({ id: 'unkeyed', key: 'not json', response: storedResponse({ headers: [nvs] }) }),
      ].map((e) => measuredEntry(e, 1));
      // Version 7's layout (the outbox store aside: the upgrade makes it if missing).
      const db = await rawOpen(name, 7, (database, upgrade) => {
        createV4Layout(database);
        upgrade
          .objectStore('records')
          .createIndex('groups', 'response.groups', { multiEntry: true });
      });
      db.close();
      const seeded = await rawOpen(name);
      const tx = seeded.transaction(['records', 'meta'], 'readwrite');
      for (const e of data) {
        tx.objectStore('records').put(e, [e.key, e.id, 0]);
        tx.objectStore('records').put({ bodyOf: e.id, body: bytes('x') }, [e.key, e.id, 1]);
      }
      tx.objectStore('meta').put({ entries: data.length, bytes: sizeSum(data) }, TOTALS_KEY);
      await committed(tx);
      seeded.close();

      const store = new IndexedDBStore({ name });
      try {
        const base = 'https://example.test/search';
        const ids = async (filter: { searchBase: string; partition?: string }) =>
          (await store.list(filter)).map((e) => e.id).sort();
        expect(await ids({ searchBase: base })).toEqual(['nvs', 'nvs-bob', 'odd']);
        expect(await ids({ searchBase: base, partition: '' })).toEqual(['nvs', 'odd']);
        expect(await ids({ searchBase: base, partition: 'bob' })).toEqual(['nvs-bob']);
        const [migrated] = await store.getVariants(data[0]!.key);
        expect(migrated).toEqual({ ...data[0], searchBase: base });
        // Nothing else moved: the totals, the bodies, the other entries.
        expect(await store.stats()).toEqual({ entries: data.length, bytes: sizeSum(data) });
        expect((await store.getVariants(data[4]!.key))[0]).toEqual(data[4]);
        expect(text(await store.getBody('parts'))).toBe('x');
      } finally {
        await store.close();
      }
      const migrated = await rawOpen(name);
      try {
        expect(migrated.version).toBe(SCHEMA_VERSION);
        expect(rawLayout(migrated)).toEqual((await freshLayout()).layout);
      } finally {
        migrated.close();
      }
    });
  });
}
