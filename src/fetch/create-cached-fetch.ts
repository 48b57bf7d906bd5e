// createCachedFetch: a function with exactly the type and behaviour of fetch, backed by the cache.
import { primaryKey } from '../policy/cache-key';
import { formatCacheStatus } from '../policy/cache-status';
import { carriesSecret } from '../policy/credentials';
import { classifyRequest } from '../policy/request-class';
import type { HeaderList, RequestSnapshot } from '../policy/snapshot';
import { type CacheStats, storedBodyBytes } from '../store/cache-store';
import { fetchAndAdmit, revalidateChunk } from './cacheable/admission';
import { notCached, resolveCacheable } from './cacheable/flow';
import type { Engine, Lookup } from './context/engine';
import { type CacheEventListener, CacheEvents, type CacheEventType } from './context/events';
import { type CachedFetchOptions, type ResolvedOptions, resolveOptions } from './context/options';
import { BackgroundWork } from './coordination/background';
import { Flights } from './coordination/flights';
import { Generations } from './coordination/generations';
import { lazyModule } from './coordination/lazy-module';
import { type TabMessage, TabSync } from './coordination/tab-sync';
import { deleteArguments, partitionArgument } from './handle-arguments';
import { markNetwork } from './network/inner-network';
import { withModeHeaders } from './network/mode-headers';
import { passedToFetch, sharingOptions } from './network/request-options';
import { headerList, snapshotRequest } from './network/snapshots';
import { abortReason, linkedController } from './response/abort';
import type { CacheAction } from './response/cache-action';
import { type Outcome, respond, waiterOf } from './response/outcome';
import { withCacheStatus } from './response/served-response';
import { Storage } from './storage/store-access';
import { clearStored, invalidateUrls } from './unsafe/invalidation';

/** The `cache` handle on a cached fetch. */
export interface CacheHandle {
  /**
   * `clear()`, with no argument, removes every stored response; `clear({ partition })` removes one
   * partition's (a user's, at logout). Anything else (`clear('alice')`, `{ partition: undefined }`)
   * throws a TypeError naming the argument and removes nothing. Resolves to how many went.
   */
  clear(): Promise<number>;
  clear(filter: { partition: string }): Promise<number>;
  /**
   * Removes every stored variant of a URL, in `options.partition`, or else in the partition the
   * `partition` option gives for `new Request(input)` (a partition function that reads request
   * headers needs the Request, or the explicit partition).
   */
  delete(input: string | URL | Request, options?: { partition: string }): Promise<number>;
  /**
   * Entry count, bytes counted against `maxBytes` (bodies and their metadata: the sum of `size`),
   * which store holds them and whether it persists: `{ entries, bytes, store: 'indexeddb',
   * persistent: true }`, or `store: 'memory', persistent: false` where IndexedDB is absent (Node)
   * or could not be opened.
   */
  stats(): Promise<CacheStats>;
  /**
   * What is stored (all, or one partition), most recently used first: for dashboards and
   * debugging. A read, so `entries(undefined)` lists all too (`clear(undefined)` throws).
   */
  entries(filter?: { partition: string }): Promise<CachedEntryInfo[]>;
  /** The stored body of an entry `entries()` listed, or undefined once it is gone: for previews. */
  body(entry: Pick<CachedEntryInfo, 'id'>): Promise<ArrayBuffer | undefined>;
  /**
   * Asks the origin now whether a stored entry is still current: a request for its URL in its
   * partition, with the request headers it varies on, in `cache: 'no-cache'` mode (a conditional
   * request when it has validators). Resolves to that response, as the cached fetch returns it.
   * Rejects with a TypeError, sending nothing, when such a request would now belong to another
   * partition than the entry's (another user is signed in), or when the entry varies on a
   * credential (`Authorization`, a `secretHeaders` field): the cache keeps only its hash, and
   * never sends a stored credential (decision 0018). Credentials it does not vary on are not sent.
   */
  revalidate(entry: Pick<CachedEntryInfo, 'requestUrl' | 'partition' | 'vary'>): Promise<Response>;
  /** Listens to one event type; returns a function that removes the listener. */
  addEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): () => void;
  removeEventListener<T extends CacheEventType>(type: T, listener: CacheEventListener<T>): void;
  /**
   * Resolves when the work that runs after responses were returned is done: bodies being stored,
   * background revalidations, requests that outlived `networkTimeout`, LRU touches, eviction.
   * In a Service Worker: `event.waitUntil(cache.settled())`.
   */
  settled(): Promise<void>;
  /** Closes the store and the cross-tab channel. */
  close(): Promise<void>;
}

