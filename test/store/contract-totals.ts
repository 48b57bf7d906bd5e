// Contract: stats() is kept as running totals, exact after every kind of change, under parallel
// writes, across two stores over the same storage, and against a plain sorted model of LRU.
import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../../src/policy/snapshot';
import type { CacheEntry, CacheStore, StoreLimits } from '../../src/store/cache-store';
import { measuredEntry } from '../../src/store/entry-size';
import type { ContractContext } from './contract';
import { bytes, entry, random, storedResponse } from './fixtures';

const sizeSum = (entries: { size: number }[]) => entries.reduce((sum, e) => sum + e.size, 0);

/** A response whose metadata measures `extra` bytes more than the default one. */
const withHeader = (extra: number): StoredResponse =>
  storedResponse({ headers: [['x-pad', 'p'.repeat(extra)]] });

/** What every entry listed adds up to: the truth the totals must match. */
async function expectTotalsExact(store: CacheStore): Promise<void> {
  const all = await store.list();
  expect(await store.stats()).toEqual({ entries: all.length, bytes: sizeSum(all) });
}

/** The contract's LRU spelled out plainly: sort everything, drop the oldest until the rest fits. */
function modelPrune(model: Map<string, CacheEntry>, limits: StoreLimits): string[] {
  const oldestFirst = [...model.values()].sort(
    (a, b) => a.lastUsed - b.lastUsed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const removed: string[] = [];
  let entries = model.size;
  let bytesLeft = sizeSum(oldestFirst);
  for (const e of oldestFirst) {
    if (entries <= (limits.maxEntries ?? Infinity) && bytesLeft <= (limits.maxBytes ?? Infinity))
      break;
    removed.push(e.id);
    model.delete(e.id);
    entries -= 1;
    bytesLeft -= e.size;
  }
  return removed;
}

export function describeTotals(t: ContractContext): void {
  describe('stats (running totals)', () => {
    it('stay exact through put, replace, update, touch, delete, partition clear, prune and clear', async () => {
      const a = entry({ key: 'GET /a', partition: 'p1', lastUsed: 1 });
      const b = entry({ key: 'GET /b', partition: 'p2', lastUsed: 2 });
      const c = entry({ key: 'GET /c', partition: 'p1', lastUsed: 3 });
      for (const e of [a, b, c]) await t.store.put(e, bytes(`body of ${e.id}`));
      await expectTotalsExact(t.store);
      await t.store.put(
        entry({ key: 'GET /a', partition: 'p1', lastUsed: 4 }),
        bytes('longer body'),
      );
      await expectTotalsExact(t.store);
      expect((await t.store.stats()).entries).toBe(3);
      await t.store.put({ ...b, secondaryKey: 'other' }, bytes('same id, other variant'));
      await expectTotalsExact(t.store);
      await t.store.update(c.id, withHeader(200));
      await expectTotalsExact(t.store);
      await t.store.touch([{ id: c.id, lastUsed: 1_000_000_000_000 }]);
      await expectTotalsExact(t.store);
      expect(await t.store.delete('GET /b')).toEqual([b.id]);
      await expectTotalsExact(t.store);
      await t.store.put(entry({ key: 'GET /d', partition: 'p2' }), bytes('d'));
      expect(await t.store.clear({ partition: 'p1' })).toBe(2);
      await expectTotalsExact(t.store);
      for (let i = 0; i < 5; i += 1) {
        await t.store.put(entry({ key: `GET /e${i}`, lastUsed: 10 + i }), bytes('e'.repeat(i)));
      }
      expect(await t.store.prune({ maxEntries: 3 })).toHaveLength(3);
      await expectTotalsExact(t.store);
      const { bytes: used } = await t.store.stats();
      expect(await t.store.prune({ maxBytes: used - 1 })).toHaveLength(1);
      await expectTotalsExact(t.store);
      await t.store.clear();
      expect(await t.store.stats()).toEqual({ entries: 0, bytes: 0 });
    });

    it('update re-measures size: bytes move by the change in metadata size, the count does not', async () => {
      const written = entry({ response: withHeader(10) });
      await t.store.put(written, bytes('body'));
      const before = await t.store.stats();
      const [old] = await t.store.getVariants(written.key);
      await t.store.update(written.id, withHeader(110));
      const [grown] = await t.store.getVariants(written.key);
      expect(grown!.size - old!.size).toBe(100);
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: before.bytes + 100 });
      await t.store.update(written.id, withHeader(0));
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: before.bytes - 10 });
      expect(await t.store.update('missing', withHeader(500))).toBe(false);
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: before.bytes - 10 });
    });

    it('touch changes neither size nor bytes: size is measured at put and update only', async () => {
      const written = entry({ lastUsed: 1 });
      await t.store.put(written, bytes('body'));
      const before = await t.store.stats();
      await t.store.touch([{ id: written.id, lastUsed: 1_000_000_000_000 }]);
      const [touched] = await t.store.getVariants(written.key);
      expect(touched!.lastUsed).toBe(1_000_000_000_000);
      expect(touched!.size).toBe(before.bytes);
      expect(await t.store.stats()).toEqual(before);
    });

    it('stay exact under parallel writes of every kind', async () => {
      const seeded = Array.from({ length: 12 }, (_, i) =>
        entry({
          key: `GET /p${i % 4}`,
          secondaryKey: `v${i}`,
          partition: `part${i % 3}`,
          lastUsed: i,
        }),
      );
      await Promise.all(seeded.map((e) => t.store.put(e, bytes(e.id))));
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) =>
          t.store.put(
            entry({ key: `GET /p${i % 5}`, secondaryKey: `v${i}` }),
            bytes('n'.repeat(i)),
          ),
        ),
        t.store.delete('GET /p1'),
        t.store.update(seeded[2]!.id, withHeader(50)),
        t.store.touch([{ id: seeded[3]!.id, lastUsed: 99 }]),
        t.store.clear({ partition: 'part2' }),
        t.store.prune({ maxEntries: 10 }),
        t.store.prune({ maxBytes: 4000 }),
      ]);
      await expectTotalsExact(t.store);
    });

    it.runIf(t.persistent)(
      'stay exact when two stores over the same storage write at once (two tabs)',
      async () => {
        const other = t.reopen();
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const store = i % 2 === 0 ? t.store : other;
            return store.put(entry({ key: `GET /tab${i % 6}`, lastUsed: i }), bytes('t'.repeat(i)));
          }),
        );
        await Promise.all([
          t.store.delete('GET /tab0'),
          other.delete('GET /tab1'),
          t.store.prune({ maxEntries: 6 }),
          other.put(entry({ key: 'GET /tab-late' }), bytes('late')),
        ]);
        await expectTotalsExact(t.store);
        expect(await other.stats()).toEqual(await t.store.stats());
      },
    );

    it('evicts exactly what a plain sorted model says, over a random sequence of operations', async () => {
      const next = random(20_250_101);
      const model = new Map<string, CacheEntry>();
      let serial = 0;
      for (let step = 0; step < 150; step += 1) {
        const ids = [...model.keys()];
        const pick = () => ids[next(ids.length)]!;
        const op = next(10);
        if (op < 4 || ids.length === 0) {
          serial += 1;
          const written = entry({
            id: `r${serial}`,
            key: `GET /r${next(8)}`,
            secondaryKey: `s${next(2)}`,
            lastUsed: next(40),
          });
          const body = 'b'.repeat(next(60));
          const replaced = await t.store.put(written, bytes(body));
          const gone = [...model.values()].filter(
            (e) =>
              e.id === written.id ||
              (e.key === written.key && e.secondaryKey === written.secondaryKey),
          );
          expect(replaced.sort()).toEqual(gone.map((e) => e.id).sort());
          for (const e of gone) model.delete(e.id);
          model.set(written.id, measuredEntry(written, body.length));
        } else if (op < 6) {
          const id = pick();
          const lastUsed = next(60);
          await t.store.touch([{ id, lastUsed }]);
          const current = model.get(id)!;
          if (lastUsed > current.lastUsed) model.set(id, { ...current, lastUsed });
        } else if (op < 7) {
          const id = pick();
          const response = withHeader(next(80));
          await t.store.update(id, response);
          const current = model.get(id)!;
          model.set(id, measuredEntry({ ...current, response }, current.bodySize));
        } else if (op < 8) {
          const key = model.get(pick())!.key;
          await t.store.delete(key);
          for (const e of [...model.values()]) if (e.key === key) model.delete(e.id);
        } else {
          const limits: StoreLimits =
            next(2) === 0 ? { maxEntries: next(12) } : { maxBytes: next(12) * 700 };
          const removed = await t.store.prune(limits);
          expect(removed.map((e) => e.id)).toEqual(modelPrune(model, limits));
        }
        expect(await t.store.stats()).toEqual({
          entries: model.size,
          bytes: sizeSum([...model.values()]),
        });
      }
      await expectTotalsExact(t.store);
    });
  });
}
