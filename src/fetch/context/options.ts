// The options of createCachedFetch, checked eagerly: a wrong option throws a TypeError naming it.
import { CREDENTIAL_FIELDS } from '../../policy/credentials';
import { isToken } from '../../policy/headers';
import type { OfflineMode } from '../../policy/stale-on-error';
import type { CacheStore } from '../../store/cache-store';
import {
  DEFAULT_LIMITS,
  type MemoryTierLimits,
  type ResolvedMemoryTierLimits,
  resolveMemoryTierLimits,
} from '../../store/limits';
import type { StorageBucketOptions } from '../../store/storage-bucket';
import { invalidOption, isStorageBucket, STORAGE_BUCKET } from '../../validate-options';
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

/** A check of one option's value: what it should be (for the message), and whether it is. */
type Check = [expected: string, valid: (value: unknown) => boolean];

const positiveInteger: Check = [
  'a positive integer',
  (value) => Number.isSafeInteger(value) && (value as number) > 0,
];
const boolean: Check = ['a boolean', (value) => typeof value === 'boolean'];
const isFunction = (value: unknown) => typeof value === 'function';

/**
 * Every option and its check, applied to values that are not undefined (defaults are in
 * resolveOptions). An option missing here is unknown. `store`, `revalidateCrossOrigin` and
 * `memory` have a second, more precise check in resolveOptions.
 */
const checks: Record<keyof CachedFetchOptions, Check> = {
  fetch: ['a fetch function', isFunction],
  store: ['a CacheStore', (value) => typeof value === 'object' && value !== null],
  partition: ['a string or a function', (value) => typeof value === 'string' || isFunction(value)],
  maxEntries: positiveInteger,
  maxBytes: positiveInteger,
  maxEntryBytes: positiveInteger,
  maxBytesPerPartition: positiveInteger,
  now: ['a function returning epoch milliseconds', isFunction],
  cacheStatus: boolean,
  offline: [
    "'error', 'stale' or 'any'",
    (value) => ['error', 'stale', 'any'].includes(value as string),
  ],
  networkTimeout: positiveInteger,
  heuristicFreshness: [
    'a non-negative integer',
    (value) => isFunction(value) || (Number.isSafeInteger(value) && (value as number) >= 0),
  ],
  revalidateCrossOrigin: [
    'a boolean or an array of origins',
    (value) =>
      typeof value === 'boolean' ||
      (Array.isArray(value) && value.every((origin) => typeof origin === 'string')),
  ],
  crossTab: boolean,
  warnings: boolean,
  persist: boolean,
  storageBucket: [STORAGE_BUCKET, isStorageBucket],
  memory: [
    'false or { maxEntries?, maxBytes? }',
    (value) => value !== null && (value === false || typeof value === 'object'),
  ],
  secretHeaders: [
    'an array of header names',
    (value) =>
      Array.isArray(value) && value.every((name) => typeof name === 'string' && isToken(name)),
  ],
  outbox: [
    'a boolean or an object',
    (value) => typeof value === 'boolean' || (typeof value === 'object' && value !== null),
  ],
};

const outboxChecks: Record<keyof OutboxOptions, Check> = {
  match: ['a function', isFunction],
  maxEntries: positiveInteger,
  maxBytes: positiveInteger,
  maxAttempts: positiveInteger,
  maxAgeMs: positiveInteger,
};

/** Throws a TypeError naming the first option of `given` that is unknown or wrong. */
function checkAll(given: object, known: Record<string, Check>, prefix = ''): void {
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(known, name)) throw new TypeError(`unknown option options.${prefix}${name}`);
    const [expected, valid] = known[name]!;
    if (value !== undefined && !valid(value)) invalidOption(prefix + name, expected, value);
  }
}

const storeMethods = [
  'getVariants',
  'getBody',
  'put',
  'update',
  'touch',
  'delete',
  'clear',
  'prune',
  'stats',
  'list',
  'close',
];

export function resolveOptions(options: CachedFetchOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`expected options to be an object, got ${typeof options}`);
  }
  checkAll(options, checks);
  // `{ ... }` is checked the same way, one level down (./outbox-options).
  const outbox = options.outbox === true ? {} : options.outbox || undefined;
  if (outbox) checkAll(outbox, outboxChecks, 'outbox.');

  const givenFetch = options.fetch ?? globalThis.fetch;
  if (typeof givenFetch !== 'function') {
    invalidOption('fetch', 'a fetch function (and there is no globalThis.fetch)', givenFetch);
  }
  // Given a cached fetch (e.g. the installed globalThis.fetch), use its network: never a cache on a cache.
  const networkFetch = networkBeneath(givenFetch);

  const store = options.store;
  const missing = storeMethods.filter(
    (method) =>
      store && typeof (store as unknown as Record<string, unknown>)[method] !== 'function',
  );
  if (missing.length > 0) {
    invalidOption('store', `a CacheStore (missing ${missing.join(', ')})`, store);
  }
  // The bucket is where the default store opens its database: with a store of the app's own it
  // would be ignored without a word, and the app's data would not be where it asked.
  if (options.storageBucket !== undefined && store) {
    invalidOption('storageBucket', 'absent with options.store', options.storageBucket);
  }
  // A store that ignores `limits.partition` would evict every partition down to one's budget.
  if (options.maxBytesPerPartition && store && !store.prunesPartitions) {
    invalidOption('maxBytesPerPartition', 'with a store whose prunesPartitions is true', store);
  }

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
    memory: options.memory === false ? false : resolveMemoryTierLimits(options.memory),
    secretHeaders: new Set([
      ...CREDENTIAL_FIELDS,
      ...(options.secretHeaders ?? []).map((name) => name.toLowerCase()),
    ]),
    outbox,
    persist: options.persist ?? false,
    storageBucket: options.storageBucket,
  };
}
