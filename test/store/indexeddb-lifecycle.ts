// The connection's life: a connection lost behind the store's back, another tab deleting or
// upgrading the database, a blocked upgrade, an open that never finishes, missing object stores.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { openEarly, takeEarly } from '../../src/store/open-early';
import { StoreOpenError } from '../../src/store/store-errors';
import { bytes, entry, uniqueName } from './fixtures';
import { createV1Layout, rawDelete, rawOpen } from './raw-indexeddb';

/** Records every `indexedDB.open` request; `onOpened` runs first on each successful open. */
function spyOnOpens(onOpened: (db: IDBDatabase) => void = () => {}) {
  const original = IDBFactory.prototype.open;
  const requests: IDBOpenDBRequest[] = [];
  const spy = vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
    const req = original.call(indexedDB, name, version);
    req.addEventListener('success', () => onOpened(req.result));
    requests.push(req);
    return req;
  });
  return { requests, restore: () => spy.mockRestore() };
}

export function describeIndexedDBLifecycle(): void {
  describe('IndexedDBStore: connection lifecycle', () => {
    let name = '';
    let store: IndexedDBStore;
    let cleanup: (() => void)[] = [];
    const onError = vi.fn();

    beforeEach(() => {
      name = uniqueName('lifecycle');
      onError.mockReset();
      cleanup = [];
    });

    afterEach(async () => {
      for (const undo of cleanup) undo();
      await store?.close();
      // Not blocked: no connection of ours is left open, not even an abandoned one.
      expect(await rawDelete(name)).toEqual({ blocked: false });
    });

    it('reopens once when the browser closed its connection, retries, and reports it', async () => {
      const opens = spyOnOpens();
      cleanup.push(opens.restore);
      store = new IndexedDBStore({ name, onError });
      const written = entry();
      await store.put(written, bytes('x'));
      opens.requests[0]!.result.close(); // what Safari does to long-lived connections
      expect((await store.getVariants(written.key)).map((e) => e.id)).toEqual([written.id]);
      expect(opens.requests).toHaveLength(2);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'InvalidStateError' });
      expect(onError.mock.calls[0]![1]).toEqual({ operation: 'getVariants', recovery: 'retry' });
    });

    it('gives up after one reopen when the new connection is lost too', async () => {
      const opens = spyOnOpens((db) => db.close());
      cleanup.push(opens.restore);
      store = new IndexedDBStore({ name, onError });
      await expect(store.stats()).rejects.toMatchObject({ name: 'InvalidStateError' });
      expect(opens.requests).toHaveLength(2);
    });

    describe('opened early, as a cached fetch is created (open-early.ts, decision 0027)', () => {
      it('takes the early connection at its schema version: one open, and it still steps aside', async () => {
        store = new IndexedDBStore({ name, onError });
        const written = entry();
        await store.put(written, bytes('x'));
        await store.close();
        const opens = spyOnOpens();
        cleanup.push(opens.restore);
        openEarly(name);
        store = new IndexedDBStore({ name, onError });
        expect((await store.getVariants(written.key)).map((e) => e.id)).toEqual([written.id]);
        expect(opens.requests).toHaveLength(1);
        expect(await rawDelete(name)).toEqual({ blocked: false }); // closes on versionchange
        expect(await store.getVariants(written.key)).toEqual([]);
        expect(onError).not.toHaveBeenCalled();
      });

      it('creates nothing itself: a database that did not exist is created by the store', async () => {
        openEarly(name);
        await Promise.resolve(takeEarly(name)).then((db) => expect(db).toBeUndefined());
        openEarly(name);
        store = new IndexedDBStore({ name, onError });
        await store.put(entry(), bytes('x'));
        expect((await store.stats()).entries).toBe(1);
        const db = await rawOpen(name);
        expect(db.version).toBe(SCHEMA_VERSION);
        db.close();
      });

      it('reopens at the schema version a database found older (the store migrates it)', async () => {
        (await rawOpen(name, 1, createV1Layout)).close();
        openEarly(name);
        store = new IndexedDBStore({ name, onError });
        expect((await store.stats()).entries).toBe(0);
        const db = await rawOpen(name);
        expect(db.version).toBe(SCHEMA_VERSION);
        db.close();
      });

      it('is not handed over once another tab deleted the database under it (closed on versionchange)', async () => {
        store = new IndexedDBStore({ name, onError });
        await store.put(entry(), bytes('x'));
        await store.close();
        openEarly(name);
        // Queued after the early open: that connection opens, then closes for the delete.
        expect(await rawDelete(name)).toEqual({ blocked: false });
        store = new IndexedDBStore({ name, onError });
        expect((await store.stats()).entries).toBe(0);
        await store.put(entry(), bytes('y'));
        expect((await store.stats()).entries).toBe(1);
        expect(onError).not.toHaveBeenCalled();
      });

      it('is closed by the store closing before its first use (no connection left behind)', async () => {
        store = new IndexedDBStore({ name, onError });
        await store.stats();
        await store.close();
        openEarly(name);
        store = new IndexedDBStore({ name, onError });
        await store.close();
        // The close took the early open (and closes it once it lands): nothing is left to take.
        expect(takeEarly(name)).toBeUndefined();
      });
    });

    it('lets another tab delete the database (closes on versionchange), then reopens it empty', async () => {
      store = new IndexedDBStore({ name, onError });
      const written = entry();
      await store.put(written, bytes('x'));
      expect(await rawDelete(name)).toEqual({ blocked: false });
      expect(await store.getVariants(written.key)).toEqual([]);
      await store.put(written, bytes('again'));
      expect((await store.stats()).entries).toBe(1);
      expect(onError).not.toHaveBeenCalled();
    });

    it('lets another tab upgrade the database, then rejects (never hangs) on the newer version', async () => {
      store = new IndexedDBStore({ name, onError });
      await store.stats();
      let blocked = false;
      const newer = await rawOpen(name, SCHEMA_VERSION + 1, undefined, () => {
        blocked = true;
      });
      newer.close();
      expect(blocked).toBe(false);
      await expect(store.stats()).rejects.toBeInstanceOf(StoreOpenError);
    });

    it('reports a blocked upgrade and opens as soon as the blocking tab closes', async () => {
      const blocker = await rawOpen(name, 1, createV1Layout); // an old tab, deaf to versionchange
      store = new IndexedDBStore({ name, onError, openTimeoutMs: 5_000 });
      const stats = store.stats();
      await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
      expect(onError.mock.calls[0]![0].message).toMatch(/blocked by a connection at version 1/);
      expect(onError.mock.calls[0]![1]).toEqual({ operation: 'open', recovery: 'retry' });
      blocker.close();
      await expect(stats).resolves.toEqual({ entries: 0, bytes: 0 });
    });

    it('rejects with StoreOpenError when the open outlasts openTimeoutMs, and retries on the next call', async () => {
      const blocker = await rawOpen(name, 1, createV1Layout);
      const opens = spyOnOpens();
      cleanup.push(opens.restore);
      store = new IndexedDBStore({ name, onError, openTimeoutMs: 100 });
      const started = performance.now();
      const failure = await store.stats().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreOpenError);
      expect((failure as Error).message).toMatch(/did not open within 100 ms/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      blocker.close();
      await expect(store.stats()).resolves.toEqual({ entries: 0, bytes: 0 });
      // The open given up on completed after all: the store closed that orphan connection.
      const abandoned = opens.requests[0]!;
      await vi.waitFor(() => expect(abandoned.readyState).toBe('done'));
      // InvalidStateError: the connection is closed (a missing store would be NotFoundError).
      await vi.waitFor(() =>
        expect(() => abandoned.result.transaction('records')).toThrow(
          expect.objectContaining({ name: 'InvalidStateError' }),
        ),
      );
    });

    it('refuses a database that opens without its object stores', async () => {
      // The current version, but no object stores (a Safari failure): no upgrade runs to repair it.
      (await rawOpen(name, SCHEMA_VERSION)).close();
      store = new IndexedDBStore({ name, onError });
      await expect(store.stats()).rejects.toThrow(/missing its object stores/);
      await expect(store.stats()).rejects.toBeInstanceOf(StoreOpenError);
    });
  });
}
