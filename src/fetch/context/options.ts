// The options of createCachedFetch, and what they resolve to (defaults filled in). Their checks
// (a wrong option throws a TypeError naming it) are ./option-checks.

import { invalidOption } from '../../options/validate-options';
import { CREDENTIAL_FIELDS } from '../../policy/credentials';
import type { OfflineMode } from '../../policy/stale-on-error';
import type { CacheStore } from '../../store/cache-store';
import {
  DEFAULT_LIMITS,
  type MemoryTierLimits,
  memoryTierLimits,
  type ResolvedMemoryTierLimits,
} from '../../store/limits';
import type { StorageBucketOptions } from '../../store/storage-bucket';
import { networkBeneath } from '../network/inner-network';
import type { OutboxOptions } from './outbox-options';

export interface CachedFetchOptions {
  /**
   * The network. Default: `globalThis.fetch` as it is when the cache is created. Given a cached
   * fetch (such as the installed `globalThis.fetch`), its network is used: caches never stack.
   */
  fetch?: typeof fetch | undefined;
  /** Where responses are kept. Default: IndexedDB (`cached-fetch` database), or memory where IndexedDB is absent. */
  store?: CacheStore | undefined;
  /**
   * Entries of one partition are never served to requests of another, and `cache.clear({ partition })`
   * removes one partition (a user's data at logout). A string, or a function of the request.
   */
  partition?: string | ((request: Request) => string) | undefined;
  /** Most entries kept; least recently used are evicted past it. Default 1000. */
  maxEntries?: number | undefined;
  /** Most bytes kept (bodies and metadata); least recently used are evicted past it. Default 50 MiB. */
  maxBytes?: number | undefined;
  /** Larger responses are passed through without being stored. Default 5 MiB. */
  maxEntryBytes?: number | undefined;
  /**
   * Most bytes one partition keeps (bodies and metadata): past it, that partition's least recently
   * used entries are evicted, never another partition's, so one user's large responses cannot
   * take the whole cache. Default: none (only `maxBytes`). A custom `store` must have
   * `prunesPartitions: true`.
   */
  maxBytesPerPartition?: number | undefined;
  /** The clock, in epoch ms. For tests. Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** Add a `Cache-Status` header (RFC 9211) to returned responses. Default: true. */
  cacheStatus?: boolean | undefined;
  /**
   * When the origin is unreachable (a network error, or a gateway's 502, 503 or 504), `'stale'`
   * answers with any stored response, however stale, unless it has `must-revalidate` or
   * `no-cache` (RFC 9111 §4.2.4). `'any'` answers with those too, beyond the RFC
   * (`detail="offline-any"`, `"timeout-any"` past `networkTimeout`): the last known data of an API
   * that always asks for validation. Default `'error'`: fail as fetch fails.
   */
  offline?: OfflineMode | undefined;
  /**
   * RFC 9111 §4.2.2 heuristic freshness, in seconds, for responses with no explicit expiry (no
   * `max-age`, no `Expires`; never for `no-cache`, and only for heuristically cacheable statuses):
   * a number, or a function of the response head returning one (or undefined to keep the built-in
   * heuristic, 10% of the time since `Last-Modified`). Hits under heuristic freshness say
   * `detail="heuristic"` in Cache-Status. Default: none.
   */
  heuristicFreshness?: number | ((response: Response) => number | undefined) | undefined;
  /**
   * Milliseconds to wait for the response head of a revalidation when a stored response may stand
   * in (stale-if-error, `offline: 'stale'` or `'any'`, a request `max-stale`): past it the stored response
   * answers (`Cache-Status: ...; detail="timeout"`) and the request finishes in the background,
   * storing its result. With nothing to stand in, the request waits as fetch would. Default: none.
   */
  networkTimeout?: number | undefined;
  /**
   * Origins (e.g. `https://api.example.com`) to which conditional headers may be added even when
   * that makes a CORS preflight necessary. Or `true` for every origin. Default: none.
   */
  revalidateCrossOrigin?: boolean | readonly string[] | undefined;
  /**
   * Share invalidations, clears and writes with other tabs and workers of this origin
   * (BroadcastChannel), and hear which of them use the same database: a revalidation then asks for
   * a Web Lock only when another one does. `false`: nothing is shared, and every revalidation asks
   * for the lock. Default: true.
   */
  crossTab?: boolean | undefined;
  /**
   * Warn once in the console about cross-origin responses that hide headers, and once when the
   * default store cannot open IndexedDB (memory for the session). Default: true.
   */
  warnings?: boolean | undefined;
  /**
   * Keeps the metadata and small bodies of recently used responses in memory too, so a repeated
   * hit reads no IndexedDB. The store stays the truth (every write goes to it first); other tabs'
   * changes reach memory through the `crossTab` messages. `false` reads the store every time.
   * Default `{ maxEntries: 500, maxBytes: 4 MiB }` (bodies up to a sixteenth of `maxBytes`).
   */
  memory?: MemoryTierLimits | false | undefined;
  /**
   * Request header names whose values are secrets, beside `Authorization`, `Proxy-Authorization`
   * and `Cookie` (always): e.g. `['x-api-key']`. Their values are never stored (IndexedDB, memory,
   * `entries()`, the inspector): where Vary matching needs them, a keyed hash is kept. A stored
   * response is reused without the origin only for a request with the same values of all of them
   * (else it is revalidated). Default: none.
   */
  secretHeaders?: readonly string[] | undefined;
  /**
   * A durable outbox for writes (decision 0024): a write that cannot reach the origin (network
   * error, 502/503/504, no head within `networkTimeout`) is stored in IndexedDB before the call
   * answers `202 Accepted` (`Cache-Status: cached-fetch; detail="queued"`, its id in
   * `X-Outbox-Id`), then replayed in order, with the same `Idempotency-Key`, once the origin is
   * reachable. `true` for the defaults; see `cache.outbox`. Default: off.
   */
  outbox?: boolean | OutboxOptions | undefined;
  /**
   * Ask the browser to keep the cache's storage (`navigator.storage.persist()`), once, after the
   * first response is stored: persistent storage is not evicted under storage pressure without
   * the user's say. Firefox asks the user; Chromium decides without asking (site engagement, an
   * installed app, notifications granted); Safari grants it by its own rules. `cache.stats()` says
   * whether it was granted (`persisted`). Default: false.
   */
  persist?: boolean | undefined;
  /**
   * Keep the cache's database in a Storage Bucket of its own (`navigator.storageBuckets`) where
   * the browser has them (Chromium): its own quota, and evicted apart from the app's other data,
   * each without the other. A bucket name, or `{ name, durability?, quota? }` (durability
   * `'relaxed'` by default; both apply when the bucket is created). `persist` and `cache.stats()`
   * then ask the bucket; `stats().bucket` names it. Elsewhere (Firefox, Safari, Node), or if the
   * bucket cannot be opened, the default database, unchanged. For the default store only: with
   * `store` it is a TypeError (an `IndexedDBStore` has its own `bucket` option). Default: none.
   */
  storageBucket?: string | StorageBucketOptions | undefined;
}

