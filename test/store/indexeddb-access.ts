// Proves what each IndexedDBStore method touches, by recording every raw IndexedDB call beneath
// idb: a hit is one request, getVariants never reads a body, a 304 update never writes a byte of
// one, stats() and a prune within the limits read one `meta` record and no entry, a prune reads
// only what it evicts. Calls on `records` are logged as on `entries` (metadata records: keys
// ending in 0, the entry indexes) or `bodies` (keys ending in 1, the `bodyOf` index), and as on
// `records` when they span both (a key range).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, storedResponse, text, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

interface Call {
  store: string;
  method: string;
  /** Bytes of the value a write carried (ArrayBuffer length, or JSON length of metadata). */
  bytes: number;
}

const WRITES = new Set(['add', 'put', 'delete', 'clear', 'update']);
const STORE_METHODS = [
  'add',
  'put',
  'delete',
  'clear',
  'get',
  'getKey',
  'getAll',
  'getAllKeys',
  'count',
  'openCursor',
  'openKeyCursor',
];
const INDEX_METHODS = [
  'get',
  'getKey',
  'getAll',
  'getAllKeys',
  'count',
  'openCursor',
  'openKeyCursor',
];
const CURSOR_METHODS = ['update', 'delete'];
/** Logged once per record a cursor lands on (idb must keep its own `continue`, so not patched). */
const CURSOR_STEP = 'cursor step';

function sizeOf(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Blob) return value.size;
  // A body record (schema v4): the body's bytes and the keys beside it.
  if (value && typeof value === 'object' && 'body' in value) {
    const { body, ...keys } = value;
    return sizeOf(body) + sizeOf(keys);
  }
  return value === undefined ? 0 : JSON.stringify(value).length;
}

/** What a call on a store touches: for `records`, metadata or body records by the key's kind. */
function recordsOf(store: string, key: unknown): string {
  if (store !== 'records' || !Array.isArray(key) || key.length !== 3) return store;
  return key[2] === 0 ? 'entries' : 'bodies';
}

/** The records an index holds: the `bodyOf` index only body records, the others only metadata. */
function indexRecords(index: IDBIndex): string {
  if (index.objectStore.name !== 'records') return index.objectStore.name;
  return index.name === 'bodyOf' ? 'bodies' : 'entries';
}

/** Patches the IndexedDB prototypes to log every call; returns the log and an undo. */
function recordIndexedDB() {
  const transactions: { stores: string[]; mode: string }[] = [];
  const calls: Call[] = [];
  const undo: (() => void)[] = [];
  function patch(proto: object, method: string, storeOf: (self: never, args: unknown[]) => string) {
    const target = proto as Record<string, (...args: unknown[]) => unknown>;
    const original = target[method]!;
    target[method] = function (this: never, ...args: unknown[]) {
      const written =
        method === 'put' || method === 'add' || method === 'update' ? args[0] : undefined;
      const store = storeOf(this, args);
      calls.push({ store, method, bytes: sizeOf(written) });
      const result = original.apply(this, args);
      if (method === 'openCursor' || method === 'openKeyCursor') {
        (result as IDBRequest).addEventListener('success', (event) => {
          const req = event.target as IDBRequest;
          if (req.result) calls.push({ store, method: CURSOR_STEP, bytes: 0 });
        });
      }
      return result;
    };
    undo.push(() => {
      target[method] = original;
    });
  }
  for (const m of STORE_METHODS) {
    patch(IDBObjectStore.prototype, m, (s: IDBObjectStore, args) =>
      recordsOf(s.name, m === 'put' || m === 'add' ? args[1] : args[0]),
    );
  }
  for (const m of INDEX_METHODS) patch(IDBIndex.prototype, m, indexRecords);
  for (const m of CURSOR_METHODS) {
    patch(IDBCursor.prototype, m, (c: IDBCursor) =>
      c.source instanceof IDBIndex ? indexRecords(c.source) : (c.source as IDBObjectStore).name,
    );
  }
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, names, mode, options) {
    const stores = typeof names === 'string' ? [names] : [...names];
    transactions.push({ stores: stores.sort(), mode: mode ?? 'readonly' });
    return transaction.call(this, names, mode, options);
  };
  undo.push(() => {
    IDBDatabase.prototype.transaction = transaction;
  });
  return {
    transactions,
    calls,
    on: (store: string) => calls.filter((c) => c.store === store),
    writesTo: (store: string) => calls.filter((c) => c.store === store && WRITES.has(c.method)),
    /** The calls on `store` other than writes, as `method` names in order. */
    readsOf: (store: string) =>
      calls.filter((c) => c.store === store && !WRITES.has(c.method)).map((c) => c.method),
    reset: () => {
      transactions.length = 0;
      calls.length = 0;
    },
    restore: () => {
      for (const u of undo.reverse()) u();
    },
  };
}

