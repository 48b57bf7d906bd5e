// Faults injected beneath idb, into IndexedDB itself: a QuotaExceededError from the browser, and a
// transaction aborted after all its writes were issued. Neither may leave half a put behind.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoreGovernor } from '../../src/store/governor';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, quotaError, text, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

type Put = IDBObjectStore['put'];

/** Makes the next `times` puts of a body record misbehave as `fault` says; returns the undo. */
function faultOnBodyPut(
  times: number,
  fault: (store: IDBObjectStore, put: () => IDBRequest) => IDBRequest,
) {
  const original = IDBObjectStore.prototype.put;
  let remaining = times;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<Put>) {
    const put = () => original.apply(this, args);
    const key = args[1];
    const isBody = this.name === 'records' && Array.isArray(key) && key[2] === 1;
    if (!isBody || remaining === 0) return put();
    remaining -= 1;
    return fault(this, put);
  };
  return () => {
    IDBObjectStore.prototype.put = original;
  };
}

export function describeIndexedDBFaults(): void {
  describe('IndexedDBStore: faults injected into IndexedDB', () => {
    let name = '';
    let store: IndexedDBStore;
    let undo = () => {};
    const old = entry({ secondaryKey: 'v' });

    beforeEach(async () => {
      name = uniqueName('faults');
      store = new IndexedDBStore({ name });
      await store.put(old, bytes('old body'));
    });

    afterEach(async () => {
      undo();
      await store.close();
      await rawDelete(name);
    });

    async function expectOnlyOld(failedId: string) {
      expect((await store.getVariants(old.key)).map((e) => e.id)).toEqual([old.id]);
      expect(text(await store.getBody(old.id))).toBe('old body');
      expect(await store.getBody(failedId)).toBeUndefined();
      expect((await store.stats()).entries).toBe(1);
    }

    it('a QuotaExceededError thrown while writing the body rejects put with it, and undoes the put', async () => {
      undo = faultOnBodyPut(1, () => {
        throw quotaError();
      });
      const next = entry({ secondaryKey: 'v' });
      await expect(store.put(next, bytes('new body'))).rejects.toMatchObject({
        name: 'QuotaExceededError',
      });
      await expectOnlyOld(next.id);
    });

    it('a transaction aborted after every write was issued rejects put and keeps nothing of it', async () => {
      undo = faultOnBodyPut(1, (objectStore, put) => {
        const req = put();
        objectStore.transaction.abort();
        return req;
      });
      const next = entry({ secondaryKey: 'v' });
      await expect(store.put(next, bytes('new body'))).rejects.toMatchObject({
        name: 'AbortError',
      });
      await expectOnlyOld(next.id);
    });

    it('the governor turns a quota error from IndexedDB into eviction and one successful retry', async () => {
      await store.delete(old.key); // four entries of one size: half of them is two
      for (let i = 0; i < 4; i += 1) {
        await store.put(
          entry({ id: `lru-${i}`, key: `GET /lru-${i}`, lastUsed: i + 1 }),
          bytes('x'),
        );
      }
      undo = faultOnBodyPut(1, () => {
        throw quotaError();
      });
      const onEvicted = vi.fn();
      const governor = new StoreGovernor(store, { onEvicted, onError: vi.fn() });
      const fresh = entry({ key: 'GET /fresh', lastUsed: 100 });
      expect(await governor.write(fresh, bytes('fresh'))).toBe('stored');
      await governor.flush();
      expect(
        onEvicted.mock.calls.map(([entries, reason]) => [
          entries.map((e: { id: string }) => e.id),
          reason,
        ]),
      ).toEqual([[['lru-0', 'lru-1'], 'quota']]);
      expect(text(await store.getBody(fresh.id))).toBe('fresh');
      expect((await store.stats()).entries).toBe(3);
    });
  });
}
