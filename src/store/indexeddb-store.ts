// The CacheStore contract on IndexedDB (via idb): metadata and body records side by side in `records`.
// What a hit reads is here; the writes, eviction and totals load on first need (./indexeddb-writes,
// through ./indexeddb-writes-chunk, which keeps the calls in order meanwhile).
import type { IDBPObjectStore, StoreNames } from 'idb';
import { optionalPositiveInteger } from '../options/positive-integer-option';
import { isStorageBucket, STORAGE_BUCKET } from '../options/storage-bucket-option';
import { invalidOption } from '../options/validate-options';
import type { StoredResponse } from '../policy/snapshot';
import type {
  CacheEntry,
  CacheStore,
  EquivalentsQuery,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreListFilter,
  StoreStats,
  WipedDetail,
} from './cache-store';
import { newHashKey } from './hash-key';
import { IndexedDBConnection } from './indexeddb-connection';
import { chooseIn } from './indexeddb-records';
import {
  type BodyRecord,
  type CacheDB,
  HASH_KEY,
  isHashKey,
  type KeyRecords,
  metadataKey,
  primaryKeyRange,
  TOTALS_KEY,
} from './indexeddb-schema';
import { allPartitionTotals, partitionRange } from './indexeddb-schema-v9';
import { type CacheTransaction, inTransaction, requestsTogether } from './indexeddb-transaction';
import type { StoreAccess } from './indexeddb-writes';
import { CallOrder, loadWritesSoon, type Writes } from './indexeddb-writes-chunk';
import { lookupBatch } from './lookup-batch';
import { byMostRecentUse } from './lru-order';
import { DEFAULT_DATABASE_NAME } from './open-early';
import {
  DatabasePlace,
  type StorageBucketOptions,
  type StorageManagerLike,
} from './storage-bucket';
import { notify, type StoreErrorHandler } from './store-errors';
import { optionalFunction, optionalNonEmptyString } from './store-option-checks';

/** Options of {@link IndexedDBStore}. */
export interface IndexedDBStoreOptions {
  /** Database name. Default `'cached-fetch'`. */
  name?: string | undefined;
  /** How long opening may take before calls reject (error name 'StoreOpenError'). Default 3000 ms. */
  openTimeoutMs?: number | undefined;
  /**
   * Told about trouble the store handles itself: a `blocked` upgrade (it keeps waiting), a lost
   * connection (it reopens once and retries). Failures it cannot handle reject the call instead.
   */
  onError?: StoreErrorHandler | undefined;
  /**
   * Keep the database in a Storage Bucket of its own where the browser has them (Chromium): its
   * own quota and eviction, apart from the origin's other data. A name, or the bucket's options.
   * Elsewhere (Firefox, Safari, Node), or if the bucket cannot be opened (reported through
   * `onError`, with recovery `'skipped'`), the origin's default storage. Default: the default storage.
   */
  bucket?: string | StorageBucketOptions | undefined;
}

export { DEFAULT_DATABASE_NAME };
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;

/**
 * A {@link CacheStore} persisted in IndexedDB, so cached responses survive reloads.
 *
 * One object store, `records`, holds each entry as two records side by side under its primary key:
 * its metadata (indexed by id, key, variant, last use and partition) and its body (an
 * `ArrayBuffer`, or a `Blob` from 32 KiB up where Blobs survive cloning); running totals in `meta`
 * move in the same transaction as every change to the metadata. A hit is one request (the key's
 * records), `getVariants` and `list` read only metadata, a 304 (`update`) writes one metadata
 * record and the totals, never a body; `stats()` and a `prune()` within the limits read only the
 * totals. Every method runs in one transaction (prune: a read of the totals, then one) that
 * commits whole or not at all.
 *
 * The connection is opened on first use and cached. It closes itself when another tab upgrades or
 * deletes the database, reopens once when the browser dropped it, and gives up with an error
 * whose name is 'StoreOpenError' when opening fails or takes longer than `openTimeoutMs`. Older schema
 * versions are migrated forward on open, keeping their entries. The default store of a cached
 * fetch falls back to memory when IndexedDB cannot be opened.
 *
 * @throws TypeError at construction when an option is invalid.
 */
