// The CacheStore contract on IndexedDB (via idb): metadata and body records side by side in `records`.
import type { StoreNames } from 'idb';
import type { StoredResponse } from '../policy/snapshot';
import {
  invalidOption,
  isStorageBucket,
  optionalFunction,
  optionalNonEmptyString,
  optionalPositiveInteger,
  STORAGE_BUCKET,
} from '../validate-options';
import type {
  CacheEntry,
  CacheStore,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreListFilter,
  StoreStats,
  WipedDetail,
} from './cache-store';
import { measuredEntry } from './entry-size';
import { newHashKey } from './hash-key';
import { IndexedDBConnection } from './indexeddb-connection';
import {
  bytesOf,
  type Eviction,
  evictDeletingOnly,
  removeOne,
  withinLimits,
} from './indexeddb-eviction';
import {
  addToPartitionTotals,
  partitionDeltas,
  readPartitionTotals,
  sumPartition,
  zeroPartitionTotals,
} from './indexeddb-partition-totals';
import {
  type BodyRecord,
  bodyKey,
  type CacheDB,
  HASH_KEY,
  isHashKey,
  type KeyRecords,
  metadataKey,
  primaryKeyRange,
  sumEntries,
  TOTALS_KEY,
} from './indexeddb-schema';
import { afterPartition, partitionRange, partitionTotalsKey } from './indexeddb-schema-v9';
import { addToTotals, movedTotals, readTotals, validTotals, writeTotals } from './indexeddb-totals';
import { type CacheTransaction, inTransaction, requestsTogether } from './indexeddb-transaction';
import { lookupBatch } from './lookup-batch';
import { byMostRecentUse } from './lru-order';
import { DEFAULT_DATABASE_NAME } from './open-early';
import {
  DatabasePlace,
  type StorageBucketOptions,
  type StorageManagerLike,
} from './storage-bucket';
import { isQuotaExceeded, notify, type StoreErrorHandler } from './store-errors';

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
  storage(): Promise<StorageManagerLike | undefined> {
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

  /** Keeps totals just read as what a wipe would lose; passes them on. */
  #seen<T>(totals: T): T {
    if (validTotals(totals)) {
      this.#lastSeen = { entries: totals.entries, bytes: totals.bytes, at: Date.now() };
    }
    return totals;
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
    return this.#transaction(
      'getVariants',
      ['records'],
      'readonly',
      (tx) => tx.objectStore('records').index('key').getAll(key) as Metadata,
    );
  }

  /** Lookups issued together: one read transaction for all (./lookup-batch). */
  readonly #lookups = lookupBatch<LookupQuery, LookupResult>((take) =>
    this.#transaction('lookup', ['records'], 'readonly', (tx) => {
      const records = tx.objectStore('records');
      return Promise.all(
        take().map(async ({ key, choose }) => {
          try {
            return { value: chooseIn(await records.getAll(primaryKeyRange(key)), choose) };
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
  ): Promise<LookupResult> {
    // One request per key: the metadata and body records of `key` sit side by side under the key
    // range [key]. Every variant's body comes along, whichever `choose` picks: each is a Blob
    // handle or at most 32 KiB, and most keys have one variant. `choose` is synchronous.
    return this.#lookups.read({ key, choose });
  }

  getBody(id: string): Promise<StoredBody | undefined> {
    return this.#transaction('getBody', ['records'], 'readonly', async (tx) => {
      const record = await tx.objectStore('records').index('bodyOf').get(id);
      return (record as BodyRecord | undefined)?.body;
    });
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    const asBlob = storesAsBlob(body);
    try {
      return await this.#put(entry, body, asBlob ? new Blob([body]) : body);
    } catch (error) {
      // WebKit without persistent storage (Safari's Private Browsing, WebKitGTK under automation)
      // clones Blobs but refuses to store them ("Error preparing Blob/File data to be stored"):
      // keep bodies as ArrayBuffers from then on, and write this one that way.
      // Only that refusal: a lost connection or a full quota is handled as for any other body.
      const name = (error as { name?: string }).name;
      if (!asBlob || (name !== 'UnknownError' && name !== 'DataCloneError')) throw error;
      blobsRefused = true;
      return this.#put(entry, body, body);
    }
  }

  #put(entry: NewCacheEntry, body: ArrayBuffer, storedBody: StoredBody): Promise<string[]> {
    const stored = measuredEntry(entry, body.byteLength);
    return this.#transaction('put', ['records', 'meta'], 'readwrite', async (tx) => {
      const records = tx.objectStore('records');
      // The variant we replace, and whatever already sits under our id (perhaps of another
      // key), go in this same transaction: a failed put keeps them, a committed one leaves no
      // orphan body behind. (The entry indexes hold only metadata records.)
      const [sameVariant, sameId] = (await requestsTogether([
        () => records.index('variant').getAll([stored.key, stored.secondaryKey]),
        () => records.index('id').get(stored.id),
      ] as const)) as [CacheEntry[], CacheEntry | undefined];
      const replaced = new Map<string, CacheEntry>();
      for (const old of [...sameVariant, ...(sameId ? [sameId] : [])]) replaced.set(old.id, old);
      const writes: Promise<unknown>[] = [];
      try {
        for (const old of replaced.values()) {
          writes.push(records.delete(metadataKey(old)));
          writes.push(records.delete(bodyKey(old)));
        }
        // Either put may throw synchronously (DataCloneError): inTransaction then aborts,
        // which also undoes the writes above. One push per request, so none escapes `writes`.
        writes.push(records.put(stored, metadataKey(stored)));
        writes.push(records.put({ bodyOf: stored.id, body: storedBody }, bodyKey(stored)));
      } finally {
        // The abort fails the requests already issued: observe them so none rejects unhandled.
        for (const write of writes) write.catch(() => {});
      }
      await Promise.all(writes);
      const gone = [...replaced.values()];
      // The store's totals and the partitions' side by side: no round trip added to a write.
      await requestsTogether([
        () => addToTotals(tx, { entries: 1 - gone.length, bytes: stored.size - bytesOf(gone) }),
        () => addToPartitionTotals(tx, partitionDeltas([stored], gone)),
      ]);
      return [...replaced.keys()];
    });
  }

  /** Re-measures `size` (the new headers count against `maxBytes`) and moves the totals by the difference. */
  update(id: string, response: StoredResponse): Promise<boolean> {
    // Two round trips: the entry and the totals are read together, then written together (the
    // totals only when the size moved). One small put of metadata: the body record is not touched.
    return this.#transaction('update', ['records', 'meta'], 'readwrite', async (tx) => {
      const records = tx.objectStore('records');
      const [current, totals] = (await requestsTogether([
        () => records.index('id').get(id),
        () => tx.objectStore('meta').get(TOTALS_KEY),
      ] as const)) as [CacheEntry | undefined, unknown];
      if (!current) return false;
      const next = measuredEntry({ ...current, response }, current.bodySize);
      const bytes = next.size - bytesOf([current]);
      await requestsTogether([
        () => records.put(next, metadataKey(next)),
        () => (bytes === 0 ? Promise.resolve() : writeTotals(tx, movedTotals(totals, bytes))),
        () => addToPartitionTotals(tx, partitionDeltas([next], [current])),
      ]);
      return true;
    });
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
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
  }

  delete(key: string): Promise<string[]> {
    return this.#transaction('delete', ['records', 'meta'], 'readwrite', async (tx) => {
      const records = tx.objectStore('records');
      const found = await (records.index('key').getAll(key) as Metadata);
      // Every record of the key, metadata and bodies, in one request.
      await records.delete(primaryKeyRange(key));
      await moveTotalsOut(tx, found);
      return found.map((e) => e.id);
    });
  }

  clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    return this.#transaction('clear', ['records', 'meta'], 'readwrite', async (tx) => {
      const records = tx.objectStore('records');
      if (partition === undefined) {
        const count = await records.index('id').count();
        await records.clear();
        await writeTotals(tx, { entries: 0, bytes: 0 });
        await zeroPartitionTotals(tx);
        return count;
      }
      const found = await (records
        .index('partitionLru')
        .getAll(partitionRange(partition)) as Metadata);
      await removeAll(tx, found);
      return found.length;
    });
  }

  /**
   * Reads the totals first: within the limits, that one read of `meta` (in a readonly
   * transaction, so it holds up no reader of entries or bodies) is all it does. Otherwise it walks
   * the `lastUsed` index from the oldest entry and stops as soon as the rest fits (see
   * the eviction plan), so its cost grows with what it evicts, not with what is stored.
   *
   * The eviction itself writes nothing: Chromium refuses to commit a transaction that writes any
   * value (even the 20-byte totals) once the origin is at its quota, deletes included in it, so a
   * prune that also put the totals failed exactly when room was needed (issue 25, decision 0026).
   * It deletes the entries and the totals record in one transaction, then puts the totals back in
   * a second one, unless another transaction has recomputed them meanwhile (every one that moves
   * them recomputes a missing record first, so a record still missing means `left` is exact).
   */
  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const fits = withinLimits(limits);
    const { partition } = limits;
    // `partition`: that partition's totals, its LRU order and only its entries (version 9).
    const scopeKey = partition === undefined ? TOTALS_KEY : partitionTotalsKey(partition);
    const known = await this.#transaction('prune', ['meta'], 'readonly', (tx) =>
      tx.objectStore('meta').get(scopeKey),
    );
    if (partition === undefined) this.#seen(known);
    if (validTotals(known) && fits(known)) return [];
    const evicted = await this.#transaction('prune', ['records', 'meta'], 'readwrite', (tx) =>
      evictDeletingOnly(tx, limits),
    );
    for (const [key, totals] of evicted.restore) if (key === TOTALS_KEY) this.#seen(totals);
    if (evicted.restore.length > 0) await this.#restoreTotals(evicted.restore);
    return evicted.removed;
  }

  /**
   * Puts back each totals record the prune removed, if no transaction has written it since. A
   * failure leaves them missing, which is correct: the next reader recomputes them.
   */
  async #restoreTotals(restore: Eviction['restore']): Promise<void> {
    try {
      await this.#transaction('prune', ['meta'], 'readwrite', async (tx) => {
        const meta = tx.objectStore('meta');
        await Promise.all(
          restore.map(async ([key, totals]) => {
            if ((await meta.count(key)) === 0) await meta.put(totals, key);
          }),
        );
      });
    } catch {
      // Still at the quota, or the connection went: the totals are recomputed when next read.
    }
  }

  /** One read of the running totals; a missing or corrupt record is recomputed once. */
  async stats(filter: { partition?: string } = {}): Promise<StoreStats> {
    if (filter.partition !== undefined) return this.#partitionStats(filter.partition);
    const known = this.#seen(
      await this.#transaction('stats', ['meta'], 'readonly', (tx) =>
        tx.objectStore('meta').get(TOTALS_KEY),
      ),
    );
    if (validTotals(known)) return { entries: known.entries, bytes: known.bytes };
    try {
      return this.#seen(
        await this.#transaction('stats', ['records', 'meta'], 'readwrite', readTotals),
      );
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      // At the quota the repair cannot be written: count without writing.
      return this.#transaction('stats', ['records'], 'readonly', (tx) =>
        sumEntries(tx.objectStore('records').index('id')),
      );
    }
  }

  /** One partition's running totals (version 9); recounted once when missing, as `stats()`. */
  async #partitionStats(partition: string): Promise<StoreStats> {
    const key = partitionTotalsKey(partition);
    const known = await this.#transaction('stats', ['meta'], 'readonly', (tx) =>
      tx.objectStore('meta').get(key),
    );
    if (validTotals(known)) return { entries: known.entries, bytes: known.bytes };
    try {
      return await this.#transaction('stats', ['records', 'meta'], 'readwrite', (tx) =>
        readPartitionTotals(tx, partition),
      );
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      return this.#transaction('stats', ['records'], 'readonly', (tx) =>
        sumPartition(tx.objectStore('records').index('partitionLru'), partition),
      );
    }
  }

  list(filter: StoreListFilter = {}): Promise<CacheEntry[]> {
    const { partition, group, searchBase } = filter;
    return this.#transaction('list', ['records'], 'readonly', async (tx) => {
      const records = tx.objectStore('records');
      // Version 8: `searchBase` indexes [searchBase, partition] (only entries that have one);
      // version 7: `groups` indexes every group of every entry (multiEntry); version 9:
      // `partitionLru` indexes [partition, lastUsed, id].
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
    });
  }

  /**
   * Each partition once: a key cursor on `partitionLru` that jumps from each partition's first key
   * past its last, so one step per partition and no record read.
   */
  partitions(): Promise<string[]> {
    return this.#transaction('partitions', ['records'], 'readonly', async (tx) => {
      const found: string[] = [];
      const index = tx.objectStore('records').index('partitionLru');
      let cursor = await index.openKeyCursor();
      while (cursor) {
        const [partition] = cursor.key;
        found.push(partition);
        cursor = await cursor.continue(afterPartition(partition) as never);
      }
      return found;
    });
  }

  /**
   * The database's key for hashes of credentials (decision 0018): random bytes in `meta`, written
   * by the upgrade to version 5, or here, once, if missing (read and written in one transaction, so
   * two tabs never make two).
   */
  hashKey(): Promise<ArrayBuffer> {
    return this.#transaction('hashKey', ['meta'], 'readwrite', async (tx) => {
      const meta = tx.objectStore('meta') as unknown as KeyRecords;
      const known = await meta.get(HASH_KEY);
      if (isHashKey(known)) return known;
      const key = newHashKey();
      await meta.put(key, HASH_KEY);
      return key;
    });
  }

  /** Closes the connection; the next call reopens it. */
  async open(): Promise<void> {
    await this.#connection.database();
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}

