// Limits for any CacheStore: size checks before writing, coalesced LRU eviction after, batched
// last-use updates, and QuotaExceededError handling. Never fails the request that caused the work.

import { optionalPositiveInteger } from '../options/positive-integer-option';
import type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits } from './cache-store';
import { measureEntrySize } from './entry-size';
import type { Eviction, EvictionReason } from './governor-eviction';
import { DEFAULT_LIMITS } from './limits';
import { isQuotaExceeded, notify, type StoreErrorHandler } from './store-errors';
import { optionalFunction, optionalNonNegativeInteger } from './store-option-checks';

/** Options of {@link StoreGovernor}. */
export interface GovernorOptions {
  /** Most entries kept. Default 1000. */
  maxEntries?: number | undefined;
  /** Most bytes kept (sum of `CacheEntry.size`: body plus metadata). Default 50 MiB. */
  maxBytes?: number | undefined;
  /** Entries measuring more than this are not stored. Default 5 MiB. */
  maxEntryBytes?: number;
  /**
   * Most bytes one partition keeps: past it, that partition's least recently used entries are
   * evicted, no other's (decision 0026). Default: none. Needs a store whose `prunesPartitions`
   * is true (every built-in one).
   */
  maxBytesPerPartition?: number | undefined;
  /** How long last-use updates are batched before one `touch`. Default 100 ms. */
  touchDelayMs?: number;
  /** Called with the entries each eviction removed, least recently used first. */
  onEvicted?: (entries: CacheEntry[], reason: EvictionReason) => void;
  /** Told about every store failure the governor absorbed (all with recovery `'skipped'`). */
  onError?: StoreErrorHandler;
}

/** What {@link StoreGovernor.write} did with a response. */
export type WriteOutcome = 'stored' | 'too-large' | 'failed' | 'withdrawn';

export type { EvictionReason } from './governor-eviction';
export { DEFAULT_LIMITS } from './limits';
export { isQuotaExceeded } from './store-errors';

/**
 * Eviction and quota retries (./governor-eviction), loaded by the first write that needs them. An
 * import() that throws rather than rejects (a wrapper in a worker) rejects here too.
 */
const loadEviction = () =>
  new Promise<typeof import('./governor-eviction')>((resolve) =>
    resolve(import('./governor-eviction')),
  );

/**
 * Enforces limits on any {@link CacheStore} (built-in or user-supplied); reads go to `store`
 * directly. Writes go through {@link StoreGovernor.write}; cache hits are reported with
 * {@link StoreGovernor.recordUse}. None of its methods reject: failures are reported to
 * `onError` and the response simply is not stored.
 *
 * Eviction runs after every write, least recently used first, through `store.prune`. It is
 * coalesced: at most one prune runs and at most one more is queued, however many writes trigger it.
 * The governor does not guess whether a prune is needed: it cannot know what the store holds
 * without asking it (other tabs, other governors and the store's own callers change that), and
 * asking `stats()` first would add a call to every write, one a custom store may answer in O(n).
 * The built-in stores answer a prune within the limits from running totals instead (IndexedDB:
 * one `meta` read in a readonly transaction), so the call after each write costs O(1).
 *
 * What runs only after a write (eviction, quota retries) is in ./governor-eviction, loaded when
 * first needed: a page of hits runs only {@link StoreGovernor.recordUse}.
 *
 * @throws TypeError at construction when an option is invalid, naming it.
 */
export class StoreGovernor {
  readonly store: CacheStore;
  readonly limits: Required<Omit<StoreLimits, 'partition'>> & { maxEntryBytes: number };
  readonly #touchDelayMs: number;
  readonly #maxBytesPerPartition: number | undefined;
  readonly #onEvicted: GovernorOptions['onEvicted'];
  readonly #onError: StoreErrorHandler | undefined;

  /** id → latest use not yet written. */
  #pendingUses = new Map<string, number>();
  #touchTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** This governor's eviction, once its load has started (undefined again if it failed). */
  #eviction: Promise<Eviction> | undefined;
  /** The eviction asked for last (its load included), which ends after those asked before. */
  #evicting: Promise<void> = Promise.resolve();