/** One stored response, as `cache.entries()` describes it. */
export interface CachedEntryInfo {
  /** Unique id of this stored variant (a new response gets a new id; a 304 keeps it). */
  id: string;
  /** The request URL the entry is keyed by: what `cache.delete()` takes. */
  requestUrl: string;
  /**
   * The response's URL (`Response.url`: after redirects). Entries are keyed by the request URL,
   * which differs for a redirected response: `cache.delete()` takes the request URL.
   */
  url: string;
  partition: string;
  status: number;
  /** RFC 9111 §4.2.3 current age, in whole seconds. */
  ageSec: number;
  /** Freshness left, in seconds; negative once stale. */
  ttlSec: number;
  /** Bytes counted against `maxBytes`: the body and the stored metadata (URL, headers, freshness). */
  size: number;
  /** Body length in bytes (what the `stored` event reports as `bytes`). */
  bodySize: number;
  etag: string | null;
  lastModified: string | null;
  /** The request header values this variant was selected by (its Vary), as stored. */
  secondaryKey: string;
  /**
   * The same, decoded: `[name, value]` for each request header its Vary names (value null when
   * the request did not send it). Empty when the response has no Vary. The value of a credential
   * (`Authorization`, `Proxy-Authorization`, `Cookie`, a `secretHeaders` field) is its keyed hash,
   * `hmac:...`: the cache never keeps the credential itself (decision 0018).
   */
  vary: Array<[name: string, value: string | null]>;
  /** The stored response header fields (as merged after 304s), names lower-cased. */
  headers: HeaderList;
  lastUsed: number;
  /**
   * Present for stored partial content (a 206 kept for Range requests, RFC 9111 §3.3): the
   * complete length (null when unknown) and the byte ranges stored, `[first, last]` inclusive.
   * Such an entry is listed beside the complete response of the same URL, if any.
   */
  ranges?: { completeLength: number | null; bytes: Array<[first: number, last: number]> };
}

/** A fetch function with a private HTTP cache. */
export type CachedFetch = typeof fetch & { readonly cache: CacheHandle };

/**
 * Creates a fetch with a private RFC 9111 HTTP cache. Throws a TypeError naming the option when
 * an option is wrong.
 *
 * @example
 * const cachedFetch = createCachedFetch({ maxBytes: 50_000_000 });
 * const res = await cachedFetch('/api/products');
 */
export function createCachedFetch(options?: CachedFetchOptions): CachedFetch {
  const resolved = resolveOptions(options);
  const events = new CacheEvents();
  const database = databaseOf(resolved.store);
  const storage = new Storage(
    resolved,
    events,
    (keys) => engine.tabs.post({ type: 'written', keys }),
    database,
  );
  const engine: Engine = {
    options: resolved,
    events,
    storage,
    flights: new Flights<Outcome>(),
    generations: new Generations(),
    tabs: new TabSync(resolved.crossTab, database, (message) =>
      engine.background.track(onTabMessage(engine, message)),
    ),
    backgroundRevalidations: new Set(),
    background: new BackgroundWork(),
    warnedOrigins: new Set(),
  };

  const cachedFetch = (input: RequestInfo | URL, init?: RequestInit) => handle(engine, input, init);
  const cache: CacheHandle = {
    async clear(...args: unknown[]) {
      return clearStored(engine, partitionArgument('clear', args), 'local');
    },
    async delete(input: unknown, options?: unknown) {
      const { request, partition } = deleteArguments(input, options);
      const target = partition ?? resolved.partitionOf(request);
      return invalidateUrls(engine, target, [request.url], 'local');
    },
    stats: () => storage.stats(),
    async settled() {
      await engine.background.settled();
      await storage.settled();
    },
    async entries(...args: unknown[]) {
      // A read: `entries(undefined)` (its type allows it, as `filter?`) lists all, as `entries()`.
      const partition = args[0] === undefined ? undefined : partitionArgument('entries', args);
      const now = resolved.now();
      const [{ entryInfo }, listed] = await Promise.all([
        import('./stored-entries'),
        storage.list(partition === undefined ? {} : { partition }),
      ]);
      return listed.map((entry) => entryInfo(entry, now));
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
      engine.tabs.close();
      await storage.close();
    },
  };
  markNetwork(cachedFetch, resolved.fetch);
  return Object.assign(cachedFetch, { cache }) as CachedFetch;
}

