// Contract: parallel use of one key stays consistent, a failed put leaves nothing half-written,
// and quota errors are absorbed by the governor (evict room plus a margin, retry, give up quietly).
import { describe, expect, it, vi } from 'vitest';
import type { StoredResponse } from '../../src/policy/snapshot';
import { StoreGovernor } from '../../src/store/governor';
import type { ContractContext } from './contract';
import { bytes, detachedBody, entry, failingPuts, text } from './fixtures';

export function describeConcurrencyAndFaults(t: ContractContext): void {
  describe('concurrency', () => {
    it('parallel puts and reads of one variant end with one entry, its own body, no orphans', async () => {
      const writes = Array.from({ length: 20 }, (_, i) =>
        entry({ secondaryKey: 'v', lastUsed: i }),
      );
      const reads: Promise<{ id: string }[]>[] = [];
      const puts = writes.map((e, i) => {
        reads.push(t.store.getVariants(e.key));
        return t.store.put(e, bytes(`body of ${i}`));
      });
      const replaced = (await Promise.all(puts)).flat();
      for (const seen of await Promise.all(reads)) expect(seen.length).toBeLessThanOrEqual(1);

      const [survivor, ...extra] = await t.store.getVariants(writes[0]!.key);
      expect(extra).toEqual([]);
      const index = writes.findIndex((e) => e.id === survivor!.id);
      expect(text(await t.store.getBody(survivor!.id))).toBe(`body of ${index}`);
      // Every other put was replaced exactly once, and took its body with it.
      expect(replaced.sort()).toEqual(
        writes
          .map((e) => e.id)
          .filter((id) => id !== survivor!.id)
          .sort(),
      );
      for (const e of writes)
        if (e.id !== survivor!.id) expect(await t.store.getBody(e.id)).toBeUndefined();
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: survivor!.size });
    });

    it('parallel puts of different variants and keys all land', async () => {
      const writes = Array.from({ length: 12 }, (_, i) =>
        entry({ key: `GET /k${i % 3}`, secondaryKey: `v${i % 4}` }),
      );
      await Promise.all(writes.map((e) => t.store.put(e, bytes(e.id))));
      expect((await t.store.stats()).entries).toBe(12);
      for (const e of writes) expect(text(await t.store.getBody(e.id))).toBe(e.id);
    });

    it('a delete racing puts on the same key leaves every stored entry with its body', async () => {
      const writes = Array.from({ length: 6 }, (_, i) => entry({ secondaryKey: `v${i}` }));
      await Promise.all([
        ...writes.slice(0, 3).map((e) => t.store.put(e, bytes(e.id))),
        t.store.delete(writes[0]!.key),
        ...writes.slice(3).map((e) => t.store.put(e, bytes(e.id))),
      ]);
      const stored = await t.store.getVariants(writes[0]!.key);
      for (const e of writes) {
        const isStored = stored.some((s) => s.id === e.id);
        expect(text(await t.store.getBody(e.id))).toBe(isStored ? e.id : undefined);
      }
      expect((await t.store.stats()).entries).toBe(stored.length);
    });
  });

  describe('a put that fails part-way', () => {
    async function expectUntouched(old: { id: string; key: string }, failedId: string) {
      const before = await t.store.stats();
      return async () => {
        expect((await t.store.getVariants(old.key)).map((e) => e.id)).toEqual([old.id]);
        expect(text(await t.store.getBody(old.id))).toBe('old body');
        expect(await t.store.getBody(failedId)).toBeUndefined();
        expect(await t.store.stats()).toEqual(before);
      };
    }

    it('(a body that cannot be cloned) keeps the variant it was replacing and writes nothing', async () => {
      const old = entry({ secondaryKey: 'v' });
      await t.store.put(old, bytes('old body'));
      const failing = entry({ secondaryKey: 'v' });
      const check = await expectUntouched(old, failing.id);
      await expect(t.store.put(failing, detachedBody())).rejects.toThrow();
      await check();
    });

    it('(metadata that cannot be cloned) keeps the variant it was replacing and writes nothing', async () => {
      const old = entry({ secondaryKey: 'v' });
      await t.store.put(old, bytes('old body'));
      const response = { toString: () => 'not cloneable' } as unknown as StoredResponse;
      const failing = entry({ secondaryKey: 'v', response });
      const check = await expectUntouched(old, failing.id);
      await expect(t.store.put(failing, bytes('new body'))).rejects.toThrow();
      await check();
    });
  });

  describe('QuotaExceededError through the governor', () => {
    async function fill(count: number) {
      for (let i = 0; i < count; i += 1) {
        await t.store.put(entry({ id: `old-${i}`, key: `GET /old-${i}`, lastUsed: i }), bytes('x'));
      }
    }

    it('evicts room for the response plus a margin, least recently used first, and stores it', async () => {
      await fill(4);
      const store = failingPuts(t.store, 1);
      const onEvicted = vi.fn();
      const onError = vi.fn();
      const governor = new StoreGovernor(store, { onEvicted, onError });
      const fresh = entry({ key: 'GET /fresh', lastUsed: 10 });
      await expect(governor.write(fresh, bytes('fresh'))).resolves.toBe('stored');
      await governor.flush();
      expect(store.putAttempts).toBe(2);
      expect(onEvicted).toHaveBeenCalledTimes(1);
      expect(onEvicted.mock.calls[0]![0].map((e: { id: string }) => e.id)).toEqual([
        'old-0',
        'old-1',
      ]);
      expect(onEvicted.mock.calls[0]![1]).toBe('quota');
      expect(onError).not.toHaveBeenCalled();
      expect(text(await t.store.getBody(fresh.id))).toBe('fresh');
      expect((await t.store.stats()).entries).toBe(3);
    });

    it('evicts what the response needs plus a tenth, not half the cache (issue 25)', async () => {
      await fill(20);
      const store = failingPuts(t.store, 1);
      const onEvicted = vi.fn();
      const governor = new StoreGovernor(store, { onEvicted, onError: () => {} });
      const fresh = entry({ key: 'GET /fresh', lastUsed: 30 });
      await expect(governor.write(fresh, bytes('x'))).resolves.toBe('stored');
      await governor.flush();
      const evicted = onEvicted.mock.calls.flatMap(([entries]) => entries);
      // A tenth of the bytes plus the response's own: 3 or 4 of 20 entries of about one size
      // (their ids differ in length), oldest first. Halving took 10.
      const ids = evicted.map((e: { id: string }) => e.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(ids.length).toBeLessThanOrEqual(4);
      expect(ids).toEqual(['old-0', 'old-1', 'old-2', 'old-3'].slice(0, ids.length));
      expect((await t.store.stats()).entries).toBe(21 - ids.length);
    });

    it('gives up when every retry fails: resolves "failed", reports once, stores nothing', async () => {
      await fill(20);
      const store = failingPuts(t.store, 4);
      const onError = vi.fn();
      const onEvicted = vi.fn();
      const governor = new StoreGovernor(store, { onError, onEvicted });
      const fresh = entry({ key: 'GET /fresh' });
      await expect(governor.write(fresh, bytes('fresh'))).resolves.toBe('failed');
      await governor.flush();
      // The first attempt and three retries, each after evicting with a larger margin.
      expect(store.putAttempts).toBe(4);
      expect(onEvicted).toHaveBeenCalledTimes(3);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'QuotaExceededError' });
      expect(onError.mock.calls[0]![1]).toEqual({ operation: 'put', recovery: 'skipped' });
      expect(await t.store.getVariants(fresh.key)).toEqual([]);
      expect((await t.store.stats()).entries).toBeGreaterThan(0);
    });

    it('does not evict or retry for errors other than quota', async () => {
      await fill(2);
      const store = failingPuts(t.store, 1, () => new DOMException('broken', 'UnknownError'));
      const onEvicted = vi.fn();
      const governor = new StoreGovernor(store, { onEvicted, onError: () => {} });
      await expect(governor.write(entry(), bytes('x'))).resolves.toBe('failed');
      expect(store.putAttempts).toBe(1);
      expect(onEvicted).not.toHaveBeenCalled();
      expect((await t.store.stats()).entries).toBe(2);
    });
  });
}
