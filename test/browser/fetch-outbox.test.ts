// Issue 22 in a real browser with real IndexedDB: writes made while the origin refuses every
// connection are queued (202), survive a "reload" (a new instance on the same database), and reach
// the origin exactly once each, in order, with the Idempotency-Key their first attempt carried.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCacheStatus } from '../../src/index';
import type { SeenRequest } from '../origin/server';
import { cleanup, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

/** What the origin saw for `path` and its queries (`?n=1`, ...). */
async function seenUnder(path: string): Promise<SeenRequest[]> {
  const all = (await (await fetch('/__control/log')).json()) as SeenRequest[];
  return all.filter((request) => request.path.startsWith(`${path}?`));
}

describe('outbox in a real browser', () => {
  it('three writes offline, a reload, then the origin gets exactly one of each, in order, with its key', async () => {
    const origin = sameOrigin();
    const path = origin.path('outbox');
    await origin.script(path, { reset: true });
    const name = uniqueDbName('outbox');
    const before = openCachedFetch(name, { outbox: true });
    for (const n of [1, 2, 3]) {
      const response = await before(`${path}?n=${n}`, { method: 'POST', body: `write ${n}` });
      expect(response.status).toBe(202);
      expect(parseCacheStatus(response.headers.get('cache-status'))?.detail).toBe('queued');
    }
    const queued = await before.cache.outbox!.list();
    expect(queued.map((item) => new URL(item.url).search)).toEqual(['?n=1', '?n=2', '?n=3']);
    await before.cache.settled();
    await before.cache.close();
    const offlineLog = await seenUnder(path);
    // Only the first write tried while offline; the others waited behind it, unsent.
    expect(new Set(offlineLog.map((r) => r.path))).toEqual(new Set([`${path}?n=1`]));
    expect(offlineLog[0]!.headers['idempotency-key']).toBe(queued[0]!.idempotencyKey);

    await origin.script(path, { status: 201, body: 'created' });
    const after = openCachedFetch(name, { outbox: true }); // the reload: replays on creation
    await after.cache.settled();
    await after.cache.outbox!.flush();
    const sent = (await seenUnder(path)).slice(offlineLog.length);
    expect(sent.map((r) => [r.method, r.path, r.headers['idempotency-key']])).toEqual(
      queued.map((item) => ['POST', `${path}${new URL(item.url).search}`, item.idempotencyKey]),
    );
    expect(new Set(sent.map((r) => r.headers['idempotency-key'])).size).toBe(3);
    expect(await after.cache.outbox!.list()).toEqual([]);
  });
});
