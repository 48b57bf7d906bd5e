// The CacheStore contract in memory: for Node, SSR, tests, and the fallback when IndexedDB is unusable.
import type { StoredResponse } from '../policy/snapshot';
import type {
  CacheEntry,
  CacheStore,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreListFilter,
  StoreStats,
} from './cache-store';
import { measuredEntry } from './entry-size';
import { newHashKey } from './hash-key';
import { byMostRecentUse } from './lru-order';
import { LruHeap } from './memory-lru';
import { lookupInTwoReads } from './read-variants';

/**
 * A {@link CacheStore} that keeps everything in memory for the life of the instance.
 *
 * It behaves like `IndexedDBStore` in every observable way: entries and bodies are copied on
 * the way in and out (callers can neither mutate nor detach what is stored), a put that fails
 * (e.g. a detached body) changes nothing, and `prune` evicts in the same LRU order. `close()`
 * releases nothing and loses nothing. Sizes use the shared `measureEntrySize` measure.
 *
 * Costs: `stats()` is O(1) (running totals, changed with every write); `prune()` is O(1) within the
 * limits and O(evicted × log n) otherwise, taking the least recently used entry off a heap
 * instead of sorting every entry; `put`, `update` and `touch` add O(log n) for the heap.
 */
export class MemoryStore implements CacheStore {
  /** Lost with the page. */
  readonly persistent = false;
  readonly #entries = new Map<string, CacheEntry>();
  readonly #bodies = new Map<string, StoredBody>();
  /** Primary key → ids of its variants; kept in step with #entries. */
  readonly #idsByKey = new Map<string, Set<string>>();
  /** Every stored entry by last use; pushed whenever one is stored or moves. */
  readonly #lru = new LruHeap((entry) => this.#entries.get(entry.id) === entry);
  /** Sum of `size` over #entries. */
  #bytes = 0;
  /** Each partition's entries, bytes and LRU order: a partition's prune walks only its own. */
  readonly #partitions = new Map<string, PartitionShare>();
  readonly prunesPartitions = true;

  async getVariants(key: string): Promise<CacheEntry[]> {
    return this.heldVariants(key).map((entry) => structuredClone(entry));
  }