export class IndexedDBStore implements CacheStore {
  /** Kept across reloads and restarts (as long as the browser keeps the origin's storage). */
  readonly persistent = true;
  /** `prune({ partition })` and `stats({ partition })` on each partition's totals (version 9). */
  readonly prunesPartitions = true;
  /** The database name this store opens. */
  readonly name: string;
  readonly #connection: IndexedDBConnection;
  readonly #place: DatabasePlace;
  /** The totals as last read, and when: what a wipe reports as lost. */
  #lastSeen: (StoreStats & { at: number }) | undefined;
  readonly #wipeListeners = new Set<(lost: WipedDetail) => void>();

  constructor(options: IndexedDBStoreOptions = {}) {
    this.name = optionalNonEmptyString('name', options.name) ?? DEFAULT_DATABASE_NAME;
    const openTimeoutMs =
      optionalPositiveInteger('openTimeoutMs', options.openTimeoutMs) ?? DEFAULT_OPEN_TIMEOUT_MS;
    const onError = optionalFunction('onError', options.onError);
    const { bucket } = options;
    if (bucket !== undefined && !isStorageBucket(bucket)) {
      invalidOption('bucket', STORAGE_BUCKET, bucket);
    }
    const place = new DatabasePlace(typeof bucket === 'string' ? { name: bucket } : bucket);
    this.#place = place;
    this.#connection = new IndexedDBConnection({
      name: this.name,
      openTimeoutMs,
      onError,
      onWiped: () => this.#wiped(),
      factory:
        bucket === undefined
          ? undefined
          : () =>
              place.factory((error) =>
                notify(onError, error, { operation: 'open', recovery: 'skipped' }),
              ),
    });
  }

  /**
   * The Storage Bucket its database is in, once opened (see the `bucket` option); undefined while
   * in the origin's default storage.
   */
  get bucket(): string | undefined {
    return this.#place.bucket;
  }

  /**
   * What to ask whether the storage is kept, its usage and quota: its bucket when in one, else the
   * origin's `navigator.storage` (undefined where there is none).
   */
  async storage(): Promise<StorageManagerLike | undefined> {
    // Where the database is, the bucket or not, is known once it has opened: before its first
    // open, `stats()` would report the origin's storage for a database in a bucket. (A failed
    // open is reported by the operation that needs it: here it only means "the origin's".)
    await this.#connection.database().catch(() => {});
    return this.#place.storage();
  }

  /** Calls `listener` once per loss of the database (deleted behind this store's back). */
  watchWipes(listener: (lost: WipedDetail) => void): void {
    this.#wipeListeners.add(listener);
  }

  #wiped(): void {
    const seen = this.#lastSeen;
    this.#lastSeen = undefined;
    const lost = { entries: seen?.entries ?? 0, bytes: seen?.bytes ?? 0, lastSeen: seen?.at };
    for (const listener of this.#wipeListeners) listener(lost);
  }

  /** What the writes chunk works with: this store's transactions, and where totals read go. */
  readonly #access: StoreAccess = {
    transaction: (operation, names, mode, work) => this.#transaction(operation, names, mode, work),
    seen: ({ entries, bytes }) => {
      this.#lastSeen = { entries, bytes, at: Date.now() };
    },
  };

  /** This store's calls in call order while one waits for the writes chunk (./indexeddb-writes-chunk). */
  readonly #order = new CallOrder();

  /**
   * `call` with the writes chunk. A lookup called after a write reads in a transaction created
   * after the write's: the batch of lookups still gathering (the database opening) is closed.
   */
  #write<T>(call: (writes: Writes) => Promise<T>, withoutChunk?: () => Promise<T>): Promise<T> {
    return this.#order.write((writes) => {
      this.#lookups.close();
      this.#lists.close();
      return call(writes);
    }, withoutChunk);
  }

  /** `work` in one transaction over `names`, on the connection (reopened if it was lost). */
  #transaction<N extends StoreNames<CacheDB>[], M extends IDBTransactionMode, T>(
    operation: string,
    names: N,
    mode: M,
    work: (tx: CacheTransaction<N, M>) => Promise<T>,
  ): Promise<T> {
    return this.#connection.run(operation, (db) => inTransaction(db, names, mode, work));
  }

  getVariants(key: string): Promise<CacheEntry[]> {
    return this.#order.run(() =>
      this.#transaction(
        'getVariants',
        ['records'],
        'readonly',
        (tx) => tx.objectStore('records').index('key').getAll(key) as Metadata,
      ),
    );
  }

  /** Lookups issued together: one read transaction for all (./lookup-batch). */
  readonly #lookups = lookupBatch<LookupQuery, LookupResult>((take) =>
    this.#transaction('lookup', ['records'], 'readonly', (tx) => {
      const records = tx.objectStore('records');
      return Promise.all(
        take().map(async ({ key, choose, equivalents }) => {
          try {
            const value = chooseIn(await records.getAll(primaryKeyRange(key)), choose);
            // A miss's No-Vary-Search candidates, in the same transaction (what `list` reads).
            if (equivalents?.missed(value)) {
              const { searchBase, partition } = equivalents;
              value.candidates = await listIn(records, { searchBase, partition });
            }
            // After a hit, the writes load at idle (after its data), for the page's later 304s
            // and misses. Not after a miss: the idle of its round trip would put them before
            // its data; its own put loads them (decision 0027, "Fifth pass").
            if (value.chosen) loadWritesSoon();
            return { value };
          } catch (error) {
            return { error };
          }
        }),
      );
    }),
  );

  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
    equivalents?: EquivalentsQuery,
  ): Promise<LookupResult> {
    // One request per key: the metadata and body records of `key` sit side by side under the key
    // range [key]. Every variant's body comes along, whichever `choose` picks: each is a Blob
    // handle or at most 32 KiB, and most keys have one variant. `choose` is synchronous.
    return this.#order.run(() => this.#lookups.read({ key, choose, equivalents }));
  }

  getBody(id: string): Promise<StoredBody | undefined> {
    return this.#order.run(() =>
      this.#transaction('getBody', ['records'], 'readonly', async (tx) => {
        const record = await tx.objectStore('records').index('bodyOf').get(id);
        return (record as BodyRecord | undefined)?.body;
      }),
    );
  }

  put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    return this.#write((writes) => writes.put(this.#access, entry, body));
  }

  /** Re-measures `size` (the new headers count against `maxBytes`) and moves the totals by the difference. */
  update(id: string, response: StoredResponse): Promise<boolean> {
    return this.#write((writes) => writes.update(this.#access, id, response));
  }

  touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    // Here, not with the writes: the uses of a page's hits are written while it reads.
    return this.#order.run(async () => {
      const latest = new Map<string, number>();
      for (const { id, lastUsed } of uses) latest.set(id, Math.max(lastUsed, latest.get(id) ?? 0));
      if (latest.size === 0) return;
      await this.#transaction('touch', ['records'], 'readwrite', async (tx) => {
        const records = tx.objectStore('records');
        await Promise.all(
          [...latest].map(async ([id, lastUsed]) => {
            const entry = (await records.index('id').get(id)) as CacheEntry | undefined;
            if (entry && lastUsed > entry.lastUsed) {
              await records.put({ ...entry, lastUsed }, metadataKey(entry));
            }
          }),
        );
      });
    });
  }

  delete(key: string): Promise<string[]> {
    return this.#write((writes) => writes.deleteKey(this.#access, key));
  }

  clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    // A logout must not depend on one more file having loaded (decision 0027): emptying the whole
    // store needs nothing of the writes chunk, and a partition's clear whose chunk cannot load
    // (offline before it ever loaded) empties the whole store: more than asked, never less.
    if (partition === undefined) return this.#order.run(() => this.#wipe());
    return this.#write(
      (writes) => writes.clearPartition(this.#access, partition),
      () => this.#wipe(),
    );
  }

  /** Every entry and body gone, every total zero (put, not deleted: see addToPartitionTotals). */
  #wipe(): Promise<number> {
    this.#lookups.close();
    this.#lists.close();
    return this.#transaction('clear', ['records', 'meta'], 'readwrite', async (tx) => {
      const records = tx.objectStore('records');
      const meta = tx.objectStore('meta');
      const count = await records.index('id').count();
      await records.clear();
      const zero = { entries: 0, bytes: 0 };
      const partitions = await meta.getAllKeys(allPartitionTotals());
      await requestsTogether([
        () => meta.put(zero, TOTALS_KEY),
        ...partitions.map((key) => () => meta.put(zero, key)),
      ]);
      return count;
    });
  }

  /**
   * Reads the totals first: within the limits, that one read of `meta` (in a readonly
   * transaction, so it holds up no reader of entries or bodies) is all it does. Otherwise it walks
   * the `lastUsed` index (`partitionLru` for one partition's budget) from the oldest entry and
   * stops as soon as the rest fits (see the eviction plan), so its cost grows with what it evicts,
   * not with what is stored.
   *
   * The eviction itself writes nothing: Chromium refuses to commit a transaction that writes any
   * value (even the 20-byte totals) once the origin is at its quota, deletes included in it, so a
   * prune that also put the totals failed exactly when room was needed (issue 25, decision 0026).
   * It deletes the entries and every totals record they counted in (the store's, their
   * partitions') in one transaction, then puts those back in a second one, unless another
   * transaction has written the store's totals meanwhile (every one that moves them recomputes a
   * missing record first, so a record still missing means the value kept for it is exact).
   */
  prune(limits: StoreLimits): Promise<CacheEntry[]> {
    return this.#write((writes) => writes.prune(this.#access, limits));
  }

  /** One read of the running totals; a missing or corrupt record is recomputed once. */
  stats(filter: { partition?: string } = {}): Promise<StoreStats> {
    return this.#write((writes) => writes.stats(this.#access, filter.partition));
  }

  /**
   * Lists made together share one read transaction, as lookups do: a burst of misses asks for its
   * No-Vary-Search equivalents together (issue 24: a transaction of its own for each cost 1,000
   * distinct concurrent misses 1.39-1.47× plain fetch's time, against 1.19× without the query).
   */
  readonly #lists = lookupBatch<StoreListFilter, CacheEntry[]>((take) =>
    this.#transaction('list', ['records'], 'readonly', (tx) =>
      Promise.all(
        take().map(async (filter) => {
          try {
            return { value: await listIn(tx.objectStore('records'), filter) };
          } catch (error) {
            return { error };
          }
        }),
      ),
    ),
  );

  list(filter: StoreListFilter = {}): Promise<CacheEntry[]> {
    // Here, not with the writes: a miss asks for its No-Vary-Search equivalents before it fetches.
    return this.#order.run(() => this.#lists.read(filter));
  }

  /** Each partition once (a key cursor that jumps from partition to partition). */
  partitions(): Promise<string[]> {
    return this.#write((writes) => writes.partitions(this.#access));
  }

  /**
   * The database's key for hashes of credentials (decision 0018): random bytes in `meta`, written
   * by the upgrade to version 5, or here, once, if missing (read and written in one transaction, so
   * two tabs never make two).
   */
  hashKey(): Promise<ArrayBuffer> {
    return this.#order.run(() =>
      this.#transaction('hashKey', ['meta'], 'readwrite', async (tx) => {
        const meta = tx.objectStore('meta') as unknown as KeyRecords;
        const known = await meta.get(HASH_KEY);
        if (isHashKey(known)) return known;
        const key = newHashKey();
        await meta.put(key, HASH_KEY);
        return key;
      }),
    );
  }

  /** Opens the connection now (the store otherwise opens it at its first call). */
  async open(): Promise<void> {
    await this.#connection.database();
  }

  /** After the calls made before it, even those waiting for the writes chunk. */
  close(): Promise<void> {
    return this.#order.run(() => this.#connection.close());
  }
}

