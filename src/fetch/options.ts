// The options of createCachedFetch, checked eagerly: a wrong option throws a TypeError naming it.
import type { CacheStore } from '../store/cache-store';
import { DEFAULT_LIMITS, type MemoryTierLimits, resolveMemoryTierLimits } from '../store/limits';
import {
  invalidOption,
  optionalBoolean,
  optionalNonNegativeInteger,
  optionalPositiveInteger,
} from '../validate-options';
import { networkBeneath } from './inner-network';

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
  /** The clock, in epoch ms. For tests. Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** Add a `Cache-Status` header (RFC 9211) to returned responses. Default: true. */
  cacheStatus?: boolean | undefined;
  /**
   * When the network fails (not a 5xx), `'stale'` answers with any stored response, however stale,
   * unless it has `must-revalidate` or `no-cache`. Default `'error'`: fail as fetch fails.
   */
  offline?: 'error' | 'stale' | undefined;
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
   * in (stale-if-error, `offline: 'stale'`, a request `max-stale`): past it the stored response
   * answers (`Cache-Status: ...; detail="timeout"`) and the request finishes in the background,
   * storing its result. With nothing to stand in, the request waits as fetch would. Default: none.
   */
  networkTimeout?: number | undefined;
  /**
   * Origins (e.g. `https://api.example.com`) to which conditional headers may be added even when
   * that makes a CORS preflight necessary. Or `true` for every origin. Default: none.
   */
  revalidateCrossOrigin?: boolean | readonly string[] | undefined;
  /** Share invalidations and clears with other tabs of this origin (BroadcastChannel). Default: true. */
  crossTab?: boolean | undefined;
  /** Warn once in the console about cross-origin responses that hide headers. Default: true. */
  warnings?: boolean | undefined;
  /**
   * Keeps the metadata and small bodies of recently used responses in memory too, so a repeated
   * hit reads no IndexedDB. The store stays the truth (every write goes to it first); other tabs'
   * changes reach memory through the `crossTab` messages. `false` reads the store every time.
   * Default `{ maxEntries: 500, maxBytes: 4 MiB }` (bodies up to a sixteenth of `maxBytes`).
   */
  memory?: MemoryTierLimits | false | undefined;
}

export interface ResolvedOptions {
  fetch: typeof fetch;
  store: CacheStore | undefined;
  partitionOf: (request: Request) => string;
  maxEntries: number | undefined;
  maxBytes: number | undefined;
  maxEntryBytes: number;
  now: () => number;
  cacheStatus: boolean;
  offline: 'error' | 'stale';
  networkTimeout: number | undefined;
  heuristicFreshness: ((response: Response) => number | undefined) | undefined;
  revalidatesCrossOrigin: (origin: string) => boolean;
  crossTab: boolean;
  warnings: boolean;
  memory: Required<MemoryTierLimits> | false;
}

const knownOptions = new Set([
  'fetch',
  'store',
  'partition',
  'maxEntries',
  'maxBytes',
  'maxEntryBytes',
  'now',
  'cacheStatus',
  'offline',
  'networkTimeout',
  'heuristicFreshness',
  'revalidateCrossOrigin',
  'crossTab',
  'warnings',
  'memory',
]);

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
  for (const name of Object.keys(options)) {
    if (!knownOptions.has(name)) throw new TypeError(`unknown option options.${name}`);
  }

  const givenFetch = options.fetch ?? globalThis.fetch;
  if (typeof givenFetch !== 'function') {
    invalidOption('fetch', 'a fetch function (and there is no globalThis.fetch)', options.fetch);
  }
  // Given a cached fetch (e.g. the installed globalThis.fetch), use its network: never a cache on a cache.
  const networkFetch = networkBeneath(givenFetch);

  const store = options.store;
  if (store !== undefined) {
    const missing = storeMethods.filter(
      (m) => typeof (store as unknown as Record<string, unknown>)?.[m] !== 'function',
    );
    if (missing.length > 0)
      invalidOption('store', `a CacheStore (missing ${missing.join(', ')})`, store);
  }

  const partition = options.partition;
  let partitionOf: (request: Request) => string;
  if (partition === undefined) partitionOf = () => '';
  else if (typeof partition === 'string') partitionOf = () => partition;
  else if (typeof partition === 'function') partitionOf = partition;
  else invalidOption('partition', 'a string or a function', partition);

  const now = options.now ?? Date.now;
  if (typeof now !== 'function')
    invalidOption('now', 'a function returning epoch milliseconds', now);

  const offline = options.offline ?? 'error';
  if (offline !== 'error' && offline !== 'stale')
    invalidOption('offline', "'error' or 'stale'", offline);

  const crossOrigin = options.revalidateCrossOrigin ?? false;
  let revalidatesCrossOrigin: (origin: string) => boolean;
  if (typeof crossOrigin === 'boolean') revalidatesCrossOrigin = () => crossOrigin;
  else if (Array.isArray(crossOrigin) && crossOrigin.every((o) => typeof o === 'string')) {
    const origins = new Set(
      crossOrigin.map((o) => {
        try {
          return new URL(o).origin;
        } catch {
          return invalidOption('revalidateCrossOrigin', 'a list of absolute origins', o);
        }
      }),
    );
    revalidatesCrossOrigin = (origin) => origins.has(origin);
  } else invalidOption('revalidateCrossOrigin', 'a boolean or an array of origins', crossOrigin);

  return {
    // Called as a plain function: a browser's fetch throws "Illegal invocation" with another `this`.
    fetch: (input, init) => networkFetch(input, init),
    store,
    partitionOf,
    maxEntries: optionalPositiveInteger('maxEntries', options.maxEntries),
    maxBytes: optionalPositiveInteger('maxBytes', options.maxBytes),
    // Also bounds what a download buffers for storing, so it has a default here.
    maxEntryBytes:
      optionalPositiveInteger('maxEntryBytes', options.maxEntryBytes) ??
      DEFAULT_LIMITS.maxEntryBytes,
    now,
    cacheStatus: optionalBoolean('cacheStatus', options.cacheStatus, true),
    offline,
    networkTimeout: optionalPositiveInteger('networkTimeout', options.networkTimeout),
    heuristicFreshness: heuristicOption(options.heuristicFreshness),
    revalidatesCrossOrigin,
    crossTab: optionalBoolean('crossTab', options.crossTab, true),
    warnings: optionalBoolean('warnings', options.warnings, true),
    memory: options.memory === false ? false : resolveMemoryTierLimits(options.memory),
  };
}

function heuristicOption(
  value: CachedFetchOptions['heuristicFreshness'],
): ResolvedOptions['heuristicFreshness'] {
  if (value === undefined || typeof value === 'function') return value;
  const seconds = optionalNonNegativeInteger('heuristicFreshness', value);
  return () => seconds;
}
