// LruHeap, MemoryStore's LRU order: oldest first whatever was replaced, moved or removed, and
// still so after it rebuilds itself.
import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { byLeastRecentUse } from '../../src/store/lru-order';
import { LruHeap } from '../../src/store/memory-lru';
import { entry, random } from './fixtures';

const stored = (id: string, lastUsed: number): CacheEntry => ({
  ...entry({ id, lastUsed }),
  size: 1,
});

describe('LruHeap', () => {
  it('yields the stored entries oldest first, ties by id, ignoring replaced, moved and removed ones', () => {
    const live = new Map<string, CacheEntry>();
    const heap = new LruHeap((e) => live.get(e.id) === e);
    const put = (e: CacheEntry) => {
      live.set(e.id, e);
      heap.push(e);
    };
    put(stored('b', 5));
    put(stored('a', 5));
    put(stored('c', 1));
    put(stored('d', 9));
    put(stored('c', 7)); // replaced: the slot at 1 is stale
    const moved = live.get('d')!;
    moved.lastUsed = 2; // moved (as touch never does backwards, but the heap must not care)
    heap.push(moved);
    live.delete('b'); // removed
    const order: string[] = [];
    for (let e = heap.oldest(); e; e = heap.oldest()) {
      order.push(e.id);
      live.delete(e.id);
    }
    expect(order).toEqual(['d', 'a', 'c']);
  });

  it('keeps the order through heavy churn and the rebuilds it triggers', () => {
    const next = random(7);
    const live = new Map<string, CacheEntry>();
    const heap = new LruHeap((e) => live.get(e.id) === e);
    let serial = 0;
    for (let step = 0; step < 3000; step += 1) {
      const ids = [...live.keys()];
      const op = next(10);
      if (op < 3 || ids.length === 0) {
        serial += 1;
        const e = stored(`e${serial}`, next(100));
        live.set(e.id, e);
        heap.push(e);
      } else if (op < 7) {
        const e = live.get(ids[next(ids.length)]!)!;
        e.lastUsed += 1 + next(50);
        heap.push(e);
      } else if (op < 8) {
        const old = live.get(ids[next(ids.length)]!)!;
        const replacement = stored(old.id, next(200));
        live.set(old.id, replacement);
        heap.push(replacement);
      } else {
        live.delete(ids[next(ids.length)]!);
      }
      heap.compact(live.values(), live.size);
      if (step % 500 === 499) {
        // Take the oldest few off, as prune does, and check each against a full sort.
        for (let k = 0; k < 5 && live.size > 0; k += 1) {
          const expected = [...live.values()].sort(byLeastRecentUse)[0]!;
          expect(heap.oldest()).toBe(expected);
          live.delete(expected.id);
          heap.compact(live.values(), live.size);
        }
      }
    }
    const drained: CacheEntry[] = [];
    const expected = [...live.values()].sort(byLeastRecentUse);
    for (let e = heap.oldest(); e; e = heap.oldest()) {
      drained.push(e);
      live.delete(e.id);
      heap.compact(live.values(), live.size);
    }
    expect(drained).toEqual(expected);
  });

  it('rebuilds itself once stale slots outnumber live ones, losing no entry and no order', () => {
    const next = random(11);
    const live = new Map<string, CacheEntry>();
    const heap = new LruHeap((e) => live.get(e.id) === e);
    for (let i = 0; i < 20; i += 1) {
      const e = stored(`e${i}`, next(100));
      live.set(e.id, e);
      heap.push(e);
    }
    heap.compact(live.values(), live.size);
    expect(heap.slotCount).toBe(20); // nothing stale yet: no rebuild
    for (let round = 0; round < 5; round += 1) {
      for (const e of live.values()) {
        e.lastUsed += 1 + next(100);
        heap.push(e);
      }
    }
    expect(heap.slotCount).toBe(120);
    heap.compact(live.values(), live.size);
    expect(heap.slotCount).toBe(20);
    const expected = [...live.values()].sort(byLeastRecentUse);
    const drained: CacheEntry[] = [];
    for (let e = heap.oldest(); e; e = heap.oldest()) {
      drained.push(e);
      live.delete(e.id);
    }
    expect(drained).toEqual(expected);
  });
});