/**
 * What an entry index (`id`, `key`, `partition`...) read: metadata records only, since a body
 * record has none of the fields those indexes are on.
 */
type Metadata = Promise<CacheEntry[]>;

interface LookupQuery {
  key: string;
  choose: (variants: CacheEntry[]) => CacheEntry | undefined;
  equivalents: EquivalentsQuery | undefined;
}

/** The entries `filter` names, most recently used first, read from `records` in one request. */
async function listIn(
  records: IDBPObjectStore<CacheDB, StoreNames<CacheDB>[], 'records', 'readonly'>,
  { partition, group, searchBase }: StoreListFilter,
): Promise<CacheEntry[]> {
  // Version 8: `searchBase` indexes [searchBase, partition] (only entries that have one); version
  // 7: `groups` indexes every group of every entry (multiEntry); version 9: `partitionLru` indexes
  // [partition, lastUsed, id].
  const found = await ((searchBase !== undefined
    ? records
        .index('searchBase')
        .getAll(
          partition === undefined
            ? IDBKeyRange.bound([searchBase], [searchBase, []])
            : [searchBase, partition],
        )
    : group !== undefined
      ? records.index('groups').getAll(group)
      : partition === undefined
        ? records.index('id').getAll()
        : records.index('partitionLru').getAll(partitionRange(partition))) as Metadata);
  return found
    .filter(
      (entry) =>
        (partition === undefined || entry.partition === partition) &&
        (group === undefined || entry.response.groups?.includes(group)),
    )
    .sort(byMostRecentUse);
}
