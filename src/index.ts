// cached-fetch: a drop-in fetch with a private RFC 9111 HTTP cache persisted in IndexedDB.

// The cached fetch
export { createCachedFetch } from './fetch/create-cached-fetch';
export { cachedFetch } from './fetch/default-instance';
export { install } from './fetch/install';

// Stores
export { IndexedDBStore } from './store/indexeddb-store';
export { MemoryStore } from './store/memory-store';

// Types
export type { CacheHandle, CachedFetch } from './fetch/create-cached-fetch';
export type { CacheEventListener, CacheEventMap, CacheEventType } from './fetch/events';
export type { CachedFetchOptions } from './fetch/options';
export type { HeaderList, StoredResponse, Freshness, VaryRule, ResponseSnapshot } from './policy/snapshot';
export type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits, StoreStats } from './store/cache-store';