  /** Memory has no transactions to save: the two reads are the one read. */
  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    return lookupInTwoReads(this, key, choose);
  }

  /**
   * For `MemoryTier`, which holds a copy of another store's entries: keeps `entry` as that store
   * measured it, without a body until {@link MemoryStore.holdBody} gives one.
   * @internal
   */
  hold(entry: CacheEntry): void {
    this.#remove(entry.id);
    this.#set(structuredClone(entry));
    this.#idsFor(entry.key).add(entry.id);
  }

  /** @internal See {@link MemoryStore.hold}. */
  holdBody(id: string, body: StoredBody): void {
    if (this.#entries.has(id)) this.#bodies.set(id, body.slice(0));
  }

  /**
   * For `MemoryTier`'s hits: the variants of `key` as held, not copied. Their `response` is
   * frozen; the caller must not change them (a copy per hit is what a warm hit saves).
   * @internal
   */
  heldVariants(key: string): CacheEntry[] {
    const ids = this.#idsByKey.get(key);
    return ids ? [...ids].map((id) => this.#entries.get(id)!) : [];
  }

  /**
   * For `MemoryTier`'s hits: the body as held, not copied. Only for `new Response(body)`, which
   * copies it (Fetch, "extract a body"), or for reading; never to be handed out or detached.
   * @internal
   */
  heldBody(id: string): StoredBody | undefined {
    return this.#bodies.get(id);
  }

  async getBody(id: string): Promise<StoredBody | undefined> {
    return this.#bodies.get(id)?.slice(0);
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    // Everything that can throw (copying, measuring) happens before the first mutation, so a
    // failed put leaves the store exactly as it was.
    const stored = structuredClone(measuredEntry(entry, body.byteLength));
    const bodyCopy = body.slice(0);
    const replaced = [...(this.#idsByKey.get(entry.key) ?? [])].filter(
      (id) => this.#entries.get(id)!.secondaryKey === entry.secondaryKey,
    );
    if (this.#entries.has(entry.id) && !replaced.includes(entry.id)) replaced.push(entry.id);
    for (const id of replaced) this.#remove(id);
    this.#set(stored);
    this.#bodies.set(stored.id, bodyCopy);
    this.#idsFor(stored.key).add(stored.id);
    return replaced;
  }

  /** Re-measures `size`, as IndexedDBStore does: the new headers count against `maxBytes`. */
  async update(id: string, response: StoredResponse): Promise<boolean> {
    const current = this.#entries.get(id);
    if (!current) return false;
    const next = structuredClone(measuredEntry({ ...current, response }, current.bodySize));
    this.#set(next);
    return true;
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    for (const { id, lastUsed } of uses) {
      const entry = this.#entries.get(id);
      if (!entry || lastUsed <= entry.lastUsed) continue;
      entry.lastUsed = lastUsed; // its old heap slot goes stale: it recorded the old time
      this.#lru.push(entry);
      this.#partitions.get(entry.partition)?.lru.push(entry);
    }
    this.#compact();
  }

  async delete(key: string): Promise<string[]> {
    const ids = [...(this.#idsByKey.get(key) ?? [])];
    for (const id of ids) this.#remove(id);
    this.#compact();
    return ids;
  }

  async clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    if (partition === undefined) {
      const count = this.#entries.size;
      this.#entries.clear();
      this.#bodies.clear();
      this.#idsByKey.clear();
      this.#lru.clear();
      this.#partitions.clear();
      this.#bytes = 0;
      return count;
    }
    const ids = [...(this.#partitions.get(partition)?.entries.keys() ?? [])];
    for (const id of ids) this.#remove(id);
    this.#compact();
    return ids.length;
  }

  /**
   * Takes the least recently used entry off the heap until the rest fits: removing the shortest
   * run of least recently used entries after which the rest fits is the same as keeping the
   * longest run of most recently used ones that fits (strict LRU, as IndexedDBStore does).
   */
  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
    const removed: CacheEntry[] = [];
    // One partition's limits: its own heap and totals, so no other partition's entry goes.
    const scope =
      limits.partition === undefined
        ? { lru: this.#lru, count: () => this.#entries.size, bytes: () => this.#bytes }
        : this.#scopeOf(limits.partition);
    while (scope.count() > maxEntries || scope.bytes() > maxBytes) {
      const oldest = scope.lru.oldest();
      if (!oldest) break;
      this.#remove(oldest.id);
      removed.push(oldest);
    }
    this.#compact();
    return removed;
  }

  async stats(filter: { partition?: string } = {}): Promise<StoreStats> {
    if (filter.partition === undefined) return { entries: this.#entries.size, bytes: this.#bytes };
    const share = this.#partitions.get(filter.partition);
    return { entries: share?.entries.size ?? 0, bytes: share?.bytes ?? 0 };
  }

  /** A partition's LRU order and totals, read live (the share goes once its last entry does). */
  #scopeOf(partition: string) {
    const share = () => this.#partitions.get(partition);
    return {
      lru: { oldest: () => share()?.lru.oldest() },
      count: () => share()?.entries.size ?? 0,
      bytes: () => share()?.bytes ?? 0,
    };
  }

  async list(filter: StoreListFilter = {}): Promise<CacheEntry[]> {
    const { partition, group, searchBase } = filter;
    return [...this.#entries.values()]
      .filter((entry) => partition === undefined || entry.partition === partition)
      .filter((entry) => group === undefined || entry.response.groups?.includes(group))
      .filter((entry) => searchBase === undefined || entry.searchBase === searchBase)
      .sort(byMostRecentUse)
      .map((entry) => structuredClone(entry));
  }

  async partitions(): Promise<string[]> {
    return [...new Set([...this.#entries.values()].map((entry) => entry.partition))];
  }

  async close(): Promise<void> {}

  #hashKey: ArrayBuffer | undefined;
  /** Per instance: nothing of a MemoryStore outlives it. */
  async hashKey(): Promise<ArrayBuffer> {
    this.#hashKey ??= newHashKey();
    return this.#hashKey;
  }

  #idsFor(key: string): Set<string> {
    const ids = this.#idsByKey.get(key) ?? new Set<string>();
    this.#idsByKey.set(key, ids);
    return ids;
  }

  /** Stores (or replaces, same id and key) the metadata of an entry; the body is the caller's. */
  #set(entry: CacheEntry): void {
    deepFreeze(entry.response); // handed out uncopied by heldVariants
    const previous = this.#entries.get(entry.id);
    this.#bytes += entry.size - (previous?.size ?? 0);
    if (previous) this.#leavePartition(previous);
    this.#entries.set(entry.id, entry);
    this.#lru.push(entry);
    let share = this.#partitions.get(entry.partition);
    if (!share) {
      share = { entries: new Map(), bytes: 0, lru: new LruHeap(this.#lru.isCurrent) };
      this.#partitions.set(entry.partition, share);
    }
    share.entries.set(entry.id, entry);
    share.bytes += entry.size;
    share.lru.push(entry);
  }

  #leavePartition(entry: CacheEntry): void {
    const share = this.#partitions.get(entry.partition);
    if (!share?.entries.delete(entry.id)) return;
    share.bytes -= entry.size;
    if (share.entries.size === 0) this.#partitions.delete(entry.partition);
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bodies.delete(id);
    this.#bytes -= entry.size;
    this.#leavePartition(entry);
    const ids = this.#idsByKey.get(entry.key);
    ids?.delete(id);
    if (ids?.size === 0) this.#idsByKey.delete(entry.key);
  }

  #compact(): void {
    this.#lru.compact(this.#entries.values(), this.#entries.size);
    // O(partitions) checks; each heap is rebuilt only once its stale slots outnumber its entries.
    for (const share of this.#partitions.values()) {
      share.lru.compact(share.entries.values(), share.entries.size);
    }
  }
}

/** One partition of a MemoryStore: its entries, the sum of their `size`, their LRU order. */
interface PartitionShare {
  entries: Map<string, CacheEntry>;
  bytes: number;
  lru: LruHeap;
}

/** Freezes a plain data tree (what `structuredClone` made): arrays and objects, all the way down. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}
