// StoreGovernor on any store: option checks, size limits, coalesced eviction, batched touches,
// and absorbed failures. Quota handling against every store is in the contract suite.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { measureEntrySize } from '../../src/store/entry-size';
import { DEFAULT_LIMITS, StoreGovernor } from '../../src/store/governor';
import { MemoryStore } from '../../src/store/memory-store';
import { untilIdle } from '../idle';
import { bytes, entry } from './fixtures';

/** A MemoryStore whose prune waits until the test releases it, and which logs calls in order. */
function gatedStore() {
  const store = new MemoryStore();
  const calls: string[] = [];
  const gates: (() => void)[] = [];
  const prune = store.prune.bind(store);
  const touch = store.touch.bind(store);
  store.prune = async (limits) => {
    calls.push('prune');
    await new Promise<void>((resolve) => gates.push(resolve));
    return prune(limits);
  };
  store.touch = async (uses) => {
    calls.push(`touch ${uses.map((u) => `${u.id}@${u.lastUsed}`).join(' ')}`);
    return touch(uses);
  };
  return { store, calls, release: () => gates.shift()?.(), pending: () => gates.length };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StoreGovernor options', () => {
  it.each([
    ['maxEntries', -1, 'expected options.maxEntries to be a positive integer, got -1'],
    ['maxBytes', 0, 'expected options.maxBytes to be a positive integer, got 0'],
    ['maxEntryBytes', 1.5, 'expected options.maxEntryBytes to be a positive integer, got 1.5'],
    ['maxBytes', '10', 'expected options.maxBytes to be a positive integer, got "10"'],
    ['maxEntries', Number.NaN, 'expected options.maxEntries to be a positive integer, got NaN'],
    ['touchDelayMs', -5, 'expected options.touchDelayMs to be a non-negative integer, got -5'],
    ['onEvicted', 'no', 'expected options.onEvicted to be a function, got "no"'],
    ['onError', 1, 'expected options.onError to be a function, got 1'],
  ])('rejects options.%s = %s with a TypeError naming it', (option, value, message) => {
    expect(() => new StoreGovernor(new MemoryStore(), { [option]: value })).toThrow(
      new TypeError(message),
    );
  });

  it('uses documented defaults, and accepts explicit undefined as "default"', () => {
    const governor = new StoreGovernor(new MemoryStore(), { maxEntries: undefined });
    expect(governor.limits).toEqual({
      maxEntries: DEFAULT_LIMITS.maxEntries,
      maxBytes: DEFAULT_LIMITS.maxBytes,
      maxEntryBytes: DEFAULT_LIMITS.maxEntryBytes,
    });
  });
});

describe('StoreGovernor.write', () => {
  it('refuses an entry measuring more than maxEntryBytes, or than maxBytes, without storing it', async () => {
    const store = new MemoryStore();
    const put = vi.spyOn(store, 'put');
    const small = entry();
    const limit = measureEntrySize({ ...small, bodySize: 10 }, 10);
    const byEntry = new StoreGovernor(store, { maxEntryBytes: limit - 1 });
    expect(await byEntry.write(small, bytes('x'.repeat(10)))).toBe('too-large');
    const byTotal = new StoreGovernor(store, { maxBytes: limit - 1 });
    expect(await byTotal.write(small, bytes('x'.repeat(10)))).toBe('too-large');
    expect(put).not.toHaveBeenCalled();
    const exact = new StoreGovernor(store, { maxEntryBytes: limit, maxBytes: limit });
    expect(await exact.write(small, bytes('x'.repeat(10)))).toBe('stored');
    expect((await store.stats()).bytes).toBe(limit);
  });

  it('evicts least recently used entries beyond the limits after writing, and reports them', async () => {
    const store = new MemoryStore();
    const onEvicted = vi.fn();
    const governor = new StoreGovernor(store, { maxEntries: 2, onEvicted });
    for (const [id, lastUsed] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      expect(await governor.write(entry({ id, key: `GET /${id}`, lastUsed }), bytes(id))).toBe(
        'stored',
      );
    }
    await governor.flush();
    expect(onEvicted).toHaveBeenCalledTimes(1);
    expect(onEvicted.mock.calls[0]![0].map((e: { id: string }) => e.id)).toEqual(['a']);
    expect(onEvicted.mock.calls[0]![1]).toBe('limits');
    expect(await store.stats()).toMatchObject({ entries: 2 });
  });

  it('asks the store only put, then prune, per write: no stats() (a custom store may answer it in O(n))', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const logged = new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return value.apply(target, args);
        };
      },
    });
    const governor = new StoreGovernor(logged, { maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) {
      await governor.write(entry({ id, key: `GET /${id}`, lastUsed: id.charCodeAt(0) }), bytes(id));
      await governor.flush();
    }
    expect(calls).toEqual(['put', 'prune', 'put', 'prune', 'put', 'prune']);
    expect((await store.list()).map((e) => e.id)).toEqual(['c', 'b']);
  });

  // Eviction loads with import() after a write (decision 0027, "Sixth pass"): the put itself
  // must not wait for anything, or a store call made after the write could be ordered before it.
  it("calls the store's put at once, before anything is awaited", async () => {
    const store = new MemoryStore();
    const put = vi.spyOn(store, 'put');
    const governor = new StoreGovernor(store);
    const writing = governor.write(entry(), bytes('x'));
    expect(put).toHaveBeenCalledTimes(1);
    expect(await writing).toBe('stored');
    await governor.flush();
  });

  it('resolves "failed" and reports, never rejects, when the store fails', async () => {
    const store = new MemoryStore();
    const failure = new Error('disk on fire');
    vi.spyOn(store, 'put').mockRejectedValue(failure);
    const onError = vi.fn();
    const governor = new StoreGovernor(store, { onError });
    expect(await governor.write(entry(), bytes('x'))).toBe('failed');
    expect(onError).toHaveBeenCalledWith(failure, { operation: 'put', recovery: 'skipped' });
  });

  it('reports a failing prune instead of rejecting', async () => {
    const store = new MemoryStore();
    vi.spyOn(store, 'prune').mockRejectedValue(new Error('prune broke'));
    const onError = vi.fn();
    const governor = new StoreGovernor(store, { onError });
    expect(await governor.write(entry(), bytes('x'))).toBe('stored');
    await governor.flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'prune broke' }), {
      operation: 'prune',
      recovery: 'skipped',
    });
  });
});

