// What IndexedDBStore does that a cache hit never runs: its writes, eviction, totals and the reads
// only the handle makes (stats, partitions). A chunk of its own (issue 24, decision 0027), loaded by
// the first call that needs it or at idle after the first lookup (./indexeddb-writes-chunk); the
// store keeps the reads a hit makes.
import type { StoreNames } from 'idb';
import type { StoredResponse } from '../policy/snapshot';
import type { CacheEntry, NewCacheEntry, StoredBody, StoreLimits, StoreStats } from './cache-store';
import { measuredEntry } from './entry-size';
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
} from './indexeddb-partition-totals';
import {
  bodyKey,
  type CacheDB,
  metadataKey,
  primaryKeyRange,
  sumEntries,
  TOTALS_KEY,
} from './indexeddb-schema';
import { afterPartition, partitionRange, partitionTotalsKey } from './indexeddb-schema-v9';
import { addToTotals, movedTotals, readTotals, validTotals, writeTotals } from './indexeddb-totals';
import { type CacheTransaction, requestsTogether } from './indexeddb-transaction';
import { isQuotaExceeded } from './store-errors';

/** What a write needs of its store: its transactions, and where totals just read are kept. */
export interface StoreAccess {
  /** `work` in one transaction over `names`, on the store's connection. */
  transaction<N extends StoreNames<CacheDB>[], M extends IDBTransactionMode, T>(
    operation: string,
    names: N,
    mode: M,
    work: (tx: CacheTransaction<N, M>) => Promise<T>,
  ): Promise<T>;
  /** The store's totals as just read: what a wipe would report as lost. */
  seen(totals: StoreStats): void;
}

export async function put(
  store: StoreAccess,
  entry: NewCacheEntry,
  body: ArrayBuffer,
): Promise<string[]> {
  const asBlob = storesAsBlob(body);
  try {
    return await putAs(store, entry, body, asBlob ? new Blob([body]) : body);
  } catch (error) {
    // WebKit without persistent storage (Safari's Private Browsing, WebKitGTK under automation)
    // clones Blobs but refuses to store them ("Error preparing Blob/File data to be stored"):
    // keep bodies as ArrayBuffers from then on, and write this one that way.
    // Only that refusal: a lost connection or a full quota is handled as for any other body.
    const name = (error as { name?: string }).name;
    if (!asBlob || (name !== 'UnknownError' && name !== 'DataCloneError')) throw error;
    blobsRefused = true;
    return putAs(store, entry, body, body);
  }
}