/**
 * From this size up, bodies are kept as Blobs where IndexedDB clones them faithfully: a Blob
 * reaches `new Response` without being copied into the page (bench: about half the time of an
 * ArrayBuffer at 100 KB and 1 MB), while below it an ArrayBuffer is faster (decision 0004).
 */
const BLOB_BODY_BYTES = 32 * 1024;

let blobsSurviveCloning: boolean | undefined;

/**
 * Whether a Blob comes back from a structured clone as the same bytes: true in browsers; false
 * where the clone is lossy (fake-indexeddb clones with Node's `structuredClone`, which turns a
 * happy-dom Blob into an empty object). Asked once.
 */
function blobsSurvive(): boolean {
  if (blobsSurviveCloning === undefined) {
    try {
      const copy: unknown = structuredClone(new Blob(['x']));
      blobsSurviveCloning = copy instanceof Blob && copy.size === 1;
    } catch {
      blobsSurviveCloning = false;
    }
  }
  return blobsSurviveCloning;
}

/** Set once IndexedDB refused a Blob body here (see `put`): ArrayBuffers from then on. */
let blobsRefused = false;

function storesAsBlob(body: ArrayBuffer): boolean {
  return body.byteLength >= BLOB_BODY_BYTES && !blobsRefused && blobsSurvive();
}