describe('StoreGovernor eviction is coalesced', () => {
  it('runs one prune at a time and queues at most one more, however many writes trigger it', async () => {
    const gated = gatedStore();
    const governor = new StoreGovernor(gated.store);
    for (let i = 0; i < 10; i += 1) await governor.write(entry({ key: `GET /${i}` }), bytes('x'));
    await untilIdle();
    expect(gated.calls.filter((c) => c === 'prune')).toHaveLength(1);
    gated.release();
    await untilIdle();
    expect(gated.calls.filter((c) => c === 'prune')).toHaveLength(2);
    gated.release();
    await governor.flush();
    expect(gated.calls.filter((c) => c === 'prune')).toHaveLength(2);
    expect(gated.pending()).toBe(0);
    // Once idle, the next write prunes again.
    await governor.write(entry(), bytes('x'));
    await untilIdle();
    expect(gated.calls.filter((c) => c === 'prune')).toHaveLength(3);
    gated.release();
    await governor.flush();
  });
});

describe('StoreGovernor.recordUse', () => {
  it('batches uses into one touch, keeping the latest time per id', async () => {
    const gated = gatedStore();
    const governor = new StoreGovernor(gated.store, { touchDelayMs: 10_000 });
    governor.recordUse('a', 5);
    governor.recordUse('b', 7);
    governor.recordUse('a', 9);
    governor.recordUse('a', 8);
    expect(gated.calls).toEqual([]);
    await governor.flushUses();
    expect(gated.calls).toEqual(['touch a@9 b@7']);
  });

  it('flushes by itself after touchDelayMs', async () => {
    vi.useFakeTimers();
    const gated = gatedStore();
    const governor = new StoreGovernor(gated.store, { touchDelayMs: 50 });
    governor.recordUse('a', 1);
    await vi.advanceTimersByTimeAsync(49);
    expect(gated.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(gated.calls).toEqual(['touch a@1']);
  });

  it('writes pending uses before pruning, so eviction sees them', async () => {
    const store = new MemoryStore();
    const governor = new StoreGovernor(store, { maxEntries: 2, touchDelayMs: 10_000 });
    await governor.write(entry({ id: 'a', key: 'GET /a', lastUsed: 1 }), bytes('a'));
    await governor.write(entry({ id: 'b', key: 'GET /b', lastUsed: 2 }), bytes('b'));
    governor.recordUse('a', 10);
    await governor.write(entry({ id: 'c', key: 'GET /c', lastUsed: 3 }), bytes('c'));
    await governor.flush();
    expect(await store.getVariants('GET /a')).toHaveLength(1);
    expect(await store.getVariants('GET /b')).toEqual([]);
  });

  it('reports a failing touch instead of rejecting', async () => {
    const store: CacheStore = new MemoryStore();
    vi.spyOn(store, 'touch').mockRejectedValue(new Error('touch broke'));
    const onError = vi.fn();
    const governor = new StoreGovernor(store, { onError });
    governor.recordUse('a', 1);
    await expect(governor.flushUses()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'touch broke' }), {
      operation: 'touch',
      recovery: 'skipped',
    });
  });
});
