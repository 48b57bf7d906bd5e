// Limits for any CacheStore: size checks before writing, coalesced LRU eviction after, batched
// last-use updates, and QuotaExceededError handling. Never fails the request that caused the work.

import {
  optionalFunction,
  optionalNonNegativeInteger,
  optionalPositiveInteger,
} from '../validate-options';
import type { CacheEntry, CacheStore, NewCacheEntry, StoreLimits } from './cache-store';
import { measureEntrySize } from './entry-size';
import { DEFAULT_LIMITS } from './limits';
import { isQuotaExceeded, notify, type StoreErrorHandler } from './store-errors';

/** Why entries were evicted: over the configured limits, or to make room after a quota error. */
export type EvictionReason = 'limits' | 'quota';

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

export { DEFAULT_LIMITS } from './limits';

/**
 * What each retry after a quota error evicts beyond the room the response needs: this share of
 * the current entries and bytes, more each time (the store's byte count understates what the
 * browser counts). Halving at once, as before, threw away half the cache on every quota error.
 */
const QUOTA_MARGINS = [0.1, 0.25, 0.5];

export { isQuotaExceeded } from './store-errors';

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
 * @throws TypeError at construction when an option is invalid, naming it.
 */
export class StoreGovernor {
  readonly store: CacheStore;
  readonly limits: Required<Omit<StoreLimits, 'partition'>> & { maxEntryBytes: number };
  readonly #touchDelayMs: number;
  readonly #maxBytesPerPartition: number | undefined;
  /** Partitions written since the last prune: each is checked against its budget then. */
  #written = new Set<string>();
  readonly #onEvicted: GovernorOptions['onEvicted'];
  readonly #onError: StoreErrorHandler | undefined;

  /** id → latest use not yet written. */
  #pendingUses = new Map<string, number>();
  #touchTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #pruning: Promise<void> | undefined;
  #pruneQueued: Promise<void> | undefined;

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
   * evicts room for it plus a margin (see QUOTA_MARGINS) and retries, up to three times; if every
   * retry fails, the response is not stored. Never rejects. `stillWanted`, asked just before each attempt, lets the
   * owner withdraw the write (an invalidation or a clear came while it waited): then `'withdrawn'`.
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
    let failure: unknown;
    for (const margin of [0, ...QUOTA_MARGINS]) {
      // Making room took time: the response may no longer be wanted (RFC 9111 §4.4, logout).
      if (margin > 0 && (!(await this.#makeRoomAfterQuota(size, margin)) || !stillWanted())) {
        return stillWanted() ? this.#failed(failure) : 'withdrawn';
      }
      try {
        await this.store.put(entry, body);
        if (this.#maxBytesPerPartition !== undefined) this.#written.add(entry.partition);
        void this.enforceLimits();
        return 'stored';
      } catch (error) {
        if (!isQuotaExceeded(error)) return this.#failed(error);
        failure = error;
      }
    }
    return this.#failed(failure);
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

  /**
   * Evicts down to the limits. Coalesced: while a prune runs, every call shares one queued prune
   * that starts when it ends. Never rejects.
   */
  enforceLimits(): Promise<void> {
    if (this.#pruneQueued) return this.#pruneQueued;
    const running = this.#pruning;
    if (!running) return this.#startPrune();
    const queued = running.then(() => {
      this.#pruneQueued = undefined;
      return this.#startPrune();
    });
    this.#pruneQueued = queued;
    return queued;
  }

  /** Writes batched uses now and resolves when no eviction is running or queued. Never rejects. */
  async flush(): Promise<void> {
    await this.flushUses();
    while (this.#pruning || this.#pruneQueued) await (this.#pruneQueued ?? this.#pruning);
  }

  #startPrune(): Promise<void> {
    const run = this.#pruneAll().then(() => {
      if (this.#pruning === run) this.#pruning = undefined;
    });
    this.#pruning = run;
    return run;
  }

  /**
   * The store's limits, then the budget of each partition written since the last run: a walk of
   * that partition's own LRU order, from its running totals (O(1) when within its budget).
   */
  async #pruneAll(): Promise<void> {
    await this.#prune(this.limits, 'limits');
    const written = this.#written;
    this.#written = new Set();
    const maxBytes = this.#maxBytesPerPartition;
    if (maxBytes === undefined) return;
    for (const partition of written) await this.#prune({ partition, maxBytes }, 'limits');
  }

  /** Prunes to `limits` with fresh last-use times; reports evictions. Never rejects. */
  async #prune(limits: StoreLimits, reason: EvictionReason): Promise<boolean> {
    try {
      await this.flushUses();
      const removed = await this.store.prune(limits);
      if (removed.length > 0) notify(this.#onEvicted, removed, reason);
      return true;
    } catch (error) {
      notify(this.#onError, error, { operation: 'prune', recovery: 'skipped' });
      return false;
    }
  }

  /**
   * After a quota error: evict room for `size` bytes plus a `margin` share of what is stored now
   * (the store's byte count is not the browser's usage: records cost more on disk). False if that
   * failed, or left nothing to evict.
   */
  async #makeRoomAfterQuota(size: number, margin: number): Promise<boolean> {
    try {
      const { entries, bytes } = await this.store.stats();
      if (entries === 0) return false;
      const keep = 1 - margin;
      return await this.#prune(
        {
          maxEntries: Math.floor(Math.min(entries, this.limits.maxEntries) * keep),
          maxBytes: Math.max(0, Math.floor(Math.min(bytes, this.limits.maxBytes) * keep) - size),
        },
        'quota',
      );
    } catch (error) {
      notify(this.#onError, error, { operation: 'stats', recovery: 'skipped' });
      return false;
    }
  }
}
