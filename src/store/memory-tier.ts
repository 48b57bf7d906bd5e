// The memory tier: a bounded copy of recently used entries (metadata, small bodies) in front of any
// CacheStore, so a repeated hit reads no IndexedDB. Write-through: the store behind stays the truth.
import type { StoredResponse } from '../policy/snapshot';
import { invalidOption, optionalPositiveInteger } from '../validate-options';
import type {
  CacheEntry,
  CacheStore,
  LookupResult,
  NewCacheEntry,
  StoreLimits,
  StoreStats,
} from './cache-store';
import { measuredEntry } from './entry-size';
import { lookupEntry } from './lookup';

/** Bounds of the memory tier (the `memory` option). */
export interface MemoryTierLimits {
  /** Most entries held: variants, and URLs known to have none. Default 500. */
  maxEntries?: number;
  /** Most bytes held: measured metadata plus held bodies. Bodies up to a sixteenth of it are held. Default 4 MiB. */
  maxBytes?: number;
}

export function resolveMemoryTierLimits(value: unknown): Required<MemoryTierLimits> {
  const limits = (value === undefined ? {} : value) as MemoryTierLimits;
  if (limits === null || typeof limits !== 'object') {
    invalidOption('memory', 'false or { maxEntries?, maxBytes? }', value);
  }
  return {
    maxEntries: optionalPositiveInteger('memory.maxEntries', limits.maxEntries) ?? 500,
    maxBytes: optionalPositiveInteger('memory.maxBytes', limits.maxBytes) ?? 4 * 1024 * 1024,
  };
}

/** What memory holds for one primary key: every variant the store has (maybe none), some bodies. */
interface Held {
  variants: CacheEntry[];
  bodies: Map<string, ArrayBuffer>;
  entries: number;
  bytes: number;
}

/** Past this many changed keys tracked, start over (every read under way then goes unheld). */
const maxTrackedKeys = 10_000;

const copy = <T>(value: T): T => structuredClone(value);

/**
 * A {@link CacheStore} that answers reads from memory where it can and sends every write to
 * `store` first, changing memory only once the store has (a failed write drops what memory held
 * for that key). A read that a change overtook is never kept (`#stamp`). It holds, per primary
 * key, every variant the store has (or the fact that it has none) and the bodies of those at most
 * a sixteenth of `maxBytes`, least recently used dropped first. It cannot see changes made to
 * `store` by others: the owner calls {@link MemoryTier.forget} when another tab says it wrote.
 */
export class MemoryTier implements CacheStore {
  readonly #store: CacheStore;
  readonly #limits: Required<MemoryTierLimits>;
  /** Least recently used first (Map order: a use moves the key to the end). */
  readonly #held = new Map<string, Held>();
  /** Entry id → its primary key, for every held variant. */
  readonly #keyOf = new Map<string, string>();
  #entries = 0;
  #bytes = 0;
  #epoch = 0;
  readonly #changes = new Map<string, number>();

  constructor(store: CacheStore, limits: MemoryTierLimits = {}) {
    this.#store = store;
    this.#limits = resolveMemoryTierLimits(limits);
  }

  async getVariants(key: string): Promise<CacheEntry[]> {
    const held = this.#use(key);
    if (held) return held.variants.map(copy);
    const stamp = this.#stamp(key);
    const variants = await this.#store.getVariants(key);
    this.#hold(key, stamp, variants.map(copy));
    return variants;
  }

  async lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    const held = this.#use(key);
    if (!held) {
      const stamp = this.#stamp(key);
      const result = await lookupEntry(this.#store, key, choose);
      this.#hold(key, stamp, result.variants.map(copy));
      if (result.chosen && result.body) this.#holdBody(key, stamp, result.chosen.id, result.body);
      return result;
    }
    const variants = held.variants.map(copy);
    const chosen = choose(variants);
    const body = chosen && (await this.getBody(chosen.id));
    return { variants, chosen, body };
  }