/** What another instance said; a message this version does not know is left alone. */
async function onTabMessage(engine: Engine, message: TabMessage): Promise<void> {
  try {
    if (message.type === 'written') engine.storage.forget(message.keys);
    else if (message.type === 'invalidated') {
      await invalidateUrls(engine, message.partition, message.urls, 'remote');
    } else if (message.type === 'cleared') await clearStored(engine, message.partition, 'remote');
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

function requestedMode(input: RequestInfo | URL, init: RequestInit | undefined): RequestCache {
  if (init?.cache !== undefined) return init.cache;
  if (typeof input === 'object' && input !== null && 'cache' in input) return input.cache;
  return 'default';
}

async function handle(
  engine: Engine,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<Response> {
  const mode = requestedMode(input, init);
  // Browsers reject only-if-cached outside same-origin mode; we implement it ourselves, anywhere.
  const request = new Request(
    input,
    mode === 'only-if-cached' ? { ...init, cache: 'default' } : init,
  );
  const snapshot = snapshotRequest(request, mode);
  const kind = classifyRequest(snapshot);
  const { options } = engine;
  const partition = options.partitionOf(request);
  if (engine.generations.use(partition) && options.warnings) {
    console.warn(
      `cached-fetch: "${partition}" was cleared in another tab: not stored here (README, Logout)`,
    );
  }

  if (kind.kind === 'unsafe') {
    if (mode === 'only-if-cached') throw notFromCache();
    return unsafeRequest(engine, request, snapshot, partition);
  }
  // Options only fetch can apply to this request (./request-options) pass it through, as bypass does.
  if (kind.kind === 'bypass' || passedToFetch(request, kind.kind === 'range')) {
    if (mode === 'only-if-cached') throw notFromCache();
    const response = await options.fetch(withModeHeaders(request, snapshot));
    const fwd = kind.kind === 'bypass' && kind.reason === 'method' ? 'method' : 'bypass';
    return forwarded(engine, response, fwd);
  }

  const key = primaryKey(partition, request.url);
  const onlyIfCached = kind.onlyIfCached
    ? mode === 'only-if-cached'
      ? 'mode'
      : 'directive'
    : false;
  // Decision 0018: what the cache keeps of credentials is their keyed hashes, never the values.
  // A request without credentials pays one pass over its header names, and no extra tick.
  const secured = carriesSecret(snapshot.headers, options.secretHeaders)
    ? await engine.storage.secure(snapshot)
    : snapshot;
  if (secured === undefined) {
    // No hash to be had: this request neither reads nor writes storage.
    if (onlyIfCached) return notCached(engine, { onlyIfCached }).response;
    const response = await options.fetch(withModeHeaders(request, snapshot));
    return forwarded(engine, response, 'bypass');
  }
  if (kind.kind === 'range') {
    let rangeRequest: typeof import('./range/request').rangeRequest;
    try {
      // Loaded on the first Range request: pages that never send one never download it.
      ({ rangeRequest } = await import('./range/request'));
    } catch (error) {
      // It did not load (offline before any Range request, a deploy removed the chunk): the range
      // is answered as when nothing is stored, and the failure is reported.
      engine.events.emit('error', { error, operation: 'range', url: request.url });
      if (onlyIfCached) return notCached(engine, { onlyIfCached }).response;
      return forwarded(engine, await options.fetch(withModeHeaders(request, snapshot)), 'bypass');
    }
    // The classification's range and readStored; onlyIfCached as this request's mode reads it.
    return rangeRequest(engine, {
      ...kind,
      request,
      snapshot: secured,
      partition,
      key,
      onlyIfCached,
    });
  }
  const lookup: Lookup = {
    request,
    snapshot: secured,
    partition,
    key,
    readStored: kind.readStored,
    onlyIfCached,
    generation: engine.generations.of(key, partition),
  };
  const coalesceKey = JSON.stringify([
    partition,
    snapshot.method,
    snapshot.url,
    mode,
    [...secured.headers].sort(),
    sharingOptions(request),
  ]);
  // Only a signal the caller holds can abort: a URL without init.signal has none to listen to.
  const signal =
    init?.signal || (typeof input === 'object' && !(input instanceof URL)) ? request.signal : null;
  const { result, leader } = engine.flights.join(coalesceKey, lookup, signal, (controller) =>
    resolveCacheable(engine, lookup, controller),
  );
  const outcome = await result;
  let response = respond(outcome, waiterOf(options, signal, snapshot.method, leader));
  if (!response) {
    // This caller joined work whose response cannot be shared: it makes its own request.
    if (request.signal.aborted) throw abortReason(request.signal);
    response = await ownRequest(engine, lookup);
  }
  // Fetch: the body is checked against the request's integrity before the response is given,
  // whether it came from storage, a 304, another caller's request or our own (./network sends
  // none: a 304 has no body to match).
  if (!request.integrity) return response;
  const { withIntegrity } = await integrityChunk.load();
  return withIntegrity(response, request.integrity);
}

/** SRI, loaded by the first request that carries `integrity`. */
const integrityChunk = lazyModule(() => import('./response/integrity'));

function notFromCache(): TypeError {
  return new TypeError('Failed to fetch: only-if-cached cannot be answered from the cache');
}

async function ownRequest(engine: Engine, lookup: Lookup): Promise<Response> {
  const { controller, unlink } = linkedController(lookup.request.signal);
  try {
    const abort = () => controller.abort();
    const action = { kind: 'miss', fwd: 'miss' } as const;
    const outcome = await fetchAndAdmit(engine, lookup, action, controller.signal, abort);
    return respond(
      outcome,
      waiterOf(engine.options, lookup.request.signal, lookup.snapshot.method),
    )!;
  } finally {
    unlink();
  }
}

/**
 * RFC 9111 §4.4: after a non-error reply to an unsafe method, stored responses for the URI go
 * (./unsafe-request, in the revalidate chunk: loaded beside the round trip, so the request is never
 * held back for it).
 */
async function unsafeRequest(
  engine: Engine,
  request: Request,
  snapshot: RequestSnapshot,
  partition: string,
): Promise<Response> {
  const { options } = engine;
  const after = revalidateChunk.load();
  after.catch(() => {}); // when the request fails first, nobody else awaits it
  const requestTime = options.now();
  const response = await options.fetch(request);
  const network = {
    response,
    snapshot: {
      status: response.status,
      headers: headerList(response.headers),
      requestTime,
      responseTime: options.now(),
    },
  };
  let loaded: Awaited<typeof after>;
  try {
    loaded = await after;
  } catch (error) {
    // The module did not load (offline, a deploy removed it): the response still goes through.
    engine.events.emit('error', { error, operation: 'invalidate', url: request.url });
    return forwarded(engine, response, 'method');
  }
  const stored = await loaded.afterUnsafeResponse(engine, request, snapshot, partition, network);
  return stored ?? forwarded(engine, response, 'method');
}

/** A response the cache only passed along, with its Cache-Status (RFC 9211 §2.2). */
function forwarded(engine: Engine, response: Response, fwd: 'method' | 'bypass'): Response {
  if (!engine.options.cacheStatus) return response;
  const action: CacheAction = { kind: 'passed', fwd, fwdStatus: response.status };
  return withCacheStatus(response, formatCacheStatus(action));
}
