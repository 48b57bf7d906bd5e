// Storage taken away behind the cache's back (issue 25, decision 0026): the database deleted while
// the cache has it open. The cache says so once (`wiped`), serves nothing from memory that storage
// no longer holds, recreates its storage and carries on.
import { forceCloseDatabase } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { WipedDetail } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

let counter = 0;

function wipedCache() {
  const name = `wiped-${++counter}-${Math.random().toString(36).slice(2)}`;
  // The memory tier on: what it holds must go with the database.
  const cf = makeCachedFetch({ store: new IndexedDBStore({ name }), memory: {} });
  const wiped: WipedDetail[] = [];
  cf.cache.addEventListener('wiped', (detail) => wiped.push(detail));
  return { cf, name, wiped };
}

describe('the database deleted while open (another tab, a tool)', () => {
  it('fires wiped once with what was lost, and the memory tier no longer serves it', async () => {
    const { cf, name, wiped } = wipedCache();
    origin.reply('/w', { headers: { 'cache-control': 'max-age=600' }, body: 'kept' });
    await (await cf(`${ORIGIN}/w`)).text();
    await cf.cache.settled();
    const before = await cf.cache.stats();
    expect((await cf(`${ORIGIN}/w`)).headers.get('cache-status')).toMatch(/hit/);

    await deleteDatabase(name);
    expect(wiped).toEqual([
      { entries: 1, bytes: before.bytes, lastSeen: expect.any(Number) as number },
    ]);

    const again = await cf(`${ORIGIN}/w`);
    expect(await again.text()).toBe('kept');
    expect(again.headers.get('cache-status')).toMatch(/uri-miss/);
    expect(origin.seen('/w')).toHaveLength(2);
    await cf.cache.settled();
    // Recreated and carrying on: the response is stored again, and a hit.
    expect(await cf.cache.stats()).toMatchObject({ entries: 1, bytes: before.bytes });
    expect((await cf(`${ORIGIN}/w`)).headers.get('cache-status')).toMatch(/hit/);
    expect(origin.seen('/w')).toHaveLength(2);
    expect(wiped).toHaveLength(1);
    await cf.cache.close();
  });

  it('a cache that never read its totals reports nothing known as lost, still once', async () => {
    const { cf, name, wiped } = wipedCache();
    expect(await cf.cache.entries()).toEqual([]);
    await deleteDatabase(name);
    expect(wiped).toEqual([{ entries: 0, bytes: 0, lastSeen: undefined }]);
    expect(await cf.cache.stats()).toMatchObject({ entries: 0 });
    expect(wiped).toHaveLength(1);
    await cf.cache.close();
  });

  it('a database deleted while the cache had it closed is reported when the cache reopens it', async () => {
    const { cf, name, wiped } = wipedCache();
    origin.reply('/c', { headers: { 'cache-control': 'max-age=600' }, body: 'c' });
    await (await cf(`${ORIGIN}/c`)).text();
    await cf.cache.settled();
    await cf.cache.close();
    await deleteDatabase(name);
    expect(wiped).toEqual([]);
    expect(await cf.cache.stats()).toMatchObject({ entries: 0 });
    expect(wiped).toEqual([
      { entries: 1, bytes: expect.any(Number) as number, lastSeen: expect.any(Number) as number },
    ]);
    await cf.cache.close();
  });

  it('the browser clears it under an open connection, its close first: the reopen that fails is made again and finds the loss', async () => {
    const { cf, name, wiped } = wipedCache();
    const errors: string[] = [];
    cf.cache.addEventListener('error', ({ error, operation }) =>
      errors.push(`${operation}: ${String(error)}`),
    );
    const connections: IDBDatabase[] = [];
    const open = indexedDB.open.bind(indexedDB);
    const opens = vi.spyOn(indexedDB, 'open').mockImplementation((...args) => {
      const request = open(...args);
      request.addEventListener('success', () => connections.push(request.result));
      return request;
    });
    try {
      origin.reply('/f', { headers: { 'cache-control': 'max-age=600' }, body: 'f' });
      await (await cf(`${ORIGIN}/f`)).text();
      await cf.cache.settled();
      const { bytes } = await cf.cache.stats();
      const reported = new Promise((resolve) => cf.cache.addEventListener('wiped', resolve));

      // Chromium's "clear site data": the connection is closed (no versionchange), and an open
      // made at once, before the deletion is done, fails; then the database is gone.
      opens.mockImplementationOnce(() => {
        throw new DOMException('Internal error.', 'UnknownError');
      });
      forceCloseDatabase(connections.at(-1)! as never);
      await deleteDatabase(name);
      expect(wiped).toEqual([]);

      expect(await reported).toEqual({ entries: 1, bytes, lastSeen: expect.any(Number) });
      const again = await cf(`${ORIGIN}/f`);
      expect(again.headers.get('cache-status')).toMatch(/uri-miss/);
      expect(origin.seen('/f')).toHaveLength(2);
      expect(wiped).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      opens.mockRestore();
      await cf.cache.close();
    }
  });
});