function putAs(
  store: StoreAccess,
  entry: NewCacheEntry,
  body: ArrayBuffer,
  storedBody: StoredBody,
): Promise<string[]> {
  const stored = measuredEntry(entry, body.byteLength);
  return store.transaction('put', ['records', 'meta'], 'readwrite', async (tx) => {
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
export function update(store: StoreAccess, id: string, response: StoredResponse): Promise<boolean> {
  // The entry and the store's totals are read together, then the entry and the totals written
  // together (the store's only when the size moved; the partition's, which needs the entry's
  // partition, read then: one round trip more). One small put of metadata: the body is untouched.
  return store.transaction('update', ['records', 'meta'], 'readwrite', async (tx) => {
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

export function deleteKey(store: StoreAccess, key: string): Promise<string[]> {
  return store.transaction('delete', ['records', 'meta'], 'readwrite', async (tx) => {
    const records = tx.objectStore('records');
    const found = (await records.index('key').getAll(key)) as CacheEntry[];
    // Every record of the key, metadata and bodies, in one request.
    await records.delete(primaryKeyRange(key));
    await moveTotalsOut(tx, found);
    return found.map((e) => e.id);
  });
}

/** One partition's entries and bodies, off the totals (the whole store: `IndexedDBStore.clear`). */
export function clearPartition(store: StoreAccess, partition: string): Promise<number> {
  return store.transaction('clear', ['records', 'meta'], 'readwrite', async (tx) => {
    const found = (await tx
      .objectStore('records')
      .index('partitionLru')
      .getAll(partitionRange(partition))) as CacheEntry[];
    await removeAll(tx, found);
    return found.length;
  });
}

/** See `IndexedDBStore.prune`. */
export async function prune(store: StoreAccess, limits: StoreLimits): Promise<CacheEntry[]> {
  const fits = withinLimits(limits);
  const { partition } = limits;
  // `partition`: that partition's totals, its LRU order and only its entries (version 9).
  const scopeKey = partition === undefined ? TOTALS_KEY : partitionTotalsKey(partition);
  const known = await store.transaction('prune', ['meta'], 'readonly', (tx) =>
    tx.objectStore('meta').get(scopeKey),
  );
  if (partition === undefined && validTotals(known)) store.seen(known);
  if (validTotals(known) && fits(known)) return [];
  const evicted = await store.transaction('prune', ['records', 'meta'], 'readwrite', (tx) =>
    evictDeletingOnly(tx, limits),
  );
  for (const [key, totals] of evicted.restore) if (key === TOTALS_KEY) store.seen(totals);
  if (evicted.restore.length > 0) await restoreTotals(store, evicted.restore);
  return evicted.removed;
}

/**
 * Puts back each totals record the prune removed, if no transaction has written it since. A
 * failure leaves them missing, which is correct: the next reader recomputes them. Nothing at all
 * when the store's totals, which the eviction deleted, are back: a transaction wrote them in
 * between, perhaps a full clear(), which zeroes only the partitions' records it finds, not those
 * the eviction deleted; restored, a partition's old totals would count entries the clear removed.
 * Missing, they are recounted. (A prune that only repaired a partition's totals deletes no store
 * totals, and a clear in between still gets that one partition's recount back: not handled.)
 */
async function restoreTotals(store: StoreAccess, restore: Eviction['restore']): Promise<void> {
  try {
    await store.transaction('prune', ['meta'], 'readwrite', async (tx) => {
      const meta = tx.objectStore('meta');
      const present = await requestsTogether(
        restore.map(
          ([key]) =>
            () =>
              meta.count(key),
        ),
      );
      if (restore.some(([key], i) => key === TOTALS_KEY && present[i]! > 0)) return;
      const missing = restore.filter((_, i) => present[i] === 0);
      await requestsTogether(
        missing.map(
          ([key, totals]) =>
            () =>
              meta.put(totals, key),
        ),
      );
    });
  } catch {
    // Still at the quota, or the connection went: the totals are recomputed when next read.
  }
}

/** One read of the running totals; a missing or corrupt record is recomputed once. */
export async function stats(
  store: StoreAccess,
  partition: string | undefined,
): Promise<StoreStats> {
  if (partition !== undefined) return partitionStats(store, partition);
  const known = await store.transaction('stats', ['meta'], 'readonly', (tx) =>
    tx.objectStore('meta').get(TOTALS_KEY),
  );
  if (validTotals(known)) {
    store.seen(known);
    return { entries: known.entries, bytes: known.bytes };
  }
  try {
    const totals = await store.transaction('stats', ['records', 'meta'], 'readwrite', readTotals);
    store.seen(totals);
    return totals;
  } catch (error) {
    if (!isQuotaExceeded(error)) throw error;
    // At the quota the repair cannot be written: count without writing.
    return store.transaction('stats', ['records'], 'readonly', (tx) =>
      sumEntries(tx.objectStore('records').index('id')),
    );
  }
}

/** One partition's running totals (version 9); recounted once when missing, as `stats()`. */
async function partitionStats(store: StoreAccess, partition: string): Promise<StoreStats> {
  const key = partitionTotalsKey(partition);
  const known = await store.transaction('stats', ['meta'], 'readonly', (tx) =>
    tx.objectStore('meta').get(key),
  );
  if (validTotals(known)) return { entries: known.entries, bytes: known.bytes };
  try {
    return await store.transaction('stats', ['records', 'meta'], 'readwrite', (tx) =>
      readPartitionTotals(tx, partition),
    );
  } catch (error) {
    if (!isQuotaExceeded(error)) throw error;
    return store.transaction('stats', ['records'], 'readonly', (tx) =>
      sumPartition(tx.objectStore('records').index('partitionLru'), partition),
    );
  }
}

/**
 * Each partition once: a key cursor on `partitionLru` that jumps from each partition's first key
 * past its last, so one step per partition and no record read.
 */
export function partitions(store: StoreAccess): Promise<string[]> {
  return store.transaction('partitions', ['records'], 'readonly', async (tx) => {
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
