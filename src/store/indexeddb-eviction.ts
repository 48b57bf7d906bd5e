// Which entries a prune evicts: a walk of the `lastUsed` index from the oldest entry that stops as
// soon as the rest fits, so it reads what it evicts (plus one entry), never what it keeps.
import type { IDBPIndex } from 'idb';
import type { CacheEntry, StoreLimits, StoreStats } from './cache-store';
import { type CacheDB, storedSize } from './indexeddb-schema';

type LruIndex = IDBPIndex<CacheDB, ['records', 'meta'], 'records', 'lastUsed', 'readwrite'>;

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
  lru: LruIndex,
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
  if (overCount > 0) for (const entry of await lru.getAll(null, overCount)) evict(entry);
  if (removed.length < overCount) return { removed, left, ranOut: true };
  if (fits(left)) return { removed, left, ranOut: false };
  let cursor = await lru.openCursor();
  if (cursor && removed.length > 0) cursor = await cursor.advance(removed.length);
  while (cursor && !fits(left)) {
    evict(cursor.value);
    cursor = await cursor.continue();
  }
  return { removed, left, ranOut: !fits(left) };
}
