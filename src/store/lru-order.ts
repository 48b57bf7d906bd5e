// The LRU order of the CacheStore contract (prune evicts in it, list returns it reversed).
import type { CacheEntry } from './cache-store';

/** What the order reads: an entry, or MemoryStore's heap slot (the entry's use when pushed). */
type Use = Pick<CacheEntry, 'lastUsed' | 'id'>;

/**
 * Oldest use first, ties by id: the one LRU order, that IndexedDBStore's `lastUsed` index walk
 * and MemoryStore's heap (./memory-lru) both follow.
 */
export function byLeastRecentUse(a: Use, b: Use): number {
  if (a.lastUsed !== b.lastUsed) return a.lastUsed - b.lastUsed;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Most recent use first: the order of `CacheStore.list`. */
export function byMostRecentUse(a: CacheEntry, b: CacheEntry): number {
  return byLeastRecentUse(b, a);
}
