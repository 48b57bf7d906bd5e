// What Storage loads on its first use (import()): the store (the default IndexedDB one, with idb,
// its schema, migrations and memory fallback, unless the options give one), the memory tier in
// front of it and the governor that enforces limits and recovers from quota errors.
import type { CacheEntry, CacheStore, LookupResult } from '../store/cache-store';
import { createDefaultStore } from '../store/default-store';
import { StoreGovernor } from '../store/governor';
import { newHashKey } from '../store/hash-key';
import { lookupEntry } from '../store/lookup';
import { MemoryTier } from '../store/memory-tier';
import type { StoreErrorHandler } from '../store/store-errors';
import type { CacheEvents } from './events';
import type { ResolvedOptions } from './options';
import { SecretHeaders } from './secret-headers';
import { SharedGeneration } from './shared-generation';

export interface StorageBackend {
  /** The memory tier when there is one, else the store itself. */
  store: CacheStore;
  tier: MemoryTier | undefined;
  governor: StoreGovernor;
  /** Changed by this instance's invalidations and clears, read before memory answers (0022). */
  shared: SharedGeneration;
  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult>;
  /** Hashes secret header values, keyed by the store's key (or this instance's, if it keeps none). */
  secrets: SecretHeaders;
  /** Closes the store, and stops listening to the page. */
  close(): Promise<void>;
}

export function openBackend(
  options: ResolvedOptions,
  events: CacheEvents,
  announce: (keys: string[]) => void,
  onError: StoreErrorHandler,
  database?: string,
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
    shared: new SharedGeneration(options.crossTab, database),
    lookup: (key, choose) => lookupEntry(store, key, choose),
    secrets: new SecretHeaders(options.secretHeaders, () => store.hashKey?.() ?? ownKey),
    close() {
      globalThis.removeEventListener?.('pageshow', restored);
      return store.close();
    },
  };
}
