// The front's access to the store: every storage failure is reported and answered with a safe
// fallback (nothing stored, nothing found), so it never fails a request (docs/pitfalls.md #10, #11). The store,
// memory tier and governor load with import() (./storage-backend); once loaded, calls reach them
// without waiting. With the default store, the database starts opening when a cached fetch is
// created (warm()), and a page's first lookups read it before that chunk has loaded
// (./early-lookup): a reload's first data waits for neither the chunk's round trip nor its bytes,
// which load after it, at idle (decision 0027, "Seventh pass"). Any other call loads the store,
// and from then on every lookup goes through it, in call order with the writes. The calls only
// code loaded with import() makes (a 304's update, listing, clear) are ./store-calls' or their
// caller's, through `withBackend`: they are not in the entry (decision 0008).
import type { RequestSnapshot } from '../../policy/snapshot';
import type { CacheEntry, LookupResult, NewCacheEntry, StoredBody } from '../../store/cache-store';
import type { MemoryTier } from '../../store/memory-tier';
import { DEFAULT_DATABASE_NAME, firstVisitOpening, openEarly } from '../../store/open-early';
import type { StoreErrorHandler } from '../../store/store-errors';
import type { CacheEvents } from '../context/events';
import type { ResolvedOptions } from '../context/options';
import { afterIdle, lazyModule, noteActivity, whenQuiet } from '../coordination/lazy-module';
import { type EarlyLookup, earlyLookup } from './early-lookup';
import { lookupDeadline, STORE_DEADLINE_MS } from './lookup-deadline';
import type { LookupRequest } from './lookup-request';
import type { StorageBackend } from './storage-backend';

/** The store's chunk: one load per page, shared by every instance. */
const backendChunk = lazyModule(() => import('./storage-backend'));

/** A lookup that cannot read the store: the request goes on as if nothing were stored. */
const nothingStored = (): LookupResult => ({ variants: [], chosen: undefined, body: undefined });

export class StoreAccess {
  readonly #events: CacheEvents;
  readonly #options: ResolvedOptions;
  #backend: StorageBackend | undefined;
  #loading: Promise<StorageBackend> | undefined;
  /** The open started by warm(): settled() and close() wait for it (no connection opens after close). */
  #warming: Promise<void> | undefined;
  /** Tells other tabs which primary keys this tab changed in the store (after the change). */
  readonly announce: (keys: string[]) => void;
  /** Primary key → the writes of complete responses still under way for it, in this tab. */
  readonly #writes = new Map<string, Promise<void>>();
  /**
   * How long a request waits for the store's answer (the chunk's load and the open included): one
   * timer per instance. Lookups wait on it, and so do requests and close() waiting for the changes
   * under way (../route, ../create-cached-fetch).
   */
  readonly withinDeadline = lookupDeadline(STORE_DEADLINE_MS);
  /** The store's IndexedDB database when known (the generation pages share is per database). */
  readonly #database: string | undefined;
  /** Lookups before the store is loaded (./early-lookup), until any call asks for the store. */
  #early: EarlyLookup | undefined;
  /** The uses of entries an early lookup found, recorded once the store has loaded. */
  #earlyUses: Array<[id: string, now: number]> = [];
  /** Starts now the store's load that an early hit scheduled for when the cache is quiet. */
  #loadNow: (() => void) | undefined;
  /** close() calls so far: a lookup begun before one never reaches the store after it. */
  #closes = 0;
  /** Calls waiting for the store's load, run in call order as soon as it has loaded. */
  #waiting: Array<{ run: (backend: StorageBackend) => void; fail: (error: unknown) => void }> = [];

  constructor(
    options: ResolvedOptions,
    events: CacheEvents,
    announce: (keys: string[]) => void = () => {},
    database?: string,
  ) {
    this.#options = options;
    this.#events = events;
    this.announce = announce;
    this.#database = database;
  }

