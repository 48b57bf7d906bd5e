// Which entries a prune evicts: a walk of the `lastUsed` index from the oldest entry that stops as
// soon as the rest fits, so it reads what it evicts (plus one entry), never what it keeps.
import type { IDBPIndex } from 'idb';
import type { CacheEntry, StoreLimits, StoreStats } from './cache-store';
import { storedSize } from './entry-size';
import { partitionDeltas, sumPartition } from './indexeddb-partition-totals';
import { bodyKey, type CacheDB, metadataKey, sumEntries, TOTALS_KEY } from './indexeddb-schema';
import { partitionRange, partitionTotalsKey } from './indexeddb-schema-v9';
import { movedTotals, type TotalsTransaction, validTotals } from './indexeddb-totals';
import { requestsTogether } from './indexeddb-transaction';

type LruIndex = IDBPIndex<
  CacheDB,
  ['records', 'meta'],
  'records',
  'lastUsed' | 'partitionLru',
  'readwrite'
>;

/** An LRU order to walk: the whole store's (`lastUsed`), or one partition's (`partitionLru`). */
export interface LruWalk {
  index: LruIndex;
  range: IDBKeyRange | null;
}

/** Whether totals fit `limits`; an absent limit does not constrain. */
export function withinLimits(limits: StoreLimits): (totals: StoreStats) => boolean {
  const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  return (totals) => totals.entries <= maxEntries && totals.bytes <= maxBytes;
}

/** The bytes these entries count for in the totals (see `storedSize`). */
export function bytesOf(entries: CacheEntry[]): number {
  let sum = 0;
  for (const entry of entries) sum += storedSize(entry);
  return sum;
}

export interface EvictionPlan {
  /** Least recently used first. */
  removed: CacheEntry[];
  /** The totals once `removed` is gone. */
  left: StoreStats;
  /** The index ran out while `totals` said more was stored: they were wrong. */
  ranOut: boolean;
}

/**
 * The shortest run of least recently used entries (by `lastUsed`, then id: the index's order)
 * after which the rest fits `limits`, given the `totals` before. Reads only; the caller deletes.
 *
 * Removing that run is the same as keeping the longest run of most recently used entries that
 * fits: strict LRU. What the entry limit alone requires is read in one request; the rest, if
 * the bytes still do not fit, one cursor step at a time.
 */
export async function planEviction(
  { index: lru, range }: LruWalk,
  totals: StoreStats,
  limits: StoreLimits,
): Promise<EvictionPlan> {
  const fits = withinLimits(limits);
  const left = { ...totals };
  const removed: CacheEntry[] = [];
  // The `lastUsed` index holds only metadata records (a body record has no `lastUsed`).
  const evict = (record: CacheDB['records']['value']) => {
    const entry = record as CacheEntry;
    removed.push(entry);
    left.entries -= 1;
    left.bytes -= bytesOf([entry]);
  };
  const overCount = Math.min(
    left.entries,
    Math.ceil(left.entries - (limits.maxEntries ?? left.entries)),
  );
  // Never getAll(null, 0): a count of 0 means "all".
  if (overCount > 0) for (const entry of await lru.getAll(range, overCount)) evict(entry);
  if (removed.length < overCount) return { removed, left, ranOut: true };
  if (fits(left)) return { removed, left, ranOut: false };
  let cursor = await lru.openCursor(range);
  if (cursor && removed.length > 0) cursor = await cursor.advance(removed.length);
  while (cursor && !fits(left)) {
    evict(cursor.value);
    cursor = await cursor.continue();
  }
  return { removed, left, ranOut: !fits(left) };
}

/** Deletes one entry and its body, inside the caller's transaction. */
export function removeOne(tx: TotalsTransaction, entry: CacheEntry): Promise<unknown> {
  const records = tx.objectStore('records');
  return requestsTogether([
    () => records.delete(metadataKey(entry)),
    () => records.delete(bodyKey(entry)),
  ]);
}

