// The LRU order of the CacheStore contract (prune evicts in it, list returns it reversed).
import type { CacheEntry } from './cache-store';

/** Oldest use first, ties by id: the same order as IndexedDBStore's `lastUsed` index walk. */
export function byLeastRecentUse(a: CacheEntry, b: CacheEntry): number {
  if (a.lastUsed !== b.lastUsed) return a.lastUsed - b.lastUsed;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Most recent use first: the order of `CacheStore.list`. */
export function byMostRecentUse(a: CacheEntry, b: CacheEntry): number {
  return byLeastRecentUse(b, a);
}
