// What StoreAccess (./store-access) loads on its first use (import()): the store (the default IndexedDB one, with idb,
// its schema, migrations and memory fallback, unless the options give one), the memory tier in
// front of it and the governor that enforces limits and recovers from quota errors.
import type { CacheEntry, CacheStats, CacheStore, LookupResult } from '../../store/cache-store';
import { defaultStoreOver } from '../../store/default-store';
import { StoreGovernor } from '../../store/governor';
import { newHashKey } from '../../store/hash-key';
import { IndexedDBStore } from '../../store/indexeddb-store';
import { MemoryStore } from '../../store/memory-store';
import { MemoryTier } from '../../store/memory-tier';
import { lookupEntry } from '../../store/read-variants';
import type { StoreErrorHandler } from '../../store/store-errors';
import type { CacheEvents } from '../context/events';
import type { ResolvedOptions } from '../context/options';
import { SharedGeneration } from '../coordination/shared-generation';
import { readableOnly } from './entry-format';
import { equivalentsOf, type LookupRequest, missed } from './lookup-request';
import { OriginStoragePersistence } from './persistence';
import { SecretHeaders } from './secret-headers';

export interface StorageBackend {
  /** The memory tier when there is one, else the store itself. */
  store: CacheStore;
  tier: MemoryTier | undefined;
  governor: StoreGovernor;
  /** Changed by this instance's invalidations and clears, read before memory answers (0022). */
  shared: SharedGeneration;
  /**
   * The store's read of a key's variants (entries of an unknown format left out, ./entry-format);
   * when none matches the request, its equivalents by No-Vary-Search (see `equivalentRead`).
   */
  lookup(
    request: LookupRequest,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult>;
  /**
   * What memory holds for the key, at once, when a variant there matches the request; undefined
   * when it must be read (no tier: always).
   */
  peek(
    request: LookupRequest,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): LookupResult | undefined;
  /** Hashes secret header values, keyed by the store's key (or this instance's, if it keeps none). */
  secrets: SecretHeaders;
  /** What the store holds, which store it is, whether it persists, the origin's usage and quota. */
  stats(): Promise<CacheStats>;
  /** A response was written: asks for persistent storage the first time, with `persist`. */
  stored(): void;
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
  const unreadable = (error: Error, url: string) =>
    events.emit('error', { error, operation: 'format', url });
  const warned = warnOnFallback(options, onError);
  // The default store: IndexedDB, in the `storageBucket` where the browser has one (0026).
  const own = options.store
    ? undefined
    : new IndexedDBStore({ onError: warned, bucket: options.storageBucket });
  const given = own ? defaultStoreOver(own, warned) : options.store!;
  // The IndexedDB store, default or given: its bucket is what `persist` and stats() ask about.
  const indexed = own ?? (given instanceof IndexedDBStore ? given : undefined);
  const tier = options.memory ? new MemoryTier(given, options.memory) : undefined;
  // A page back from the back/forward cache may have missed what other tabs said meanwhile (a
  // clear at logout among it): its memory reads the store again.
  // (A PageTransitionEvent: typed by its field, so that worker code compiles without the DOM lib.)
  const restored = (event: Event & { persisted?: boolean }) => event.persisted && tier?.forget();
  // Pages only: a worker has no such event (and a Service Worker must not add listeners late).
  if (tier && 'onpageshow' in globalThis) globalThis.addEventListener('pageshow', restored);
  const store = tier ?? given;
  // Storage taken away (decision 0026): nothing may be served from memory that it no longer holds.
  given.watchWipes?.((lost) => {
    tier?.forget();
    events.emit('wiped', lost);
  });
  const persistence = new OriginStoragePersistence(
    options.persist,
    indexed ? () => indexed.storage() : undefined,
  );
  // A store without a key of its own (a custom one): one for this instance, made now (cheap).
  const ownKey = Promise.resolve(newHashKey());
  const governor = new StoreGovernor(store, {
    maxEntries: options.maxEntries,
    maxBytes: options.maxBytes,
    maxEntryBytes: options.maxEntryBytes,
    maxBytesPerPartition: options.maxBytesPerPartition,
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
    async lookup(request, choose) {
      const readable = readableOnly(choose, unreadable);
      // When the key misses, its No-Vary-Search candidates in the same read where the store can.
      const equivalents = equivalentsOf(request, readable.result);
      const read = await lookupEntry(store, request.key, readable.choose, equivalents);
      const found = readable.result(read);
      if (!missed(found, request)) return found;
      const { searchBase, partition } = equivalents;
      const candidates = read.candidates ?? (await store.list({ searchBase, partition }));
      return (await equivalentRead(store, request, candidates, choose)) ?? found;
    },
    peek(request, choose) {
      const readable = readableOnly(choose, unreadable);
      const held = tier?.peek(request.key, readable.choose);
      const found = held && readable.result(held);
      return found && !missed(found, request) ? found : undefined;
    },
    secrets: new SecretHeaders(options.secretHeaders, () => store.hashKey?.() ?? ownKey),
    async stats() {
      const [{ entries, bytes }, origin] = await Promise.all([
        store.stats(),
        persistence.describe(),
      ]);
      // Asked after the call: a default store that could not open IndexedDB has switched by now.
      const where = storeIn(given, options.store !== undefined);
      // The bucket, when the database is in one (and not fallen back to memory).
      const bucket = where.persistent ? indexed?.bucket : undefined;
      return { entries, bytes, ...where, ...origin, ...(bucket && { bucket }) };
    },
    stored() {
      // Memory is lost on reload whatever the browser keeps: nothing to ask for.
      if (given.persistent === true) persistence.stored();
    },
    close() {
      globalThis.removeEventListener?.('pageshow', restored);
      return store.close();
    },
  };
}

/**
 * The entries of the request's partition whose own No-Vary-Search makes them answer its URL, among
 * the candidates its exact key's miss found (./search-variance); undefined when none is selected.
 * Most misses find no candidate, and load nothing more; the rest loads with import() only when
 * there are candidates (in the revalidate chunk).
 */
async function equivalentRead(
  store: CacheStore,
  request: LookupRequest,
  candidates: CacheEntry[],
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
): Promise<LookupResult | undefined> {
  if (candidates.length === 0) return undefined;
  return (await import('./search-variance')).readEquivalent(store, request, candidates, choose);
}

/**
 * The default store reports through the `error` event that IndexedDB could not be opened; an app
 * that does not listen would never know its cache no longer persists (issue 26): say it once in
 * the console too, unless `warnings: false`. The store switches once per instance.
 */
function warnOnFallback(options: ResolvedOptions, onError: StoreErrorHandler): StoreErrorHandler {
  return (error, context) => {
    onError(error, context);
    if (context.recovery !== 'memory' || !options.warnings) return;
    console.warn(
      'cached-fetch: IndexedDB could not be opened: responses kept in memory only',
      error,
    );
  };
}

/** Which store holds the responses, and whether it outlives the page. */
function storeIn(store: CacheStore, given: boolean): Pick<CacheStats, 'store' | 'persistent'> {
  // The default store (IndexedDB, or memory once it fell back) and the built-in ones say which
  // they are by whether they persist; any other store is the app's own.
  const builtIn = !given || store instanceof MemoryStore || store instanceof IndexedDBStore;
  const persistent = store.persistent === true;
  return { store: builtIn ? (persistent ? 'indexeddb' : 'memory') : 'custom', persistent };
}
