// cached-fetch/stores: the built-in stores, for an app that gives the cache a store of its own
// options (a database name, a Storage Bucket's) or uses one directly (SSR, tests, a custom store
// that wraps one).
/**
 * The built-in stores. An entry of their own, apart from `cached-fetch`: re-exported from the main
 * entry, they were bundled with it by Vite and esbuild alike (a static import puts a module in
 * the importer's chunk whether or not its exports are used), so every page loaded the store's
 * code before its first data; now a page that only calls `cachedFetch` loads it after (decision
 * 0027, "Seventh pass").
 * @module cached-fetch/stores
 */
// The main entry first: the stores' chunk shares its modules (options, policy, the lookup), which
// the build can then leave in the main entry's chunk (dist/stores.js imports that chunk), instead
// of splitting them into chunks of their own that every page would load apart (more files before
// its first data, and worse compression).
import './index';

export { measureEntrySize } from './store/entry-size';
export type { IndexedDBStoreOptions } from './store/indexeddb-store';
export { IndexedDBStore } from './store/indexeddb-store';
export { MemoryStore } from './store/memory-store';
export type { StorageBucketOptions } from './store/storage-bucket';
