// cached-fetch: a drop-in fetch with a private RFC 9111 HTTP cache persisted in IndexedDB.

// Types
export type { CachedEntryInfo, CachedFetch, CacheHandle } from './fetch/create-cached-fetch';
// The cached fetch
export { createCachedFetch } from './fetch/create-cached-fetch';
export { cachedFetch } from './fetch/default-instance';
export type { CacheEventListener, CacheEventMap, CacheEventType } from './fetch/events';
export type { Uninstall } from './fetch/install';
export { install } from './fetch/install';
export type { CachedFetchOptions } from './fetch/options';
export type {
  Freshness,
  HeaderList,
  ResponseSnapshot,
  StoredResponse,
  VaryRule,
} from './policy/snapshot';
export type {
  CacheEntry,
  CacheStore,
  NewCacheEntry,
  StoreLimits,
  StoreStats,
} from './store/cache-store';
export { measureEntrySize } from './store/entry-size';
// Stores
export { IndexedDBStore } from './store/indexeddb-store';
export { MemoryStore } from './store/memory-store';
