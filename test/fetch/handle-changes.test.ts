// The handle's clear() and delete(), and other tabs' changes, load their code with the store's
// (src/fetch/handle-changes.ts, decision 0027 "Tenth pass"). While it loads, they keep the order the
// handle promises, as when it is loaded: each test holds that module's load, calls, then lets it in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { untilOtherTabsHeard } from './support';

const url = 'https://api.test/changes';
const module = '../../src/fetch/handle-changes';

/** A fresh copy of src whose handle-changes module arrives only once `release()` is called. */
async function withChangesHeld(held = module) {
  vi.resetModules();
  let release = () => {};
  const arrival = new Promise<void>((resolve) => {
    release = resolve;
  });
  vi.doMock(held, async (importOriginal) => {
    await arrival;
    return importOriginal();
  });
  const { createCachedFetch } = await import('../../src/index');
  const { MemoryStore } = await import('../../src/stores');
  return { createCachedFetch, MemoryStore, release };
}

/** A response the test answers when it wants, and the calls the origin saw. */
function heldOrigin() {
  const seen: string[] = [];
  const answers: Array<(body: string) => void> = [];
  let arrived = () => {};
  const firstArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init).url);
    arrived();
    return new Promise<Response>((resolve) => {
      answers.push((body) =>
        resolve(new Response(body, { headers: { 'cache-control': 'max-age=600' } })),
      );
    });
  };
  return { fetch, seen, answers, firstArrived };
}

const closing: Array<{ cache: { close(): Promise<void> } }> = [];

/** A cache partitioned by who is signed in (alice first), with `url` stored in alice's partition. */
async function aliceStored(fresh: Awaited<ReturnType<typeof withChangesHeld>>) {
  const { createCachedFetch, MemoryStore, release } = fresh;
  let user = 'alice';
  const seen: string[] = [];
  const cf = createCachedFetch({
    fetch: async (input) => {
      seen.push(new Request(input).url);
      return new Response('data', { headers: { 'cache-control': 'max-age=600' } });
    },
    store: new MemoryStore(),
    partition: () => user,
    crossTab: false,
  });
  closing.push(cf);
  await (await cf(url)).text();
  await cf.cache.settled();
  const signIn = (who: string) => {
    user = who;
  };
  return { cf, seen, release, signIn };
}

const networkChunk = '../../src/fetch/cacheable/network-chunk';

afterEach(async () => {
  for (const cf of closing.splice(0)) await cf.cache.close();
  vi.doUnmock(module);
  vi.doUnmock(networkChunk);
  vi.resetModules();
});

describe('clear() and delete() while their code loads', () => {
  it("a `cache: 'reload'` request made after clear() does not join the request sent before it", async () => {
    const { createCachedFetch, MemoryStore, release } = await withChangesHeld();
    const origin = heldOrigin();
    const cf = createCachedFetch({
      fetch: origin.fetch,
      store: new MemoryStore(),
      crossTab: false,
    });
    closing.push(cf);
    const before = cf(url, { cache: 'reload' });
    await origin.firstArrived;
    const clearing = cf.cache.clear();
    const after = cf(url, { cache: 'reload' });
    release();
    await clearing;
    // The request made after clear() went to the origin itself, once the clear was made.
    await vi.waitFor(() => expect(origin.seen).toHaveLength(2));
    origin.answers[1]!('after');
    origin.answers[0]!('before');
    expect(await (await after).text()).toBe('after');
    expect(await (await before).text()).toBe('before');
  });

  it('delete(url) removes from the partition of the call, not of the moment its code arrives', async () => {
    const { cf, seen, signIn, release } = await aliceStored(await withChangesHeld());
    const deleting = cf.cache.delete(url);
    signIn('bob'); // after the call, before its code arrived
    release();
    expect(await deleting).toBe(1);
    signIn('alice');
    expect((await cf(url)).headers.get('cache-status')).toContain('fwd=uri-miss');
    expect(seen).toHaveLength(2);
  });

  it('close() right after clear(): the store is not opened after close() resolved', async () => {
    const { createCachedFetch, release } = await withChangesHeld();
    const { IndexedDBStore } = await import('../../src/stores');
    const store = new IndexedDBStore({ name: `changes-${Math.random().toString(36).slice(2)}` });
    const cf = createCachedFetch({
      fetch: async () => new Response('data', { headers: { 'cache-control': 'max-age=600' } }),
      store,
      crossTab: false,
    });
    await (await cf(url)).text();
    await cf.cache.settled();
    const realOpen = indexedDB.open.bind(indexedDB);
    let closed = false;
    let opensAfterClose = 0;
    const open = vi.spyOn(indexedDB, 'open').mockImplementation((...args) => {
      if (closed) opensAfterClose++;
      return realOpen(...args);
    });
    try {
      const clearing = cf.cache.clear();
      const closingNow = cf.cache.close();
      release();
      await closingNow;
      closed = true;
      await clearing.catch(() => {});
      expect(opensAfterClose).toBe(0);
    } finally {
      open.mockRestore();
    }
  });
});

describe("another tab's clear while its code loads", () => {
  it('a request made meanwhile is not answered by what that tab cleared', async () => {
    const { createCachedFetch, MemoryStore, release } = await withChangesHeld();
    let answers = 0;
    const cf = createCachedFetch({
      fetch: async () => {
        answers++;
        return new Response(`data ${answers}`, { headers: { 'cache-control': 'max-age=600' } });
      },
      // A store per tab (memory): the other tab's clear reaches this one's by its message.
      store: new MemoryStore(),
    });
    closing.push(cf);
    expect(await (await cf(url)).text()).toBe('data 1');
    await cf.cache.settled();
    const otherTab = new BroadcastChannel('cached-fetch');
    otherTab.postMessage({ type: 'cleared', partition: '' });
    otherTab.close();
    await untilOtherTabsHeard();
    const response = cf(url);
    release();
    expect(await (await response).text()).toBe('data 2');
  });
});

describe('invalidate() while its code loads', () => {
  it('RFC 9111 §4.4, decision 0025: invalidate({ url }) without a partition marks the partition of the call, not of the moment its code arrives', async () => {
    const { cf, seen, signIn, release } = await aliceStored(await withChangesHeld(networkChunk));
    const invalidating = cf.cache.invalidate({ url });
    signIn('bob'); // after the call, before its code arrived
    release();
    expect(await invalidating).toBe(1);
    signIn('alice');
    expect((await cf(url)).headers.get('cache-status')).not.toMatch(/; hit/);
    expect(seen).toHaveLength(2);
  });
});
