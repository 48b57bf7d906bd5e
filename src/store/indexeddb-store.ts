// The CacheStore contract on IndexedDB (via idb): metadata in `entries`, bodies in `bodies`.
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits, StoreStats } from './cache-store';
import { measuredEntry } from './entry-size';
import { IndexedDBConnection } from './indexeddb-connection';
import { type CacheTransaction, inTransaction } from './indexeddb-transaction';
import type { StoreErrorHandler } from './store-errors';
import {
  optionalFunction,
  optionalNonEmptyString,
  optionalPositiveInteger,
} from './validate-options';

/** Options of {@link IndexedDBStore}. */
export interface IndexedDBStoreOptions {
  /** Database name. Default `'cached-fetch'`. */
  name?: string;
  /** How long opening may take before it rejects with a `StoreOpenError`. Default 3000 ms. */
  openTimeoutMs?: number;
  /**
   * Told about trouble the store handles itself: a `blocked` upgrade (it keeps waiting), a lost
   * connection (it reopens once and retries). Failures it cannot handle reject the call instead.
   */
  onError?: StoreErrorHandler;
}

export const DEFAULT_DATABASE_NAME = 'cached-fetch';
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;

/**
 * A {@link CacheStore} persisted in IndexedDB, so cached responses survive reloads.
 *
 * Two object stores, written together: `entries` (metadata, indexed by key, variant, last use and
 * partition) and `bodies` (one `ArrayBuffer` per entry id). A lookup reads only `entries`, a hit
 * reads one body, a 304 (`update`) writes only `entries`. Every method runs in one transaction
 * that commits whole or not at all.
 *
 * The connection is opened on first use and cached. It closes itself when another tab upgrades or
 * deletes the database, reopens once when the browser dropped it, and gives up with a
 * `StoreOpenError` when opening fails or takes longer than `openTimeoutMs`. Older schema versions
 * are migrated forward on open, keeping their entries. Use `createDefaultStore` to fall
 * back to memory when IndexedDB cannot be opened.
 *
 * @throws TypeError at construction when an option is invalid.
 */
export class IndexedDBStore implements CacheStore {
  /** The database name this store opens. */
  readonly name: string;
  readonly #connection: IndexedDBConnection;

  constructor(options: IndexedDBStoreOptions = {}) {
    this.name = optionalNonEmptyString('name', options.name) ?? DEFAULT_DATABASE_NAME;
    const openTimeoutMs =
      optionalPositiveInteger('openTimeoutMs', options.openTimeoutMs) ?? DEFAULT_OPEN_TIMEOUT_MS;
    const onError = optionalFunction('onError', options.onError);
    this.#connection = new IndexedDBConnection({ name: this.name, openTimeoutMs, onError });
  }