type WriteTransaction = CacheTransaction<['records', 'meta'], 'readwrite'>;

/**
 * What an entry index (`id`, `key`, `partition`...) read: metadata records only, since a body
 * record has none of the fields those indexes are on.
 */
type Metadata = Promise<CacheEntry[]>;

/** Deletes entries with their bodies and takes them off the totals, inside the caller's transaction. */
async function removeAll(tx: WriteTransaction, found: CacheEntry[]): Promise<void> {
  await requestsTogether(found.map((entry) => () => removeOne(tx, entry)));
  await moveTotalsOut(tx, found);
}

/** Takes entries just deleted off the store's totals and their partitions', side by side. */
function moveTotalsOut(tx: WriteTransaction, found: CacheEntry[]): Promise<unknown> {
  return requestsTogether([
    () => addToTotals(tx, { entries: -found.length, bytes: -bytesOf(found) }),
    () => addToPartitionTotals(tx, partitionDeltas([], found)),
  ]);
}

interface LookupQuery {
  key: string;
  choose: (variants: CacheEntry[]) => CacheEntry | undefined;
}

/** The lookup's answer from the records of one key: its variants, the chosen one and its body. */
function chooseIn(
  records: Array<CacheEntry | BodyRecord>,
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
): LookupResult {
  const variants: CacheEntry[] = [];
  const bodies = new Map<string, StoredBody>();
  for (const record of records) {
    if ('bodyOf' in record) bodies.set(record.bodyOf, record.body);
    else variants.push(record);
  }
  const chosen = choose(variants);
  return { variants, chosen, body: chosen && bodies.get(chosen.id) };
}
