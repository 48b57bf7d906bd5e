// cached-fetch: a drop-in fetch with a private RFC 9111 HTTP cache persisted in IndexedDB.
/**
 * The cached fetch and its types (the built-in stores: `cached-fetch/stores`).
 * @module cached-fetch
 */

// The cached fetch
export { createCachedFetch } from './fetch/create-cached-fetch';
export { cachedFetch } from './fetch/default-instance';
export { install } from './fetch/install';
export { parseCacheStatus } from './policy/parse-cache-status';
export { isStandIn } from './policy/stand-in';

// The built-in stores: from 'cached-fetch/stores' (./stores), apart, so that a page that only
// calls cachedFetch does not load them before its first data. (Not even as types here: the
// bundled declarations would declare the classes a second time, a type of its own.)

// Types
export type {
  CachedEntryInfo,
  CachedFetch,
  CacheHandle,
  InvalidateFilter,
} from './fetch/cache-handle';
export type {
  CacheEventListener,
  CacheEventMap,
  CacheEventType,
  InvalidationReason,
  OutboxEventBase,
  StaleReason,
} from './fetch/context/events';
export type { Uninstall } from './fetch/install';
export type { CachedFetchOptions } from './fetch/context/options';
export type { OutboxHandle, OutboxItem, OutboxResult } from './fetch/outbox/handle-types';
export type { OutboxOptions } from './fetch/context/outbox-options';
export type { ByteRange, PartialContent } from './policy/byte-ranges';
export type { CacheStatus } from './policy/parse-cache-status';
export type { CacheStatusDetail, StandInDetail } from './policy/cache-status-detail';
export type {
  Freshness,
  HeaderList,
  ResponseSnapshot,
  StoredResponse,
  VaryRule,
} from './policy/snapshot';
export type {
  CacheEntry,
  CacheStats,
  CacheStore,
  EquivalentsQuery,
  LookupResult,
  NewCacheEntry,
  StoreLimits,
  StoreStats,
  StoredBody,
} from './store/cache-store';
export type { IndexedDBStoreOptions } from './store/indexeddb-store';
export type { StorageBucketOptions } from './store/storage-bucket';
export type { MemoryTierLimits } from './store/memory-tier';
export type { StoreErrorContext, StoreErrorHandler } from './store/store-errors';