  getVariants(key: string): Promise<CacheEntry[]> {
    return this.#connection.run('getVariants', (db) =>
      inTransaction(db, ['entries'], 'readonly', (tx) =>
        tx.objectStore('entries').index('key').getAll(key),
      ),
    );
  }

  getBody(id: string): Promise<ArrayBuffer | undefined> {
    return this.#connection.run('getBody', (db) =>
      inTransaction(db, ['bodies'], 'readonly', (tx) => tx.objectStore('bodies').get(id)),
    );
  }

  put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    const stored = measuredEntry(entry, body.byteLength);
    return this.#connection.run('put', (db) =>
      inTransaction(db, ['entries', 'bodies'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        const bodies = tx.objectStore('bodies');
        // The variant we replace, and whatever already sits under our id, go in this same
        // transaction: a failed put keeps them, a committed one leaves no orphan body behind.
        const [sameVariant, sameId] = await Promise.all([
          entries.index('variant').getAllKeys([stored.key, stored.secondaryKey]),
          entries.getKey(stored.id),
        ]);
        const replaced = [...new Set([...sameVariant, ...(sameId === undefined ? [] : [sameId])])];
        const writes: Promise<unknown>[] = [];
        try {
          for (const id of replaced) {
            writes.push(entries.delete(id));
            writes.push(bodies.delete(id));
          }
          // Either put may throw synchronously (DataCloneError): inTransaction then aborts,
          // which also undoes the writes above. One push per request, so none escapes `writes`.
          writes.push(entries.put(stored));
          writes.push(bodies.put(body, stored.id));
        } finally {
          // The abort fails the requests already issued: observe them so none rejects unhandled.
          for (const write of writes) write.catch(() => {});
        }
        await Promise.all(writes);
        return replaced;
      }),
    );
  }

  update(id: string, response: StoredResponse): Promise<boolean> {
    return this.#connection.run('update', (db) =>
      inTransaction(db, ['entries'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        const current = await entries.get(id);
        if (!current) return false;
        await entries.put(measuredEntry({ ...current, response }, current.bodySize));
        return true;
      }),
    );
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    const latest = new Map<string, number>();
    for (const { id, lastUsed } of uses) latest.set(id, Math.max(lastUsed, latest.get(id) ?? 0));
    if (latest.size === 0) return;
    await this.#connection.run('touch', (db) =>
      inTransaction(db, ['entries'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        await Promise.all(
          [...latest].map(async ([id, lastUsed]) => {
            const entry = await entries.get(id);
            if (entry && lastUsed > entry.lastUsed) await entries.put({ ...entry, lastUsed });
          }),
        );
      }),
    );
  }

  delete(key: string): Promise<string[]> {
    return this.#connection.run('delete', (db) =>
      inTransaction(db, ['entries', 'bodies'], 'readwrite', async (tx) => {
        const ids = await tx.objectStore('entries').index('key').getAllKeys(key);
        await removeAll(tx, ids);
        return ids;
      }),
    );
  }

  clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    return this.#connection.run('clear', (db) =>
      inTransaction(db, ['entries', 'bodies'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        if (partition === undefined) {
          const count = await entries.count();
          await Promise.all([entries.clear(), tx.objectStore('bodies').clear()]);
          return count;
        }
        const ids = await entries.index('partition').getAllKeys(partition);
        await removeAll(tx, ids);
        return ids.length;
      }),
    );
  }

  prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
    return this.#connection.run('prune', (db) =>
      inTransaction(db, ['entries', 'bodies'], 'readwrite', async (tx) => {
        // Walk from the most recently used down (workbox's CacheTimestampsModel does the same):
        // keep entries while both limits hold; from the first that does not fit, evict it and
        // every older one, so eviction is strictly least-recently-used first.
        const removed: CacheEntry[] = [];
        let kept = 0;
        let keptBytes = 0;
        let cursor = await tx.objectStore('entries').index('lastUsed').openCursor(null, 'prev');
        while (cursor) {
          const entry = cursor.value;
          if (
            removed.length === 0 &&
            kept + 1 <= maxEntries &&
            keptBytes + entry.size <= maxBytes
          ) {
            kept += 1;
            keptBytes += entry.size;
          } else {
            removed.push(entry);
          }
          cursor = await cursor.continue();
        }
        await removeAll(
          tx,
          removed.map((entry) => entry.id),
        );
        return removed.reverse();
      }),
    );
  }

  stats(): Promise<StoreStats> {
    return this.#connection.run('stats', (db) =>
      inTransaction(db, ['entries'], 'readonly', async (tx) => {
        let entries = 0;
        let bytes = 0;
        let cursor = await tx.objectStore('entries').openCursor();
        while (cursor) {
          entries += 1;
          bytes += cursor.value.size;
          cursor = await cursor.continue();
        }
        return { entries, bytes };
      }),
    );
  }

  list(filter: { partition?: string } = {}): Promise<CacheEntry[]> {
    return this.#connection.run('list', (db) =>
      inTransaction(db, ['entries'], 'readonly', async (tx) => {
        const entries = tx.objectStore('entries');
        const found =
          filter.partition === undefined
            ? await entries.getAll()
            : await entries.index('partition').getAll(filter.partition);
        return found.sort(byMostRecentUse);
      }),
    );
  }

  /** Closes the connection; the next call reopens it. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}

function byMostRecentUse(a: CacheEntry, b: CacheEntry): number {
  return b.lastUsed - a.lastUsed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type WriteTransaction = CacheTransaction<['entries', 'bodies'], 'readwrite'>;

/** Deletes entries and their bodies together, inside the caller's transaction. */
function removeAll(tx: WriteTransaction, ids: string[]): Promise<unknown> {
  const entries = tx.objectStore('entries');
  const bodies = tx.objectStore('bodies');
  return Promise.all(ids.flatMap((id) => [entries.delete(id), bodies.delete(id)]));
}
