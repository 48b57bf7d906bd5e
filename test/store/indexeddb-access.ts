// Proves what each IndexedDBStore method touches, by recording every raw IndexedDB call beneath
// idb: a lookup never reads `bodies`, a 304 update never writes a byte to it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, storedResponse, uniqueName } from './fixtures';
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

function sizeOf(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  return value === undefined ? 0 : JSON.stringify(value).length;
}

/** Patches the IndexedDB prototypes to log every call; returns the log and an undo. */
function recordIndexedDB() {
  const transactions: { stores: string[]; mode: string }[] = [];
  const calls: Call[] = [];
  const undo: (() => void)[] = [];
  function patch(proto: object, method: string, storeOf: (self: never) => string) {
    const target = proto as Record<string, (...args: unknown[]) => unknown>;
    const original = target[method]!;
    target[method] = function (this: never, ...args: unknown[]) {
      const written =
        method === 'put' || method === 'add' || method === 'update' ? args[0] : undefined;
      calls.push({ store: storeOf(this), method, bytes: sizeOf(written) });
      return original.apply(this, args);
    };
    undo.push(() => {
      target[method] = original;
    });
  }
  for (const m of STORE_METHODS) patch(IDBObjectStore.prototype, m, (s: IDBObjectStore) => s.name);
  for (const m of INDEX_METHODS) patch(IDBIndex.prototype, m, (i: IDBIndex) => i.objectStore.name);
  for (const m of CURSOR_METHODS) {
    patch(IDBCursor.prototype, m, (c: IDBCursor) =>
      c.source instanceof IDBIndex ? c.source.objectStore.name : (c.source as IDBObjectStore).name,
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
      expect(log.transactions).toEqual([{ stores: ['bodies', 'entries'], mode: 'readwrite' }]);
      const bodyBytes = log.writesTo('bodies').filter((c) => c.method === 'put');
      expect(bodyBytes.map((c) => c.bytes)).toEqual([body.byteLength]);
      expect(log.writesTo('entries').filter((c) => c.method === 'put')).toHaveLength(1);
    });

    it('getVariants reads only entries: one readonly transaction, no call on bodies', async () => {
      const variants = await store.getVariants(stored.key);
      expect(variants).toHaveLength(1);
      expect(log.transactions).toEqual([{ stores: ['entries'], mode: 'readonly' }]);
      expect(log.on('bodies')).toEqual([]);
      expect(log.on('entries').length).toBeGreaterThan(0);
    });

    it('update (a 304) writes only entries: no body byte is written, the body is not even read', async () => {
      expect(await store.update(stored.id, storedResponse({ responseTime: 5_000 }))).toBe(true);
      expect(log.transactions).toEqual([{ stores: ['entries'], mode: 'readwrite' }]);
      expect(log.on('bodies')).toEqual([]);
      const metadataWrites = log.writesTo('entries');
      expect(metadataWrites).toHaveLength(1);
      expect(metadataWrites[0]!.bytes).toBeLessThan(body.byteLength);
    });

    it('touch writes only entries; getBody reads only bodies', async () => {
      await store.touch([{ id: stored.id, lastUsed: 9_000 }]);
      await store.getBody(stored.id);
      expect(log.transactions).toEqual([
        { stores: ['entries'], mode: 'readwrite' },
        { stores: ['bodies'], mode: 'readonly' },
      ]);
      expect(log.writesTo('bodies')).toEqual([]);
    });
  });
}
