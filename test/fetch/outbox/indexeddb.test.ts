// Issue 22, durability: the outbox lives in the cache's IndexedDB database (schema version 6, its
// own object store); a v4 database upgrades keeping its entries; a new instance (a page load)
// replays what an earlier one queued; a storage failure rejects the write's call.
import { describe, expect, it, vi } from 'vitest';
import { IndexedDBStore } from '../../../src/store/indexeddb-store';
import { quotaError, uniqueName } from '../../store/fixtures';
import { describeOutboxUpgrade } from '../../store/outbox-upgrade';
import { rawDelete } from '../../store/raw-indexeddb';
import { down, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/todos`;

describeOutboxUpgrade();

describe('outbox in IndexedDB', () => {
  it('a write queued by one instance is replayed by the next one on the same database (a reload), once', async () => {
    const name = uniqueName('outbox-reload');
    origin.reply('/todos', down);
    const first = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    const res = await first(url, { method: 'POST', body: 'survives' });
    expect(res.status).toBe(202);
    await first.cache.settled();
    await first.cache.close();
    origin.reply('/todos', { status: 201 });
    const second = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    await second.cache.settled();
    const bodies = await Promise.all(origin.seen('/todos').map((r) => r.clone().text()));
    expect(bodies).toEqual(['survives', 'survives']);
    const keys = origin.seen('/todos').map((r) => r.headers.get('idempotency-key'));
    expect(keys[1]).toBe(keys[0]);
    expect(await second.cache.outbox!.list()).toEqual([]);
    await second.cache.close();
    await rawDelete(name);
  });

  it('a quota error while adding the write rejects the call with a TypeError whose cause is it', async () => {
    origin.reply('/todos', down);
    const name = uniqueName('outbox-quota');
    const cf = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    await cf.cache.settled();
    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quotaError();
    });
    try {
      const call = cf(url, { method: 'POST', body: 'too much' });
      await expect(call).rejects.toThrow(/could not reach the origin, and could not be queued/);
      const error = await call.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).cause).toMatchObject({ name: 'QuotaExceededError' });
    } finally {
      add.mockRestore();
    }
    expect(await cf.cache.outbox!.list()).toEqual([]);
    await cf.cache.close();
    await rawDelete(name);
  });

  it('a queued write is on disk before its call answers, and so is a clear: both ask for strict durability', async () => {
    // Chromium reports a commit before the disk has it unless asked (its default is relaxed since
    // version 121): the 202 says the write is kept.
    origin.reply('/todos', down);
    const name = uniqueName('outbox-strict');
    const cf = makeCachedFetch({ outbox: true, store: new IndexedDBStore({ name }) });
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      expect((await cf(url, { method: 'POST', body: 'kept' })).status).toBe(202);
      await cf.cache.clear();
      const outboxWrites = transaction.mock.calls.filter(
        ([names, mode]) => String(names) === 'outbox' && mode === 'readwrite',
      );
      expect(outboxWrites.length).toBeGreaterThanOrEqual(2);
      for (const [, , options] of outboxWrites) {
        expect(options).toEqual({ durability: 'strict' });
      }
    } finally {
      transaction.mockRestore();
    }
    await cf.cache.close();
    await rawDelete(name);
  });

  it('a storage failure rejects the call with a TypeError saying the write could not be queued', async () => {
    origin.reply('/todos', down);
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('disk gone', 'UnknownError');
    });
    try {
      const cf = makeCachedFetch({
        outbox: true,
        store: new IndexedDBStore({ name: uniqueName('x') }),
      });
      await expect(cf(url, { method: 'POST', body: 'x' })).rejects.toThrow(
        /could not reach the origin, and could not be queued/,
      );
    } finally {
      open.mockRestore();
    }
    // An UnknownError is what Chromium reports right after deleting the database, so the open is
    // made again on its schedule (250, 500, 1,000 ms; src/store/indexeddb-connection.ts): this
    // test waits for those in real time, about 3.5 s here, hence more than the default 5 s.
  }, 20_000);
});
