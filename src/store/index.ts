// The store layer's public surface, for src/index.ts to re-export.

export type {
  CacheEntry,
  CacheStore,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreStats,
} from './cache-store';
export { createDefaultStore } from './default-store';
export { measureEntrySize } from './entry-size';
export { FallbackStore, type FallbackStoreOptions } from './fallback-store';
export {
  DEFAULT_LIMITS,
  type EvictionReason,
  type GovernorOptions,
  isQuotaExceeded,
  StoreGovernor,
  type WriteOutcome,
} from './governor';
export { IndexedDBStore, type IndexedDBStoreOptions } from './indexeddb-store';
export { MemoryStore } from './memory-store';
export { type StoreErrorContext, type StoreErrorHandler, StoreOpenError } from './store-errors';