  async getBody(id: string): Promise<ArrayBuffer | undefined> {
    const key = this.#keyOf.get(id);
    const held = key === undefined ? undefined : this.#held.get(key)?.bodies.get(id);
    if (held) return held.slice(0);
    const stamp = key === undefined ? '' : this.#stamp(key);
    const body = await this.#store.getBody(id);
    if (key !== undefined && body) this.#holdBody(key, stamp, id, body);
    return body;
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    const { key } = entry;
    const stored = copy(measuredEntry(entry, body.byteLength));
    const bodyCopy = body.slice(0);
    const replaced = await this.#write(key, () => this.#store.put(entry, body));
    const held = this.#held.get(key);
    for (const id of replaced) {
      const other = this.#keyOf.get(id);
      if (other !== key && other !== undefined) this.#drop(other);
    }
    if (held) {
      const gone = new Set([...replaced, stored.id]);
      const bodies = new Map([...held.bodies].filter(([id]) => !gone.has(id)));
      if (this.#smallEnough(bodyCopy)) bodies.set(stored.id, bodyCopy);
      const kept = held.variants.filter(
        (v) => !gone.has(v.id) && v.secondaryKey !== stored.secondaryKey,
      );
      this.#set(key, [...kept, stored], bodies);
    }
    return replaced;
  }

  async update(id: string, response: StoredResponse): Promise<boolean> {
    const key = this.#keyOf.get(id);
    const updated = await this.#write(key, () => this.#store.update(id, response));
    const held = key === undefined ? undefined : this.#held.get(key);
    if (held) {
      const variants = held.variants.map((v) =>
        v.id === id ? measuredEntry({ ...v, response: copy(response) }, v.bodySize) : v,
      );
      if (updated) this.#set(key!, variants, held.bodies);
      else this.#drop(key!);
    }
    return updated;
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    await this.#store.touch(uses);
    for (const { id, lastUsed } of uses) {
      const key = this.#keyOf.get(id);
      const entry = key && this.#held.get(key)?.variants.find((v) => v.id === id);
      if (entry && lastUsed > entry.lastUsed) entry.lastUsed = lastUsed;
    }
  }

  delete(key: string): Promise<string[]> {
    return this.#write(key, () => this.#store.delete(key), true);
  }

  clear(filter?: { partition?: string }): Promise<number> {
    return this.#write(undefined, () => this.#store.clear(filter), true);
  }

  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const removed = await this.#store.prune(limits);
    if (removed.length > 0) this.forget(removed.map((entry) => entry.key));
    return removed;
  }

  stats(): Promise<StoreStats> {
    return this.#store.stats();
  }

  list(filter?: { partition?: string }): Promise<CacheEntry[]> {
    return this.#store.list(filter);
  }

  close(): Promise<void> {
    this.forget(undefined);
    return this.#store.close();
  }

  /** Drops what memory holds for these keys (all keys when undefined): someone else changed them. */
  forget(keys: readonly string[] | undefined): void {
    if (!keys) {
      this.#change(undefined);
      for (const key of [...this.#held.keys()]) this.#drop(key);
    } else {
      for (const key of keys) {
        this.#change(key);
        this.#drop(key);
      }
    }
  }

  /**
   * Runs a change of `key` (of anything when undefined) on the store. Reads under way when it
   * starts or ends are not held. Memory for the key goes when it fails, or when `drop` says so.
   */
  async #write<T>(key: string | undefined, change: () => Promise<T>, drop = false): Promise<T> {
    const forget = () => this.forget(key === undefined ? undefined : [key]);
    this.#change(key);
    if (drop) forget();
    try {
      return await change();
    } catch (error) {
      forget();
      throw error;
    } finally {
      this.#change(key);
      if (drop) forget();
    }
  }

  /** Changes seen for `key`: a read keeps its result only if this did not move meanwhile. */
  #stamp(key: string): string {
    return `${this.#epoch}/${this.#changes.get(key) ?? 0}`;
  }

  #change(key: string | undefined): void {
    if (key === undefined || this.#changes.size >= maxTrackedKeys) {
      this.#epoch++;
      this.#changes.clear();
    }
    if (key !== undefined) this.#changes.set(key, (this.#changes.get(key) ?? 0) + 1);
  }

  #use(key: string): Held | undefined {
    const held = this.#held.get(key);
    if (held) {
      this.#held.delete(key);
      this.#held.set(key, held);
    }
    return held;
  }

  #hold(key: string, stamp: string, variants: CacheEntry[]): void {
    if (stamp === this.#stamp(key)) this.#set(key, variants, new Map());
  }

  #holdBody(key: string, stamp: string, id: string, body: ArrayBuffer): void {
    const held = this.#held.get(key);
    if (!held || stamp !== this.#stamp(key) || !this.#smallEnough(body)) return;
    if (!held.variants.some((v) => v.id === id)) return;
    this.#set(key, held.variants, new Map(held.bodies).set(id, body.slice(0)));
  }

  #smallEnough(body: ArrayBuffer): boolean {
    return body.byteLength <= this.#limits.maxBytes / 16;
  }

  /** Holds `variants` and `bodies` for `key` as its most recently used, then keeps to the limits. */
  #set(key: string, variants: CacheEntry[], bodies: Map<string, ArrayBuffer>): void {
    this.#drop(key);
    let bytes = key.length;
    for (const variant of variants) {
      bytes += variant.size - variant.bodySize;
      this.#keyOf.set(variant.id, key);
    }
    for (const body of bodies.values()) bytes += body.byteLength;
    const held = { variants, bodies, entries: Math.max(1, variants.length), bytes };
    this.#held.set(key, held);
    this.#entries += held.entries;
    this.#bytes += held.bytes;
    const { maxEntries, maxBytes } = this.#limits;
    for (const oldest of this.#held.keys()) {
      if (this.#entries <= maxEntries && this.#bytes <= maxBytes) break;
      this.#drop(oldest);
    }
  }

  #drop(key: string): void {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    this.#entries -= held.entries;
    this.#bytes -= held.bytes;
    for (const { id } of held.variants) if (this.#keyOf.get(id) === key) this.#keyOf.delete(id);
  }
}
