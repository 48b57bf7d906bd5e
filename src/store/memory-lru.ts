// MemoryStore's LRU order: a binary min-heap by (lastUsed, id) with lazy removal, so finding the
// least recently used entry costs O(log n) and pruning never sorts every entry.
import type { CacheEntry } from './cache-store';
import { byLeastRecentUse } from './lru-order';

/** A heap slot: the entry as it was when pushed. Stale once the entry is replaced or moves. */
interface Slot {
  entry: CacheEntry;
  id: string;
  lastUsed: number;
}

const slotOf = (entry: CacheEntry): Slot => ({ entry, id: entry.id, lastUsed: entry.lastUsed });

/** The store's one LRU order (./lru-order), on the use each slot recorded. */
function before(a: Slot, b: Slot): boolean {
  return byLeastRecentUse(a, b) < 0;
}

/**
 * Entries in least-recently-used order. Every entry a store holds must have been pushed since it
 * last changed (stored, replaced or touched); `isCurrent` tells which slots still stand for the
 * stored entry. Stale slots are dropped when they reach the top, and all at once when they
 * outnumber the live ones, so the heap stays within a constant factor of the entry count.
 */
export class LruHeap {
  #slots: Slot[] = [];
  /** Is this object still the stored entry for its id? (Shared by a store's heaps.) */
  readonly isCurrent: (entry: CacheEntry) => boolean;

  /** `isCurrent(entry)`: is this object still the stored entry for its id? */
  constructor(isCurrent: (entry: CacheEntry) => boolean) {
    this.isCurrent = isCurrent;
  }

  /** Records `entry` at its current `lastUsed`. O(log n). */
  push(entry: CacheEntry): void {
    this.#slots.push(slotOf(entry));
    this.#up(this.#slots.length - 1);
  }

  /** The least recently used stored entry, or undefined when there is none. O(log n) amortised. */
  oldest(): CacheEntry | undefined {
    while (this.#slots.length > 0) {
      const top = this.#slots[0]!;
      if (this.#live(top)) return top.entry;
      this.#popTop();
    }
    return undefined;
  }

  /** Slots held, stale ones included: what the heap costs in memory. */
  get slotCount(): number {
    return this.#slots.length;
  }

  /** Drops every slot, for a store that was cleared. */
  clear(): void {
    this.#slots = [];
  }

  /** Rebuilds from `live` when stale slots outnumber live ones: O(n), once per O(n) changes. */
  compact(live: Iterable<CacheEntry>, liveCount: number): void {
    if (this.#slots.length <= 2 * liveCount + 32) return;
    this.#slots = [...live].map(slotOf);
    for (let i = (this.#slots.length >> 1) - 1; i >= 0; i -= 1) this.#down(i);
  }

  #live(slot: Slot): boolean {
    return slot.entry.lastUsed === slot.lastUsed && this.isCurrent(slot.entry);
  }

  #popTop(): void {
    const last = this.#slots.pop()!;
    if (this.#slots.length === 0) return;
    this.#slots[0] = last;
    this.#down(0);
  }

  #up(index: number): void {
    const slots = this.#slots;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(slots[i]!, slots[parent]!)) return;
      [slots[i], slots[parent]] = [slots[parent]!, slots[i]!];
      i = parent;
    }
  }

  #down(index: number): void {
    const slots = this.#slots;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < slots.length && before(slots[left]!, slots[first]!)) first = left;
      if (right < slots.length && before(slots[right]!, slots[first]!)) first = right;
      if (first === i) return;
      [slots[i], slots[first]] = [slots[first]!, slots[i]!];
      i = first;
    }
  }
}
