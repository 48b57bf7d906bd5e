// The memory tier in front of each store, against the shared CacheStore contract: in front of a
// store it must be indistinguishable from that store.
import { describe, expect, it, vi } from 'vitest';
import type { CacheEntry } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { MemoryTier } from '../../src/store/memory-tier';
import { describeCacheStoreContract } from './contract';
import { bytes, entry } from './fixtures';
import { indexedDBHarness } from './indexeddb-harness';

describeCacheStoreContract('MemoryTier over MemoryStore', {
  open: () => new MemoryTier(new MemoryStore()),
  persistent: false,
});

describeCacheStoreContract('MemoryTier over IndexedDBStore on fake-indexeddb', {
  ...indexedDBHarness,
  open: (name) => new MemoryTier(new IndexedDBStore({ name })),
});

describe('MemoryTier.peek: a warm hit without waiting', () => {
  const first = (variants: CacheEntry[]) => variants[0];

  it('answers only a key memory holds whole, and never asks the store', async () => {
    const store = new MemoryStore();
    const tier = new MemoryTier(store);
    const stored = entry();
    await tier.put(stored, bytes('hello'));
    expect(tier.peek(stored.key, first)).toBeUndefined(); // not read through the tier yet
    await tier.lookup(stored.key, first);
    const getVariants = vi.spyOn(store, 'getVariants');
    const getBody = vi.spyOn(store, 'getBody');
    const held = tier.peek(stored.key, first);
    expect(held?.chosen?.id).toBe(stored.id);
    expect(new TextDecoder().decode(held?.body as ArrayBuffer)).toBe('hello');
    expect(tier.peek('GET https://example.test/other', first)).toBeUndefined();
    expect(getVariants).not.toHaveBeenCalled();
    expect(getBody).not.toHaveBeenCalled();
  });

  it('gives memory its own metadata uncopied, frozen: a caller cannot change what later hits see', async () => {
    const tier = new MemoryTier(new MemoryStore());
    const stored = entry();
    await tier.put(stored, bytes('x'));
    await tier.lookup(stored.key, first);
    const held = tier.peek(stored.key, first)!;
    expect(() => {
      (held.chosen!.response.headers as Array<[string, string]>).push(['x-evil', '1']);
    }).toThrow(TypeError);
    expect(() => {
      (held.chosen!.response.freshness as { lifetimeMs: number }).lifetimeMs = 1e12;
    }).toThrow(TypeError);
    expect(tier.peek(stored.key, first)!.chosen!.response).toEqual(stored.response);
  });
});