export function describeIndexedDBAccess(): void {
  describe('IndexedDBStore: what each method touches (counted beneath idb)', () => {
    let name = '';
    let store: IndexedDBStore;
    let log: ReturnType<typeof recordIndexedDB>;
    const stored = entry({ secondaryKey: 'v' });
    const body = bytes('b'.repeat(64 * 1024));

    beforeEach(async () => {
      name = uniqueName('access');
      store = new IndexedDBStore({ name });
      await store.put(stored, body);
      log = recordIndexedDB();
    });

    afterEach(async () => {
      log.restore();
      await store.close();
      await rawDelete(name);
    });

    it('put writes entries and the body together, in one readwrite transaction (the counter sees bodies)', async () => {
      await store.put(entry({ secondaryKey: 'w' }), body);
      expect(log.transactions).toEqual([{ stores: ['meta', 'records'], mode: 'readwrite' }]);
      const bodyBytes = log.writesTo('bodies').filter((c) => c.method === 'put');
      expect(bodyBytes).toHaveLength(1);
      expect(bodyBytes[0]!.bytes).toBeGreaterThanOrEqual(body.byteLength);
      expect(log.writesTo('entries').filter((c) => c.method === 'put')).toHaveLength(1);
    });

    it('getVariants reads only entries: one readonly transaction, no call on bodies', async () => {
      const variants = await store.getVariants(stored.key);
      expect(variants).toHaveLength(1);
      expect(log.transactions).toEqual([{ stores: ['records'], mode: 'readonly' }]);
      expect(log.on('bodies')).toEqual([]);
      expect(log.on('records')).toEqual([]);
      expect(log.on('entries').length).toBeGreaterThan(0);
    });

    it('lookup of a hit is one request: the key range of records, variants and bodies together', async () => {
      const result = await store.lookup(stored.key, (variants) => variants[0]);
      expect(result.chosen?.id).toBe(stored.id);
      expect(await new Response(result.body).text()).toBe(text(body));
      expect(log.transactions).toEqual([{ stores: ['records'], mode: 'readonly' }]);
      expect(log.calls.map((c) => `${c.store}.${c.method}`)).toEqual(['records.getAll']);
    });

    it('lookups issued together (a boot burst of 20) share one readonly transaction', async () => {
      const keys = Array.from({ length: 20 }, (_, i) => `GET https://example.test/boot/${i}`);
      for (const key of keys) await store.put(entry({ key }), bytes(key));
      log.reset();
      const results = await Promise.all(
        keys.map((key) => store.lookup(key, (variants) => variants[0])),
      );
      expect(results.map(({ body }) => text(body))).toEqual(keys);
      expect(log.transactions).toEqual([{ stores: ['records'], mode: 'readonly' }]);
      expect(log.calls.filter((c) => c.method === 'getAll')).toHaveLength(20);
    });

    it('lists issued together (a burst of misses asking for No-Vary-Search equivalents) share one readonly transaction', async () => {
      const bases = Array.from({ length: 20 }, (_, i) => `https://example.test/nvs/${i}`);
      for (const [i, searchBase] of bases.entries()) {
        await store.put(entry({ key: `GET ${searchBase}?q=${i}`, searchBase }), bytes('n'));
      }
      log.reset();
      const lists = await Promise.all(
        bases.map((searchBase) => store.list({ searchBase, partition: '' })),
      );
      expect(lists.map((found) => found.map(({ key }) => key))).toEqual(
        bases.map((base, i) => [`GET ${base}?q=${i}`]),
      );
      expect(log.transactions).toEqual([{ stores: ['records'], mode: 'readonly' }]);
    });

    it("a miss's lookup reads its No-Vary-Search candidates in the same transaction, when asked and missed (issue 24)", async () => {
      const searchBase = 'https://example.test/nvs-lookup';
      const candidate = entry({ key: `GET ${searchBase}?q=1`, searchBase });
      await store.put(candidate, bytes('n'));
      log.reset();
      const equivalents = { searchBase, partition: '', missed: () => true };
      const missedLookup = await store.lookup(
        `GET ${searchBase}?q=2`,
        (variants) => variants[0],
        equivalents,
      );
      expect(missedLookup.candidates?.map(({ key }) => key)).toEqual([candidate.key]);
      expect(log.transactions).toEqual([{ stores: ['records'], mode: 'readonly' }]);
      // A hit (missed says no) reads no candidates: one request, as before.
      log.reset();
      const hit = await store.lookup(candidate.key, (variants) => variants[0], {
        ...equivalents,
        missed: () => false,
      });
      expect(hit.candidates).toBeUndefined();
      expect(log.calls.map((c) => `${c.store}.${c.method}`)).toEqual(['records.getAll']);
    });

    it('a list called after a write sees it (the write closes the list batch still gathering)', async () => {
      await store.close();
      const searchBase = 'https://example.test/after-write';
      // Called while the database opens: the list before the put gathers, the one after must not join it.
      const before = store.list({ searchBase, partition: '' });
      const put = store.put(entry({ key: `GET ${searchBase}?a=1`, searchBase }), bytes('w'));
      const after = store.list({ searchBase, partition: '' });
      await put;
      expect((await after).map(({ key }) => key)).toEqual([`GET ${searchBase}?a=1`]);
      expect(await before).toEqual([]);
    });

    it('a lone lookup on an open database starts its transaction at once, not after extra microtasks (issue 21)', async () => {
      // The batch closes when its transaction starts: a lone lookup waits for nothing but the
      // connection (one await), as before batching; the cold-hit bench paid for each wait.
      const read = store.lookup(stored.key, (variants) => variants[0]);
      let microtasks = 0;
      while (log.transactions.length === 0 && microtasks < 10) {
        await Promise.resolve();
        microtasks++;
      }
      expect(microtasks).toBeLessThanOrEqual(1);
      expect((await read).chosen?.id).toBe(stored.id);
    });

    it('lookup is that one request whichever variant is chosen, or none', async () => {
      const other = entry({ key: stored.key, secondaryKey: 'other' });
      await store.put(other, bytes('other body'));
      log.reset();
      const chosen = await store.lookup(stored.key, (variants) =>
        variants.find((v) => v.id === other.id),
      );
      expect(chosen.variants).toHaveLength(2);
      expect(text(chosen.body)).toBe('other body');
      const none = await store.lookup(stored.key, () => undefined);
      expect(none.variants).toHaveLength(2);
      expect(none.body).toBeUndefined();
      expect(log.calls.map((c) => `${c.store}.${c.method}`)).toEqual([
        'records.getAll',
        'records.getAll',
      ]);
      expect(log.calls.filter((c) => WRITES.has(c.method))).toEqual([]);
    });

    it('update (a 304) writes only entries and the totals: no body byte is written, the body is not even read', async () => {
      const longer = storedResponse({ headers: [['x-added-by-304', 'y'.repeat(40)]] });
      expect(await store.update(stored.id, longer)).toBe(true);
      expect(log.transactions).toEqual([{ stores: ['meta', 'records'], mode: 'readwrite' }]);
      expect(log.on('bodies')).toEqual([]);
      expect(log.on('records')).toEqual([]);
      const metadataWrites = log.writesTo('entries');
      expect(metadataWrites).toHaveLength(1);
      expect(metadataWrites[0]!.bytes).toBeLessThan(body.byteLength);
      // The store's totals and the entry's partition's (version 9).
      expect(log.writesTo('meta').map((c) => c.method)).toEqual(['put', 'put']);
    });

    it('touch writes only entries; getBody reads only bodies', async () => {
      await store.touch([{ id: stored.id, lastUsed: 9_000 }]);
      await store.getBody(stored.id);
      expect(log.transactions).toEqual([
        { stores: ['records'], mode: 'readwrite' },
        { stores: ['records'], mode: 'readonly' },
      ]);
      expect(log.writesTo('bodies')).toEqual([]);
      expect(log.readsOf('bodies')).toEqual(['get']);
      expect(log.on('records')).toEqual([]);
      expect(log.on('meta')).toEqual([]);
    });

    it('stats reads one meta record: one readonly transaction, no call on entries or bodies', async () => {
      expect(await store.stats()).toMatchObject({ entries: 1 });
      expect(log.transactions).toEqual([{ stores: ['meta'], mode: 'readonly' }]);
      expect(log.on('meta').map((c) => c.method)).toEqual(['get']);
      expect(log.on('entries')).toEqual([]);
      expect(log.on('bodies')).toEqual([]);
      expect(log.on('records')).toEqual([]);
    });

    it('prune within the limits reads the totals and nothing else: no entry is read, nothing written', async () => {
      await putOldest(50);
      log.reset();
      const { entries, bytes: used } = await store.stats();
      expect(await store.prune({ maxEntries: entries, maxBytes: used })).toEqual([]);
      expect(await store.prune({})).toEqual([]);
      expect(log.transactions).toEqual(Array(3).fill({ stores: ['meta'], mode: 'readonly' }));
      expect(log.on('meta').map((c) => c.method)).toEqual(['get', 'get', 'get']);
      expect(log.on('entries')).toEqual([]);
      expect(log.on('bodies')).toEqual([]);
    });

    it('prune by entry count reads only the entries it evicts, in one request', async () => {
      const oldest = await putOldest(50);
      log.reset();
      const removed = await store.prune({ maxEntries: 51 - 3 });
      expect(removed.map((e) => e.id)).toEqual(oldest.slice(0, 3).map((e) => e.id));
      // The eviction deletes only (it must commit at the quota); the totals are put back after.
      expect(log.transactions).toEqual([
        { stores: ['meta'], mode: 'readonly' },
        { stores: ['meta', 'records'], mode: 'readwrite' },
        { stores: ['meta'], mode: 'readwrite' },
      ]);
      // The store's totals and the evicted entries' partition's (version 9): read, deleted, put back.
      expect(log.on('meta').map((c) => c.method)).toEqual([
        'get',
        'get',
        'get',
        'delete',
        'delete',
        'count',
        'count',
        'put',
        'put',
      ]);
      expect(log.readsOf('entries')).toEqual(['getAll']);
      expect(log.writesTo('entries').map((c) => c.method)).toEqual(Array(3).fill('delete'));
      expect(log.writesTo('bodies').map((c) => c.method)).toEqual(Array(3).fill('delete'));
      expect(log.readsOf('bodies')).toEqual([]);
    });

    it('prune by bytes walks from the oldest entry and stops at the first one it keeps', async () => {
      const oldest = await putOldest(50);
      const { bytes: used } = await store.stats();
      log.reset();
      const maxBytes = used - oldest[0]!.size - oldest[1]!.size;
      const removed = await store.prune({ maxBytes });
      expect(removed.map((e) => e.id)).toEqual([oldest[0]!.id, oldest[1]!.id]);
      // One cursor: on each evicted entry, then on the first one kept; never on the other 48.
      expect(log.readsOf('entries')).toEqual(['openCursor', ...Array(3).fill(CURSOR_STEP)]);
      expect(log.writesTo('entries')).toHaveLength(2);
      expect(await store.stats()).toEqual({ entries: 49, bytes: maxBytes });
    });

    /** Stores `count` entries used before anything else; resolves to them, oldest first. */
    async function putOldest(count: number): Promise<CacheEntry[]> {
      const written: CacheEntry[] = [];
      for (let i = 0; i < count; i += 1) {
        const e = entry({ key: `GET https://example.test/old/${i}`, lastUsed: i });
        await store.put(e, bytes('x'.repeat(10)));
        written.push((await store.getVariants(e.key))[0]!);
      }
      return written;
    }
  });
}