export interface ResolvedOptions {
  fetch: typeof fetch;
  store: CacheStore | undefined;
  partitionOf: (request: Request) => string;
  maxEntries: number | undefined;
  maxBytes: number | undefined;
  maxEntryBytes: number;
  maxBytesPerPartition: number | undefined;
  now: () => number;
  cacheStatus: boolean;
  offline: OfflineMode;
  networkTimeout: number | undefined;
  heuristicFreshness: ((response: Response) => number | undefined) | undefined;
  revalidatesCrossOrigin: (origin: string) => boolean;
  crossTab: boolean;
  warnings: boolean;
  memory: ResolvedMemoryTierLimits | false;
  /** Lower-cased names of the request fields kept only as keyed hashes (decision 0018). */
  secretHeaders: ReadonlySet<string>;
  outbox: OutboxOptions | undefined;
  persist: boolean;
  storageBucket: string | StorageBucketOptions | undefined;
}

/**
 * The resolved options, defaults filled in. `options` must have passed `checkOptions`
 * (./option-checks), or be undefined: the default instance has none to check, so a page that only
 * calls the exported `cachedFetch` never loads the checks (issue 24: 0.57 KB gzipped before its
 * first data). What only resolving can find (no fetch at all, an origin that does not parse) is
 * checked here.
 */
export function resolveOptions(options: CachedFetchOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  const outbox = options.outbox === true ? {} : options.outbox || undefined;
  const givenFetch = options.fetch ?? globalThis.fetch;
  if (typeof givenFetch !== 'function') {
    invalidOption('fetch', 'a fetch function (and there is no globalThis.fetch)', givenFetch);
  }
  // Given a cached fetch (e.g. the installed globalThis.fetch), use its network: never a cache on a cache.
  const networkFetch = networkBeneath(givenFetch);

  const store = options.store;
  const { partition, heuristicFreshness, maxEntries, maxBytes, networkTimeout } = options;
  const crossOrigin = options.revalidateCrossOrigin ?? false;
  const origins =
    typeof crossOrigin === 'boolean'
      ? undefined
      : new Set(
          crossOrigin.map((origin) => {
            try {
              return new URL(origin).origin;
            } catch {
              return invalidOption('revalidateCrossOrigin', 'a list of absolute origins', origin);
            }
          }),
        );

  return {
    // Called as a plain function: a browser's fetch throws "Illegal invocation" with another `this`.
    fetch: (input, init) => networkFetch(input, init),
    store,
    // A partition function's result is checked on every call (decision 0003): a non-empty string,
    // else a TypeError naming it rejects the request, as a throwing function does (fails closed:
    // nothing read, stored or sent). 42 would be stored under a key `clear({ partition: '42' })`
    // never names; undefined, null and objects under keys no clear can name; '' in the partition
    // of "no partition", which another instance without the option sees.
    partitionOf:
      typeof partition === 'function'
        ? (request) => {
            const value: unknown = partition(request);
            return typeof value === 'string' && value !== ''
              ? value
              : invalidOption('partition()', 'a non-empty string', value);
          }
        : () => partition ?? '',
    maxEntries,
    maxBytes,
    // Also bounds what a download buffers for storing, so it has a default here.
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_LIMITS.maxEntryBytes,
    maxBytesPerPartition: options.maxBytesPerPartition,
    now: options.now ?? Date.now,
    cacheStatus: options.cacheStatus ?? true,
    offline: options.offline ?? 'error',
    networkTimeout,
    heuristicFreshness:
      typeof heuristicFreshness === 'number' ? () => heuristicFreshness : heuristicFreshness,
    revalidatesCrossOrigin: (origin) => origins?.has(origin) ?? (crossOrigin as boolean),
    crossTab: options.crossTab ?? true,
    warnings: options.warnings ?? true,
    // Checked by createCachedFetch (../../options/memory-option), after what is checked here.
    memory: options.memory === false ? false : memoryTierLimits(options.memory),
    secretHeaders: new Set([
      ...CREDENTIAL_FIELDS,
      ...(options.secretHeaders ?? []).map((name) => name.toLowerCase()),
    ]),
    outbox,
    persist: options.persist ?? false,
    storageBucket: options.storageBucket,
  };
}
