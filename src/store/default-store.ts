// The default store: IndexedDB where it works, memory where it does not, never a failed request.
import type { CacheStore } from './cache-store';
import { FallbackStore } from './fallback-store';
import { IndexedDBStore, type IndexedDBStoreOptions } from './indexeddb-store';
import { MemoryStore } from './memory-store';
import type { StoreErrorHandler } from './store-errors';

/** True when this realm can use IndexedDB at all (some contexts throw on mere access). */
export function indexedDBAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false;
  }
}

/**
 * The store `cachedFetch` uses unless given one: an {@link IndexedDBStore} (wrapped in a
 * {@link FallbackStore}, so a database that cannot be opened means memory for the session, reported
 * once through `options.onError`) where `indexedDB` exists, else a {@link MemoryStore} (Node, SSR,
 * storage disabled).
 *
 * @throws TypeError when an option is invalid.
 */
export function createDefaultStore(options: IndexedDBStoreOptions = {}): CacheStore {
  // validates options everywhere, even where unused
  return defaultStoreOver(new IndexedDBStore(options), options.onError);
}

/** `store` where IndexedDB exists (memory if it cannot be opened), else a {@link MemoryStore}. */
export function defaultStoreOver(store: IndexedDBStore, onError?: StoreErrorHandler): CacheStore {
  if (!indexedDBAvailable()) return new MemoryStore();
  return new FallbackStore(store, { onError });
}
