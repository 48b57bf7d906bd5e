// Issue 22 with two pages (tabs) of one origin on one IndexedDB: writes queued while the origin
// refused every connection reach it exactly once when both tabs flush at the same time (the
// replay holds a Web Lock; whoever waits for it finds the writes already gone from the store).
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

describe('outbox across two tabs', () => {
  it('both tabs flush when the origin is back: each queued write reaches it once, in order', async () => {
    const { server, context } = await harness.start();
    const origin = server.origin;
    const path = origin.path('outbox');
    await origin.script(path, { reset: true });
    const a = await Tab.open(context, `${server.url}/`);
    const b = await Tab.open(context, `${server.url}/`);
    const dbName = uniqueDbName('outbox');
    await a.openCache('c', { dbName, crossTab: true, outbox: true });
    for (const n of [1, 2, 3]) {
      const response = await a.fetchOk('c', `${server.url}${path}`, {
        method: 'POST',
        body: `write ${n}`,
        headers: { 'x-n': String(n) },
      });
      expect(response.status).toBe(202);
    }
    await b.openCache('c', { dbName, crossTab: true, outbox: true });
    // B's opening replays too (a page load): still offline, it fails; wait for it to be done.
    expect(await b.outboxFlush('c')).toHaveLength(3);
    expect(await a.outboxFlush('c')).toHaveLength(3);
    const offline = (await origin.log(path)).length;

    await origin.script(path, { status: 201 });
    const [leftA, leftB] = await Promise.all([a.outboxFlush('c'), b.outboxFlush('c')]);
    expect(leftA).toEqual([]);
    expect(leftB).toEqual([]);
    const sent = (await origin.log(path)).slice(offline);
    expect(sent.map((r) => [r.method, r.headers['x-n']])).toEqual([
      ['POST', '1'],
      ['POST', '2'],
      ['POST', '3'],
    ]);
    expect(new Set(sent.map((r) => r.headers['idempotency-key'])).size).toBe(3);
  });

  it('a page closed after the origin received its replay, before the answer: the next page sends it again with the same key', async () => {
    const { server, context } = await harness.start();
    const origin = server.origin;
    const path = origin.path('cut');
    await origin.script(path, { reset: true });
    const dbName = uniqueDbName('cut');
    const a = await Tab.open(context, `${server.url}/`);
    await a.openCache('c', { dbName, outbox: true });
    const queued = await a.fetchOk('c', `${server.url}${path}`, { method: 'POST', body: 'once' });
    expect(queued.status).toBe(202);
    expect(await a.outboxFlush('c')).toHaveLength(1);
    const offline = (await origin.log(path)).length;

    // The origin takes the replay, and answers only after the page is gone.
    await origin.script(path, { status: 201, delayMs: 2_000 }, { status: 201 });
    void a.page.evaluate(() => window.harness.outboxFlush('c')).catch(() => {});
    await expect.poll(async () => (await origin.log(path)).length).toBe(offline + 1);
    // The next page is open first (WebDriver ends the session with its last window), without a cache.
    const b = await Tab.open(context, `${server.url}/`);
    await a.page.close();
    await b.openCache('c', { dbName, outbox: true });
    expect(await b.outboxFlush('c')).toEqual([]); // the reload replayed it, in flight since A
    const replays = (await origin.log(path)).slice(offline);
    expect(replays).toHaveLength(2);
    expect(replays[1]!.headers['idempotency-key']).toBe(replays[0]!.headers['idempotency-key']);
  });

  it("result(id) in the tab that queued a write hears how another tab's replay ended it", async () => {
    const { server, context } = await harness.start();
    const origin = server.origin;
    const path = origin.path('result');
    await origin.script(path, { reset: true });
    const dbName = uniqueDbName('result');
    const a = await Tab.open(context, `${server.url}/`);
    const b = await Tab.open(context, `${server.url}/`);
    await a.openCache('c', { dbName, crossTab: true, outbox: true });
    const queued = await a.fetchOk('c', `${server.url}${path}`, { method: 'POST', body: 'milk' });
    expect(queued.status).toBe(202);
    const id = queued.headers['x-outbox-id']!;
    await a.settled('c');
    await a.outboxAwait('c', id);
    await b.openCache('c', { dbName, crossTab: true, outbox: true });
    await origin.script(path, { status: 201 });
    expect(await b.outboxFlush('c')).toEqual([]);
    // A's pending result(id) resolves from B's outcome (the response stays in B).
    expect(await a.outboxResult(id)).toEqual({ status: 'sent', response: false });
    // Asked afterwards, in either tab: the trace in the store says `sent`.
    await a.outboxAwait('c', id);
    expect(await a.outboxResult(id)).toEqual({ status: 'sent', response: false });
  });
});