  /** The memory tier, once it has forgotten what another page changed since it last looked. */
  #tier(): MemoryTier | undefined {
    const backend = this.#backend;
    if (backend?.tier && backend.shared.moved()) backend.tier.forget();
    return backend?.tier;
  }

  /**
   * A local invalidation or clear: other pages' memory reads the store from now on (decision
   * 0022). Before the store is loaded this page has nothing to say yet; the call after the change
   * (the store loaded by then) is the one that counts.
   */
  announceChange(): void {
    this.#backend?.shared.bump();
  }

  /**
   * Starts loading the backend, once (a failed load fails the calls waiting for it, reported by
   * each, and the next call tries again).
   */
  #load(whenIdle = false): void {
    if (this.#backend || this.#loading) return;
    // From now on every lookup reads through the store, in order with the calls before it (if
    // the store cannot load, the early reads come back: the calls that needed it failed).
    const early = this.#early;
    this.#early = undefined;
    this.#loadNow = undefined;
    this.#loading = (
      whenIdle ? afterIdle(100).then(() => backendChunk.load()) : backendChunk.load()
    ).then(
      ({ openBackend }) => {
        const onError: StoreErrorHandler = (error, { operation }) => this.report(error, operation);
        const backend = openBackend(
          this.#options,
          this.#events,
          this.announce,
          onError,
          this.#database,
        );
        this.#backend = backend;
        for (const [id, now] of this.#earlyUses) backend.governor.recordUse(id, now);
        this.#earlyUses = [];
        // Now, before any call made from here on can reach the store: call order holds.
        for (const { run } of this.#waiting.splice(0)) run(backend);
        return backend;
      },
      (error: unknown) => {
        this.#loading = undefined;
        this.#early ??= early;
        for (const { fail } of this.#waiting.splice(0)) fail(error);
        throw error;
      },
    );
    this.#loading.catch(() => {}); // its failures reach the calls waiting for it
  }

  /**
   * `call` on the store's backend: at once when it is loaded, else as soon as it has loaded, in
   * call order with every other call waiting for it. (Each awaiting the load on its own, a lookup
   * called just as the load ended found the backend there and reached the store before a clear
   * called earlier that still awaited the load: it read what the clear removed.) Rejects if the
   * load fails. A load it starts with `whenIdle` waits for the next idle moment (a first visit's
   * write). Every store call goes through it, those of ./store-calls too.
   */
  withBackend<T>(call: (backend: StorageBackend) => T | Promise<T>, whenIdle = false): Promise<T> {
    const backend = this.#backend;
    if (backend) {
      // Loaded (every hit read through the store): the call at once, no promise of its own.
      try {
        return Promise.resolve(call(backend));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        run: (loaded) => {
          try {
            resolve(call(loaded));
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
      });
      this.#load(whenIdle);
    });
  }

  /**
   * Starts now what the first request needs (decision 0027): with the default store, the
   * database's open, which the first lookups read (./early-lookup); with any other, the store's
   * code and its open. A failure here is not reported: the first call that needs the store tries
   * again and reports its own.
   */
  warm(): void {
    // Not a database in a Storage Bucket, whose factory only the stores chunk knows.
    if (this.#options.store === undefined && this.#options.storageBucket === undefined) {
      openEarly(DEFAULT_DATABASE_NAME);
      this.#early = earlyLookup(DEFAULT_DATABASE_NAME, (error, url) =>
        this.#events.emit('error', { error, operation: 'format', url }),
      );
    }
    // A page's first touch of localStorage loads the origin's copy, synchronously (Chromium:
    // 2-3 ms): done now, while the database opens, not when the store's chunk reads the shared
    // generation just before the first lookup (../coordination/shared-generation).
    try {
      if (this.#options.crossTab && 'document' in globalThis)
        void (globalThis as { localStorage?: { length: number } }).localStorage?.length;
    } catch {
      // Storage blocked: the shared generation does without it.
    }
    if (this.#early) return;
    this.#warming = this.withBackend(({ store }) => store.open?.()).catch(() => {});
  }

  /**
   * While this page's first lookups wait for the early open: whether it is the origin's first page
   * load of the cache (../../store/database-marker), when nothing can be stored and a request may
   * go to the network before its lookup answers (../cacheable/admission, sendAhead). Undefined
   * once the open has answered or any call has loaded the store, and for a key this tab is
   * writing: its lookup waits for that write (read-your-writes), and so does its request.
   */
  firstVisit(key: string): Promise<boolean> | undefined {
    if (this.#writes.has(key)) return undefined;
    return this.#early && firstVisitOpening(DEFAULT_DATABASE_NAME);
  }

  /**
   * After an early hit, the store loads once the page is idle and the cache quiet (`whenQuiet`:
   * not during an app's boot burst): after the data the page waits for, before the writes and
   * hits that follow. Not after a miss: the idle of its round trip would come before its data,
   * and its response's admission loads the store anyway.
   */
  #loadSoon(): void {
    if (this.#loadNow || !this.#early) return;
    const start = () => {
      if (this.#loadNow !== start) return; // loaded meanwhile, or closed
      this.#warming = this.withBackend(() => {}).catch(() => {});
    };
    this.#loadNow = start;
    whenQuiet(start);
  }

  /** A storage failure, told to the `error` listeners: the call that met it answers safely. */
  report(error: unknown, operation: string, url?: string): void {
    this.#events.emit('error', { error, operation, url });
  }

  /**
   * The variants of the request's key and, in the same read where the store can, the body of the
   * one `choose` picks; when none of them matches the request, the entries of equivalent URLs by
   * No-Vary-Search (./storage-backend, decision 0025). A storage failure reads as "nothing
   * stored": the request goes to the network.
   */
  async lookup(
    request: LookupRequest,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    const { key } = request;
    const closes = this.#closes;
    noteActivity(1);
    try {
      // A warm hit: memory answers at once (no store, no deadline), unless this tab is writing
      // the key (read-your-writes waits for that write below).
      const tier = this.#tier();
      const held =
        this.#writes.has(key) || !tier ? undefined : this.#backend?.peek(request, choose);
      if (held) return held;
      // Past the deadline the request goes on as if nothing were stored; a read that ends later
      // has nobody waiting for it.
      return await this.withinDeadline(
        (async () => {
          // Before the store has loaded, while no call has asked for it: the early read, unless
          // this tab is writing the key (that write loads the store; the lookup waits for it).
          const early = this.#writes.has(key) ? undefined : this.#early;
          const found = early && (await early(request, choose));
          if (found) {
            // Something stored (a hit, a HEAD's, a stale entry's): this page will use the store.
            if (found.variants.length > 0) this.#loadSoon();
            return found;
          }
          // Read-your-writes: a response this tab fetched and read whole is found by the next
          // lookup, even while IndexedDB is still committing it.
          await this.#writes.get(key);
          // Closed while it waited (for the early read, a write, or past its deadline): it reads
          // nothing stored rather than load the store or open its database after close(). A
          // lookup begun after close() reads through the store as before.
          if (closes !== this.#closes) return nothingStored();
          return await this.withBackend((backend) => {
            this.#tier(); // another page may have changed the store while this one waited
            return backend.lookup(request, choose);
          });
        })(),
      );
    } catch (error) {
      this.report(error, 'lookup', request.request.url);
      return nothingStored();
    } finally {
      noteActivity(-1);
    }
  }

  body(entry: CacheEntry): Promise<StoredBody | undefined> {
    return this.bodyOf(entry.id, entry.response.url);
  }

  /** The body stored under `id` (for the handle's `body()`); undefined when gone or unreadable. */
  async bodyOf(id: string, url?: string): Promise<StoredBody | undefined> {
    try {
      return await this.withBackend(({ store }) => {
        this.#tier();
        return store.getBody(id);
      });
    } catch (error) {
      this.report(error, 'getBody', url);
      return undefined;
    }
  }

  /** Makes lookups of `key` wait for `write` (which must never reject) to end. */
  writing(key: string, write: Promise<void>): void {
    const all: Promise<void> = Promise.all([this.#writes.get(key), write]).then(() => {
      if (this.#writes.get(key) === all) this.#writes.delete(key);
    });
    this.#writes.set(key, all);
  }

  /**
   * Stores a complete response; resolves to whether it was written. Never rejects. `stillWanted`
   * is asked before each attempt (a quota retry waits for eviction first).
   */
  async write(
    entry: NewCacheEntry,
    body: ArrayBuffer,
    stillWanted: () => boolean,
  ): Promise<boolean> {
    // Not wanted any more (an invalidation, a clear, or close(): see createCachedFetch): the
    // store is not loaded for it.
    if (!stillWanted()) return false;
    try {
      // A first visit's put comes as its body ends, as the page reads that body (a body sent ahead
      // of its lookup still streams then; reading it may take the page more than one task): the
      // store's chunk is requested at the next idle moment, so that it does not come before the
      // page's first data (as the writes chunk, ../../store/indexeddb-writes-chunk). The put
      // itself is made in call order with the store's other calls.
      return await this.withBackend(async (backend) => {
        const stored = (await backend.governor.write(entry, body, stillWanted)) === 'stored';
        if (stored) {
          this.announce([entry.key]);
          backend.stored();
        }
        return stored;
      }, true);
    } catch (error) {
      this.report(error, 'put', entry.response.url);
      return false;
    }
  }

  /** LRU bookkeeping, batched and run after the response was returned. */
  recordUse(entry: CacheEntry, now: number): void {
    // Only a hit records a use: read through the loaded backend, or early (recorded once loaded).
    if (this.#backend) this.#backend.governor.recordUse(entry.id, now);
    else this.#earlyUses.push([entry.id, now]);
  }

  /** `announce: false` when the caller tells other tabs itself (an invalidation). */
  async deleteKey(key: string, url: string, announce = true): Promise<string[]> {
    try {
      // Reached without a pause when loaded: the memory tier drops the key before any lookup can
      // start (a warm hit is answered at once, ../cacheable/flow).
      const removed = await this.withBackend(({ store }) => store.delete(key));
      if (announce) this.announce([key]);
      return removed;
    } catch (error) {
      this.report(error, 'delete', url);
      return [];
    }
  }

  /** Another tab changed these keys in the store: memory must read them again. */
  forget(keys: string[]): void {
    // Before the first load, memory holds nothing to forget.
    this.#backend?.tier?.forget(keys);
  }

  /**
   * `snapshot` with its secret fields' values replaced by keyed hashes (decision 0018; the key is
   * the store's), or undefined, reported, when they cannot be hashed (no crypto.subtle, the key
   * unreadable): such a request must neither read nor write storage.
   */
  async secure(snapshot: RequestSnapshot): Promise<RequestSnapshot | undefined> {
    try {
      return await this.withBackend(({ secrets }) => secrets.protect(snapshot));
    } catch (error) {
      this.report(error, 'hash-credentials', snapshot.url);
      return undefined;
    }
  }

  /** Resolves when batched LRU touches and queued evictions are written. Never rejects. */
  async settled(): Promise<void> {
    // An early hit's use is recorded once the store has loaded: that load starts now.
    this.#loadNow?.();
    // A load under way may be for a write that follows: wait for it; a failed one was reported.
    await this.#warming;
    await this.#loading?.catch(() => {});
    await this.#backend?.governor.flush();
  }

  /** Closes the store; one never loaded is closed as given (a default one was never opened). */
  async close(): Promise<void> {
    this.#closes++;
    this.#early = undefined;
    this.#loadNow = undefined; // no store opens after close
    await this.#warming;
    await this.#loading?.catch(() => {});
    const backend = this.#backend;
    if (!backend) return this.#options.store?.close();
    await backend.governor.flush();
    await backend.close();
  }
}