/** What {@link evictDeletingOnly} did. */
export interface Eviction {
  /** Least recently used first. */
  removed: CacheEntry[];
  /** The totals the limits were on (the store's, or the partition's) once `removed` went. */
  left: StoreStats;
  /**
   * The totals records it deleted, each with its value as `tx` left the entries: what the caller
   * puts back where still missing. A record whose value was unknown is not listed (recounted when
   * next read). Empty when nothing was deleted.
   */
  restore: Array<[key: MetaKey, totals: StoreStats]>;
}

type MetaKey = CacheDB['meta']['key'];

/**
 * Evicts down to `limits` inside `tx` with deletes only, so the transaction commits even when the
 * origin is at its quota (Chromium refuses any transaction that puts a value then, decision 0026).
 * `limits.partition` scopes the limits, the totals and the LRU walk to one partition (schema
 * version 9). Totals cannot be moved without a put: every totals record the evicted entries
 * counted in (the store's, and each partition's) is deleted instead, and its new value returned
 * for the caller to put back in a later transaction. Totals that were missing, corrupt or wrong
 * are recounted without being written, and deleted the same way.
 */
export async function evictDeletingOnly(
  tx: TotalsTransaction,
  limits: StoreLimits,
): Promise<Eviction> {
  const fits = withinLimits(limits);
  const records = tx.objectStore('records');
  const meta = tx.objectStore('meta');
  const { partition } = limits;
  const scopeKey: MetaKey = partition === undefined ? TOTALS_KEY : partitionTotalsKey(partition);
  const count = () =>
    partition === undefined
      ? sumEntries(records.index('id'))
      : sumPartition(records.index('partitionLru'), partition);
  const lru: LruWalk =
    partition === undefined
      ? { index: records.index('lastUsed'), range: null }
      : { index: records.index('partitionLru'), range: partitionRange(partition) };
  const stored = await meta.get(scopeKey);
  let repaired = !validTotals(stored);
  let totals = validTotals(stored) ? stored : await count();
  let plan = fits(totals) ? undefined : await planEviction(lru, totals, limits);
  if (plan?.ranOut && !repaired) {
    // The totals counted entries that are not there: recount (nothing is deleted yet) and plan
    // again on the truth, rather than evict what need not go.
    repaired = true;
    totals = await count();
    plan = fits(totals) ? undefined : await planEviction(lru, totals, limits);
  }
  const removed = plan?.removed ?? [];
  if (removed.length === 0 && !repaired) return { removed, left: totals, restore: [] };
  // Only limits no store can meet (below zero) still run out here: then nothing is left.
  const left = !plan ? totals : plan.ranOut ? { entries: 0, bytes: 0 } : plan.left;
  // The other totals the evicted entries counted in, read before they go, moved by what goes.
  const others = otherTotals(partition, removed);
  const before = await Promise.all(others.map(([key]) => meta.get(key)));
  const restore: Eviction['restore'] = [[scopeKey, left]];
  others.forEach(([key, delta], i) => {
    const moved = movedTotals(before[i], delta.bytes, delta.entries);
    if (validTotals(moved)) restore.push([key, moved]);
  });
  await requestsTogether([
    ...removed.map((entry) => () => removeOne(tx, entry)),
    () => meta.delete(scopeKey),
    ...others.map(
      ([key]) =>
        () =>
          meta.delete(key),
    ),
  ]);
  return { removed, left, restore };
}

/** The totals other than the scope's that `removed` counted in, each with its (negative) delta. */
function otherTotals(
  partition: string | undefined,
  removed: CacheEntry[],
): Array<[MetaKey, StoreStats]> {
  if (removed.length === 0) return [];
  if (partition !== undefined) {
    return [[TOTALS_KEY, { entries: -removed.length, bytes: -bytesOf(removed) }]];
  }
  return [...partitionDeltas([], removed)].map(([name, delta]) => [
    partitionTotalsKey(name),
    delta,
  ]);
}
