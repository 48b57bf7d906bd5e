// createCachedFetch: wires one instance (its engine: options, events, storage, flights, tabs) and
// returns a function with exactly the type and behaviour of fetch, with its `cache` handle. What
// one call does is ./route's.
import { resolveMemoryTierLimits } from '../options/memory-option';
import { storedBodyBytes } from '../store/cache-store';
import type { CachedFetch, CacheHandle } from './cache-handle';
import { networkChunk } from './cacheable/admission';
import type { Engine } from './context/engine';
import { CacheEvents } from './context/events';
import { checkOptions } from './context/option-checks';
import { type CachedFetchOptions, type ResolvedOptions, resolveOptions } from './context/options';
import { partitionAtCall } from './context/partition-at-call';
import { BackgroundWork } from './coordination/background';
import { Flights } from './coordination/flights';
import { Generations } from './coordination/generations';
import { lazyModule } from './coordination/lazy-module';
import { type TabMessage, TabSync } from './coordination/tab-sync';
import { markNetwork } from './network/inner-network';
import { inOutbox, outboxChunk } from './outbox/chunk';
import type { OutboxHandle } from './outbox/handle-types';
import type { Outcome } from './response/outcome';
import { handle } from './route';
import { StoreAccess } from './storage/store-access';
/**
 * Creates a fetch with a private RFC 9111 HTTP cache. Throws a TypeError naming the option when
 * an option is wrong.
 *
 * @example
 * const cachedFetch = createCachedFetch({ maxBytes: 50_000_000 });
 * const res = await cachedFetch('/api/products');
 */
export function createCachedFetch(options?: CachedFetchOptions): CachedFetch {
  checkOptions(options);
  const resolved = resolveOptions(options);
  // The memory tier's bounds, checked after what resolving checks (the order the errors of several
  // wrong options come in). Not in resolveOptions: the default instance, which has no options,
  // would load the check with every page (decision 0008).
  if (options?.memory) resolveMemoryTierLimits(options.memory);
  return cachedFetchWith(resolved);
}

/**
 * A cached fetch with options already checked (or none: the default instance, ./default-instance,
 * which so never loads the checks).
 */
export function cachedFetchWith(resolved: ResolvedOptions): CachedFetch {
  const events = new CacheEvents();
  const database = databaseOf(resolved.store);
  const storage = new StoreAccess(
    resolved,
    events,
    (keys) => engine.tabs.post({ type: 'written', keys }),
    database,
  );
  // The store's code and database start loading now, not at the first request (decision 0027),
  // and before the tabs' BroadcastChannels are made: Chromium's open then starts 0.4 ms sooner.
  storage.warm();
  const engine: Engine = {
    options: resolved,
    events,
    storage,
    flights: new Flights<Outcome>(),
    generations: new Generations(),
    invalidations: new BackgroundWork(),
    tabs: new TabSync(resolved.crossTab, database, (message) =>
      engine.background.track(onTabMessage(engine, message)),
    ),
    backgroundRevalidations: new Set(),
    background: new BackgroundWork(),
    warnedOrigins: new Set(),
  };

  const cachedFetch = (input: RequestInfo | URL, init?: RequestInit) => handle(engine, input, init);
  // Opened now: what earlier pages queued is replayed on this one's load.
  if (resolved.outbox) engine.background.track(inOutbox(engine, 'settled'));
  const cache: CacheHandle = {
    // Each method loads the outbox, then calls its own.
    outbox:
      resolved.outbox &&
      (Object.fromEntries(
        'list flush retry discard settled result'
          .split(' ')
          .map((name) => [name, (id: string) => inOutbox(engine, name, id)]),
      ) as unknown as OutboxHandle),
    clear: (...args: unknown[]) => changing(engine, ({ clear }) => clear(engine, args)),
    delete(input: unknown, options?: unknown) {
      // Its partition as the call finds it: a partition function may read who is signed in now.
      const partition = options === undefined ? partitionAtCall(resolved, input) : undefined;
      return changing(engine, ({ deleteUrl }) => deleteUrl(engine, input, options, partition));
    },
    invalidate(filter: unknown) {
      // A url's partition as the call finds it (for a filter naming none), as delete() takes it.
      const atCall = partitionAtCall(resolved, (filter as { url?: unknown } | null)?.url);
      // Requests made from now on wait for it (./route): ordered as delete() and clear().
      const work = networkChunk
        .load()
        .then(({ invalidateStored }) => invalidateStored(engine, filter, atCall));
      engine.invalidations.track(work);
      return work;
    },
    stats: () => storage.withBackend((backend) => backend.stats()),
    async settled() {
      await engine.background.settled();
      await storage.settled();
    },
    async entries(...args: unknown[]) {
      const now = resolved.now();
      const { storedEntries } = await import('./stored-entries');
      return storedEntries(storage, args, now);
    },
    body: async ({ id }) => {
      const body = await storage.bodyOf(id);
      return body === undefined ? undefined : storedBodyBytes(body);
    },
    async revalidate(entry) {
      const { revalidationInit } = await import('./stored-entries');
      return handle(engine, entry.requestUrl, revalidationInit(entry, resolved));
    },
    addEventListener: (type, listener) => events.addEventListener(type, listener),
    removeEventListener: (type, listener) => events.removeEventListener(type, listener),
    async close() {
      // What was fetched before close() is not written after it: a request still under way loads
      // no store and opens no database for it (its lookup reads nothing more: ./storage).
      engine.generations.clear(undefined);
      engine.tabs.close();
      await outboxChunk.loaded?.call(engine, 'close');
      // A change still loading its code (a clear(), a delete(), another tab's) opens the store:
      // done before it closes, not after; at most the store's deadline (a stalled store holds
      // no close(), docs/pitfalls.md #11).
      await storage.withinDeadline(engine.invalidations.settled()).catch(() => {});
      await storage.close();
    },
  };
  markNetwork(cachedFetch, resolved.fetch);
  return Object.assign(cachedFetch, { cache }) as CachedFetch;
}

/** ./handle-changes: clear(), delete() and other tabs' changes, in the stores' chunk. */
const changes = lazyModule(() => import('./handle-changes'));

/**
 * A change to what is stored (./handle-changes): made at once when its code is loaded, so that it
 * reaches the store in call order, as every store call does. Before that, the requests made
 * meanwhile wait for it (./route), as for invalidate(): until it runs, nothing knows what it will
 * remove, and a lookup would read it.
 */
function changing<T>(
  engine: Engine,
  change: (module: typeof import('./handle-changes')) => Promise<T>,
): Promise<T> {
  if (changes.loaded) return change(changes.loaded);
  const work = changes.load().then(change);
  engine.invalidations.track(work);
  return work;
}

/** What another instance said; a message this version does not know is left alone. */
async function onTabMessage(engine: Engine, message: TabMessage): Promise<void> {
  try {
    if (message.type === 'written') engine.storage.forget(message.keys);
    else if (message.type === 'invalidated' || message.type === 'cleared') {
      // Ordered as a local change: requests made while its code loads wait for it.
      await changing(engine, ({ changedInAnotherTab }) => changedInAnotherTab(engine, message));
    }
  } catch (error) {
    engine.events.emit('error', { error, operation: `remote-${message?.type}` });
  }
}

/**
 * The IndexedDB database behind the store, when known: the default store's, or an IndexedDBStore's
 * `name`. Instances on different databases share no entries, so never wait for each other.
 */
function databaseOf(store: ResolvedOptions['store']): string | undefined {
  const name = store ? (store as { name?: unknown }).name : 'cached-fetch';
  return typeof name === 'string' ? name : undefined;
}
