// Issue 22: `cache.outbox.result(id)` sees how a write ended when another tab or worker on the same
// database ended it. Two instances on one (fake) IndexedDB database are two tabs: B replays the
// write A queued. A's pending result(id) hears the outcome on the database's outbox channel; a
// result(id) asked after the write was sent reads its trace in the store (decision 0024).
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDBStore } from '../../../src/store/indexeddb-store';
import { uniqueName } from '../../store/fixtures';
import { rawDelete, rawGetAll, rawOpen } from '../../store/raw-indexeddb';
import { down, makeCachedFetch, ORIGIN, recordEvents, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/todos`;
const open: Array<ReturnType<typeof makeCachedFetch>> = [];
const names: string[] = [];

/** Tab `a` queues one write while the origin is down; tab `b` is open on the same database. */
async function twoTabs(options: { crossTab?: boolean } = {}) {
  const name = uniqueName('outbox-tabs');
  names.push(name);
  const tab = () =>
    makeCachedFetch({
      outbox: true,
      crossTab: options.crossTab ?? true,
      store: new IndexedDBStore({ name }),
    });
  origin.reply('/todos', down);
  const a = tab();
  open.push(a);
  const queued = await a(url, { method: 'POST', body: 'milk' });
  expect(queued.status).toBe(202);
  await a.cache.settled();
  const b = tab();
  open.push(b);
  await b.cache.settled(); // its opening replayed the write, still offline
  return { a, b, id: queued.headers.get('x-outbox-id')! };
}

afterEach(async () => {
  for (const cf of open.splice(0)) await cf.cache.close();
  for (const name of names.splice(0)) await rawDelete(name);
});

describe('outbox result(id) across tabs', () => {
  it("a result(id) pending in the tab that queued the write resolves when another tab's replay sends it", {
    timeout: 5_000,
  }, async () => {
    const { a, b, id } = await twoTabs();
    const result = a.cache.outbox!.result(id);
    origin.reply('/todos', { status: 201, body: 'created' });
    await b.cache.outbox!.flush();
    await b.cache.settled();
    // The origin's response stays in the tab that replayed it; the outcome reaches every tab.
    expect(await result).toEqual({ status: 'sent' });
    expect(await a.cache.outbox!.list()).toEqual([]);
  });

  it('asked after another tab sent it, result(id) resolves `sent` (the trace kept in the store), also in a later tab', async () => {
    const { a, b, id } = await twoTabs();
    origin.reply('/todos', { status: 201 });
    await b.cache.outbox!.flush();
    expect(await b.cache.outbox!.list()).toEqual([]);
    expect(await a.cache.outbox!.result(id)).toEqual({ status: 'sent' });
    expect(await b.cache.outbox!.result(id)).toEqual({ status: 'sent' });
    // Nor across contexts without the channel: the store answers (crossTab off, a reload).
    const later = makeCachedFetch({
      outbox: true,
      store: new IndexedDBStore({ name: names[0]! }),
    });
    open.push(later);
    expect(await later.cache.outbox!.result(id)).toEqual({ status: 'sent' });
    // Sent is final: neither retried nor discarded, and not listed.
    await expect(a.cache.outbox!.retry(id)).rejects.toThrow(TypeError);
    expect(await a.cache.outbox!.discard(id)).toBe(false);
    expect(await later.cache.outbox!.result(id)).toEqual({ status: 'sent' });
  });

  it('a write failed or discarded in another tab: the pending result(id) says so', {
    timeout: 5_000,
  }, async () => {
    const { a, b, id } = await twoTabs();
    const failed = a.cache.outbox!.result(id);
    origin.reply('/todos', { status: 400, body: 'no' });
    await b.cache.outbox!.flush();
    expect(await failed).toEqual({ status: 'failed' });
    origin.reply('/todos', down);
    await a.cache.outbox!.retry(id); // pending again, the origin still down
    await a.cache.settled();
    const discarded = a.cache.outbox!.result(id);
    expect(await b.cache.outbox!.discard(id)).toBe(true);
    expect(await discarded).toEqual({ status: 'discarded' });
  });

  it('the trace of a sent write holds no header fields or body, and goes a day later, when a write is queued', async () => {
    const { a, b, id } = await twoTabs();
    origin.reply('/todos', { status: 201 });
    await b.cache.outbox!.flush();
    const db = await rawOpen(names[0]!);
    const [trace] = (await rawGetAll(db, 'outbox')) as Array<Record<string, unknown>>;
    db.close();
    expect(trace).toMatchObject({ id, state: 'sent', headers: [], body: null, bytes: 0 });
    a.clock.advance(24 * 3600 * 1000 + 1);
    origin.reply('/todos', down);
    expect((await a(url, { method: 'POST', body: 'bread' })).status).toBe(202);
    await expect(a.cache.outbox!.result(id)).rejects.toThrow(TypeError);
  });

  it('clear() at logout removes the traces too, and counts only the writes it dropped', async () => {
    const { a, b, id } = await twoTabs({ crossTab: false });
    origin.reply('/todos', { status: 201 });
    await b.cache.outbox!.flush();
    const cleared = recordEvents(a, 'cleared');
    await a.cache.clear();
    expect(cleared[0]![1]).toMatchObject({ writes: 0 });
    await expect(b.cache.outbox!.result(id)).rejects.toThrow(TypeError);
  });
});
