// Issue 22, "never across users", with two pages (tabs) of one origin on one IndexedDB: alice's
// writes queued in tab A while the origin refused connections are never sent once she logged out
// in tab B (`clear({ partition: 'alice' })`), from either tab, when the origin is back or later.
// The first test needs the clear of writes (tab A, still naming alice, would send them); the
// second the replay's partition check too (tab B, bob signed in before the clear, would send
// alice's writes as bob). A tab that still names alice when the origin comes back may send her
// writes before another tab's logout: that is her partition, so the second test closes tab A's
// cache first and opens it again after the clear.
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../engines/engine';
import type { PageServer } from './page-harness';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

/** Tab A (alice) queues three writes while the origin refuses connections. */
async function aliceQueues(
  context: EngineContext,
  server: PageServer,
  path: string,
  dbName: string,
): Promise<Tab> {
  const a = await Tab.open(context, `${server.url}/`);
  await a.signIn('alice');
  await a.openCache('c', { dbName, crossTab: true, outbox: true, partitionByUser: true });
  for (const n of [1, 2, 3]) {
    const response = await a.fetchOk('c', `${server.url}${path}`, {
      method: 'POST',
      body: `alice ${n}`,
      headers: { 'x-user': 'alice' },
    });
    expect(response.status).toBe(202);
  }
  // Its first replay (the instance's opening) is over: still refused.
  expect(await a.outboxFlush('c')).toHaveLength(3);
  return a;
}

/** The `x-user` of what the origin received at `path` since `since` requests. */
async function receivedSince(server: PageServer, path: string, since: number) {
  return (await server.origin.log(path)).slice(since).map((r) => r.headers['x-user'] ?? '?');
}

describe('outbox: logout in another tab (never across users)', () => {
  it('alice logs out in tab B while the origin is away: neither tab ever sends her writes', async () => {
    const { server, context } = await harness.start();
    const path = server.origin.path('logout');
    await server.origin.script(path, { reset: true });
    const dbName = uniqueDbName('logout');
    const a = await aliceQueues(context, server, path, dbName);
    const b = await Tab.open(context, `${server.url}/`);
    await b.signIn('alice');
    await b.openCache('c', { dbName, crossTab: true, outbox: true, partitionByUser: true });
    await b.settled('c');
    const offline = (await server.origin.log(path)).length;

    // Logout in B: alice's cache and writes go; bob signs in there.
    expect(await b.clear('c', 'alice')).toBeGreaterThanOrEqual(0);
    await b.signIn('bob');

    // The origin is back. A has not heard of the logout in its app (it still names alice).
    await server.origin.script(path, { status: 201 });
    expect(await a.outboxFlush('c')).toEqual([]);
    expect(await b.outboxFlush('c')).toEqual([]);
    // Later, alice signs in again in B and reloads A: still nothing of the old session goes.
    await b.signIn('alice');
    expect(await b.outboxFlush('c')).toEqual([]);
    await a.load(`${server.url}/`);
    await a.signIn('alice');
    await a.openCache('c', { dbName, crossTab: true, outbox: true, partitionByUser: true });
    expect(await a.outboxFlush('c')).toEqual([]);
    expect(await receivedSince(server, path, offline)).toEqual([]);
    // The logout said how many of her writes it dropped.
    const cleared = (await b.events('c')).filter((e) => e.type === 'cleared');
    expect(cleared.map((e) => e.detail.writes)).toEqual([3]);
  });

  it('bob signs in in tab B before alice is cleared: B never sends her writes, and after the clear neither does A', async () => {
    const { server, context } = await harness.start();
    const path = server.origin.path('switch');
    await server.origin.script(path, { reset: true });
    const dbName = uniqueDbName('switch');
    const a = await aliceQueues(context, server, path, dbName);
    const offline = (await server.origin.log(path)).length;
    // Tab A is left with no cache open: while it still names alice, its retry timer may send her
    // writes as soon as the origin is back, and rightly so (its partition is hers); what is
    // tested here is tab B's replay, and tab A once the clear is made.
    await a.load(`${server.url}/`);

    // The session changed to bob (B's app knows first); the origin is back.
    await server.origin.script(path, { status: 201 });
    const b = await Tab.open(context, `${server.url}/`);
    await b.signIn('bob');
    await b.openCache('c', { dbName, crossTab: true, outbox: true, partitionByUser: true });
    // B's opening and its flush replay with bob as the partition: alice's writes wait.
    const waiting = await b.outboxFlush('c');
    expect(waiting.map((w) => w.state)).toEqual(['pending', 'pending', 'pending']);
    expect(await receivedSince(server, path, offline)).toEqual([]);

    // Then B's app runs alice's logout: her writes go; A, opened again naming alice, sends nothing.
    await b.clear('c', 'alice');
    await a.signIn('alice');
    await a.openCache('c', { dbName, crossTab: true, outbox: true, partitionByUser: true });
    expect(await a.outboxFlush('c')).toEqual([]);
    expect(await b.outboxFlush('c')).toEqual([]);
    expect(await receivedSince(server, path, offline)).toEqual([]);
    const cleared = (await b.events('c')).filter((e) => e.type === 'cleared');
    expect(cleared.map((e) => e.detail.writes)).toEqual([3]);
  });
});
