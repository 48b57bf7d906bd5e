// createCachedFetch: a function with exactly the type and behaviour of fetch, backed by the cache.
import { primaryKey } from '../policy/cache-key';
import { formatCacheStatus } from '../policy/cache-status';
import { classifyRequest } from '../policy/request-class';
import type { HeaderList, RequestSnapshot } from '../policy/snapshot';
import { type StoreStats, storedBodyBytes } from '../store/cache-store';
import { abortReason, linkedController } from './abort';
import { fetchAndAdmit, revalidateChunk } from './admission';
import { BackgroundWork } from './background';
import type { CacheAction } from './cache-action';
import type { Engine, Lookup } from './engine';
import { type CacheEventListener, CacheEvents, type CacheEventType } from './events';
import { Flights } from './flights';
import { Generations } from './generations';
import { deleteArguments, partitionArgument } from './handle-arguments';
import { markNetwork } from './inner-network';
import { clearStored, invalidateUrls } from './invalidation';
import { notCached, resolveCacheable } from './lookup';
import { withModeHeaders } from './mode-headers';
import { type CachedFetchOptions, type ResolvedOptions, resolveOptions } from './options';
import type { OutboxHandle } from './outbox/handle-types';
import { inOutbox, outboxChunk } from './outbox-chunk';
import { type Outcome, respond, waiterOf } from './outcome';
import { withCacheStatus } from './served-response';
import { headerList, snapshotRequest } from './snapshots';
import { Storage } from './storage';
import { type TabMessage, TabSync } from './tab-sync';

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
  /** Entry count, and bytes counted against `maxBytes` (bodies and their metadata: the sum of `size`). */
  stats(): Promise<StoreStats>;
  /** What is stored (all, or one partition), most recently used first: for dashboards and debugging. */
  entries(filter?: { partition: string }): Promise<CachedEntryInfo[]>;
  /** The stored body of an entry `entries()` listed, or undefined once it is gone: for previews. */
  body(entry: Pick<CachedEntryInfo, 'id'>): Promise<ArrayBuffer | undefined>;
  /**
   * Asks the origin now whether a stored entry is still current: a request for its URL in its
   * partition, with the request headers it varies on, in `cache: 'no-cache'` mode (a conditional
   * request when it has validators). Resolves to that response, as the cached fetch returns it.
   * Rejects with a TypeError, sending nothing, when such a request would now belong to another
   * partition than the entry's (another user is signed in).
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
  /**
   * The outbox of queued writes (decision 0024): `list()`, `flush()`, `retry(id)`,
   * `discard(id)`, `settled()`, `result(id)`. Undefined unless the `outbox` option is on.
   */
  readonly outbox: OutboxHandle | undefined;
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
   * the request did not send it). Empty when the response has no Vary.
   */
  vary: Array<[name: string, value: string | null]>;
  /** The stored response header fields (as merged after 304s), names lower-cased. */
  headers: HeaderList;
  lastUsed: number;
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
  const storage = new Storage(resolved, events, (keys) =>
    engine.tabs.post({ type: 'written', keys }),
  );
  const engine: Engine = {
    options: resolved,
    events,
    storage,
    flights: new Flights<Outcome>(),
    generations: new Generations(),
    tabs: new TabSync(resolved.crossTab, databaseOf(resolved.store), (message) =>
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
      const partition = partitionArgument('entries', args);
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
      return handle(engine, entry.requestUrl, revalidationInit(entry, resolved.partitionOf));
    },
    addEventListener: (type, listener) => events.addEventListener(type, listener),
    removeEventListener: (type, listener) => events.removeEventListener(type, listener),
    async close() {
      engine.tabs.close();
      await outboxChunk.loaded?.call(engine, 'close');
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

  // A Range request is answered from what is stored (./range-request), as any cacheable one.
  if (kind.kind !== 'cacheable' && kind.kind !== 'range' && mode === 'only-if-cached') {
    throw new TypeError('Failed to fetch: only-if-cached cannot be answered from the cache');
  }
  if (kind.kind === 'unsafe') {
    return unsafeRequest(engine, request, snapshot, partition, init?.body);
  }
  if (kind.kind === 'bypass') {
    const response = await options.fetch(withModeHeaders(request, snapshot));
    return forwarded(engine, response, kind.reason === 'method' ? 'method' : 'bypass');
  }

  const key = primaryKey(partition, request.url);
  const onlyIfCached = kind.onlyIfCached
    ? mode === 'only-if-cached'
      ? 'mode'
      : 'directive'
    : false;
  if (kind.kind === 'range') {
    let rangeRequest: typeof import('./range-request').rangeRequest;
    try {
      // Loaded on the first Range request: pages that never send one never download it.
      ({ rangeRequest } = await import('./range-request'));
    } catch (error) {
      // It did not load (offline before any Range request, a deploy removed the chunk): the range
      // is answered as when nothing is stored, and the failure is reported.
      engine.events.emit('error', { error, operation: 'range', url: request.url });
      if (onlyIfCached) return notCached(engine, { onlyIfCached }).response;
      return forwarded(engine, await options.fetch(withModeHeaders(request, snapshot)), 'bypass');
    }
    // The classification's range and readStored; onlyIfCached as this request's mode reads it.
    return rangeRequest(engine, { ...kind, request, snapshot, partition, key, onlyIfCached });
  }
  const lookup: Lookup = {
    request,
    snapshot,
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
    [...snapshot.headers].sort(),
  ]);
  // Only a signal the caller holds can abort: a URL without init.signal has none to listen to.
  const signal =
    init?.signal || (typeof input === 'object' && !(input instanceof URL)) ? request.signal : null;
  const { result, leader } = engine.flights.join(coalesceKey, lookup, signal, (controller) =>
    resolveCacheable(engine, lookup, controller),
  );
  const outcome = await result;
  const response = respond(outcome, waiterOf(options, signal, snapshot.method, leader));
  if (response) return response;
  // This caller joined work whose response cannot be shared: it makes its own request.
  if (request.signal.aborted) throw abortReason(request.signal);
  return ownRequest(engine, lookup);
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
  body: RequestInit['body'],
): Promise<Response> {
  const { options } = engine;
  const after = revalidateChunk.load();
  after.catch(() => {}); // when the request fails first, nobody else awaits it
  const requestTime = options.now();
  const online = async (response: Response) => {
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
  };
  // A write the outbox may queue (./outbox, decision 0024): its first attempt goes through it.
  return options.outbox?.match(request)
    ? inOutbox(engine, 'send', request, partition, body, online)
    : online(await options.fetch(request));
}

/** A response the cache only passed along, with its Cache-Status (RFC 9211 §2.2). */
function forwarded(engine: Engine, response: Response, fwd: 'method' | 'bypass'): Response {
  if (!engine.options.cacheStatus) return response;
  const action: CacheAction = { kind: 'passed', fwd, fwdStatus: response.status };
  return withCacheStatus(response, formatCacheStatus(action));
}
