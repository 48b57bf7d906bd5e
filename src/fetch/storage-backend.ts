// What Storage loads on its first use (import()): the store (the default IndexedDB one, with idb,
// its schema, migrations and memory fallback, unless the options give one), the memory tier in
// front of it and the governor that enforces limits and recovers from quota errors.
import {
  type CacheEntry,
  type CacheStore,
  type LookupResult,
  newHashKey,
} from '../store/cache-store';
import { createDefaultStore } from '../store/default-store';
import { StoreGovernor } from '../store/governor';
import { lookupEntry } from '../store/lookup';
import { MemoryTier } from '../store/memory-tier';
import type { StoreErrorHandler } from '../store/store-errors';
import type { CacheEvents } from './events';
import type { ResolvedOptions } from './options';

export interface StorageBackend {
  /** The memory tier when there is one, else the store itself. */
  store: CacheStore;
  tier: MemoryTier | undefined;
  governor: StoreGovernor;
  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult>;
  /** The store's key for hashes of credentials, or this instance's when it keeps none. */
  hashKey(): Promise<ArrayBuffer>;
  /** Closes the store, and stops listening to the page. */
  close(): Promise<void>;
}

export function openBackend(
  options: ResolvedOptions,
  events: CacheEvents,
  announce: (keys: string[]) => void,
  onError: StoreErrorHandler,
): StorageBackend {
  const given = options.store ?? createDefaultStore({ onError });
  const tier = options.memory ? new MemoryTier(given, options.memory) : undefined;
  // A page back from the back/forward cache may have missed what other tabs said meanwhile (a
  // clear at logout among it): its memory reads the store again.
  const restored = (event: PageTransitionEvent) => event.persisted && tier?.forget();
  // Pages only: a worker has no such event (and a Service Worker must not add listeners late).
  if (tier && 'onpageshow' in globalThis) globalThis.addEventListener('pageshow', restored);
  const store = tier ?? given;
  // A store without a key of its own (a custom one): one for this instance, made now (cheap).
  const ownKey = Promise.resolve(newHashKey());
  const governor = new StoreGovernor(store, {
    maxEntries: options.maxEntries,
    maxBytes: options.maxBytes,
    maxEntryBytes: options.maxEntryBytes,
    onEvicted: (entries) => {
      announce(entries.map(({ key }) => key));
      events.emit('evicted', {
        entries: entries.map(({ id, key, size }) => ({ id, key, size })),
      });
    },
    onError,
  });
  return {
    store,
    tier,
    governor,
    lookup: (key, choose) => lookupEntry(store, key, choose),
    hashKey: () => store.hashKey?.() ?? ownKey,
    close() {
      globalThis.removeEventListener?.('pageshow', restored);
      return store.close();
    },
  };
}