  constructor(store: CacheStore, options: GovernorOptions = {}) {
    this.store = store;
    this.limits = {
      maxEntries:
        optionalPositiveInteger('maxEntries', options.maxEntries) ?? DEFAULT_LIMITS.maxEntries,
      maxBytes: optionalPositiveInteger('maxBytes', options.maxBytes) ?? DEFAULT_LIMITS.maxBytes,
      maxEntryBytes:
        optionalPositiveInteger('maxEntryBytes', options.maxEntryBytes) ??
        DEFAULT_LIMITS.maxEntryBytes,
    };
    this.#touchDelayMs =
      optionalNonNegativeInteger('touchDelayMs', options.touchDelayMs) ??
      DEFAULT_LIMITS.touchDelayMs;
    this.#onEvicted = optionalFunction('onEvicted', options.onEvicted);
    this.#maxBytesPerPartition = optionalPositiveInteger(
      'maxBytesPerPartition',
      options.maxBytesPerPartition,
    );
    if (this.#maxBytesPerPartition !== undefined && store.prunesPartitions !== true) {
      // A store that ignored `limits.partition` would evict every partition to one's budget.
      throw new TypeError(
        'options.maxBytesPerPartition needs a store that prunes partitions (prunesPartitions: true)',
      );
    }
    this.#onError = optionalFunction('onError', options.onError);
  }

  /**
   * Stores a response unless it is too large, then schedules eviction. On QuotaExceededError it
   * evicts room for it plus a margin (./governor-eviction's QUOTA_MARGINS) and retries, up to three
   * times; if every retry fails, the response is not stored. Never rejects. `stillWanted`, asked
   * just before each attempt, lets the owner withdraw the write (an invalidation or a clear came
   * while it waited): then `'withdrawn'`.
   */
  async write(
    entry: NewCacheEntry,
    body: ArrayBuffer,
    stillWanted: () => boolean = () => true,
  ): Promise<WriteOutcome> {
    const size = measureEntrySize({ ...entry, bodySize: body.byteLength }, body.byteLength);
    // An entry over maxBytes would be evicted at once, taking every other entry with it.
    if (size > this.limits.maxEntryBytes || size > this.limits.maxBytes) return 'too-large';
    // Nor one over its partition's budget: it would take the rest of that partition with it.
    if (size > (this.#maxBytesPerPartition ?? size)) return 'too-large';
    if (!stillWanted()) return 'withdrawn';
    try {
      // Called at once (nothing awaited first), so the store's transaction for it is created in
      // call order, before that of any call made after this one.
      await this.store.put(entry, body);
    } catch (error) {
      if (!isQuotaExceeded(error)) return this.#failed(error);
      // Eviction that cannot load fails this write only, reported as the put's failure.
      try {
        const eviction = await this.#loadEviction();
        if ((await eviction.retry(entry, body, size, stillWanted, error)) === 'withdrawn')
          return 'withdrawn';
      } catch (failure) {
        return this.#failed(failure);
      }
    }
    this.#evictAfter(entry.partition);
    return 'stored';
  }

  /**
   * Evicts down to the limits after a write to `partition`, once eviction has loaded; one that
   * cannot load is reported as a failed prune (the entry stays stored; the next write tries again).
   */
  #evictAfter(partition: string): void {
    this.#evicting = this.#loadEviction().then(
      (eviction) => eviction.stored(partition),
      (error: unknown) => notify(this.#onError, error, { operation: 'prune', recovery: 'skipped' }),
    );
  }

  #loadEviction(): Promise<Eviction> {
    this.#eviction ??= loadEviction().then(
      ({ Eviction }) =>
        new Eviction({
          store: this.store,
          limits: this.limits,
          maxBytesPerPartition: this.#maxBytesPerPartition,
          onEvicted: this.#onEvicted,
          onError: this.#onError,
          flushUses: () => this.flushUses(),
        }),
      (error: unknown) => {
        this.#eviction = undefined;
        throw error;
      },
    );
    return this.#eviction;
  }

  #failed(error: unknown): 'failed' {
    notify(this.#onError, error, { operation: 'put', recovery: 'skipped' });
    return 'failed';
  }

  /** Records a cache hit for LRU. Written in one batch, shortly after or before the next prune. */
  recordUse(id: string, now: number): void {
    this.#pendingUses.set(id, Math.max(now, this.#pendingUses.get(id) ?? now));
    if (this.#touchTimer !== undefined) return;
    this.#touchTimer = setTimeout(() => void this.flushUses(), this.#touchDelayMs);
    // In Node, a pending batch of last-use times must not keep the process alive.
    (this.#touchTimer as { unref?: () => void }).unref?.();
  }

  /** Writes the batched uses now, in one `touch`. Never rejects. */
  flushUses(): Promise<void> {
    clearTimeout(this.#touchTimer);
    this.#touchTimer = undefined;
    if (this.#pendingUses.size === 0) return this.#flushing;
    const uses = [...this.#pendingUses].map(([id, lastUsed]) => ({ id, lastUsed }));
    this.#pendingUses = new Map();
    // Chained, so a later flush never overtakes an earlier one.
    this.#flushing = this.#flushing.then(() =>
      this.store.touch(uses).catch((error: unknown) => {
        notify(this.#onError, error, { operation: 'touch', recovery: 'skipped' });
      }),
    );
    return this.#flushing;
  }

  /** Writes batched uses now and resolves when no eviction is running or queued. Never rejects. */
  async flush(): Promise<void> {
    await this.flushUses();
    // A write while this waited asks for another eviction: wait for that one too.
    let evicting: Promise<void> | undefined;
    while (evicting !== this.#evicting) {
      evicting = this.#evicting;
      await evicting;
    }
  }
}
