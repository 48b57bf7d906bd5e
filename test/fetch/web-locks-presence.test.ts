// Revalidations of one key are serialised across tabs with Web Locks (pitfall 12), but only where
// another instance could be revalidating beside this one: a lock request is a round trip to the
// browser before the conditional request can leave (decision 0016). Instances find each other on
// the BroadcastChannel: a new one says hello, those already there answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { makeCachedFetch, ORIGIN, untilOtherTabsHeard, useMockOrigin } from './support';

const origin = useMockOrigin();
const opened: Array<ReturnType<typeof makeCachedFetch>> = [];

/** A granting LockManager that counts the locks asked for. */
function countingLocks() {
  const names: string[] = [];
  const locks = {
    request: (name: string, _options: unknown, fn: (lock: unknown) => Promise<unknown>) => {
      names.push(name);
      return fn({ name });
    },
  };
  vi.stubGlobal('navigator', { ...navigator, locks });
  return names;
}

function open(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  const cf = makeCachedFetch(options);
  opened.push(cf);
  return cf;
}

/** Stores a response that is stale at once, then asks for it again: a conditional request. */
async function revalidateOnce(cf: ReturnType<typeof makeCachedFetch>, path: string) {
  origin.reply(
    path,
    { headers: { 'cache-control': 'max-age=0', etag: '"1"' }, body: 'v1' },
    { status: 304, headers: { etag: '"1"' } },
  );
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
  const res = await cf(`${ORIGIN}${path}`);
  expect(res.headers.get('cache-status')).toContain('fwd-status=304');
  expect(origin.seen(path)[1]?.headers.get('if-none-match')).toBe('"1"');
}

afterEach(async () => {
  for (const cf of opened.splice(0)) await cf.cache.close();
  vi.unstubAllGlobals();
});

describe('pitfall 12: Web Locks only where another instance could contend', () => {
  it('an instance that has heard from no other on its channel asks for no lock', async () => {
    const locks = countingLocks();
    const cf = open({ crossTab: true });
    await untilOtherTabsHeard();
    await revalidateOnce(cf, '/alone');
    expect(locks).toEqual([]);
  });

  it('once another instance said hello, both ask for the lock (the first one answered it)', async () => {
    const locks = countingLocks();
    const first = open({ crossTab: true });
    await untilOtherTabsHeard();
    const second = open({ crossTab: true });
    await untilOtherTabsHeard();
    await revalidateOnce(first, '/first');
    expect(locks).toHaveLength(1);
    await revalidateOnce(second, '/second');
    expect(locks).toHaveLength(2);
    expect(locks[0]).toMatch(/^cached-fetch:revalidate:/);
  });

  it('instances on different databases never wait for each other; on the same one they do', async () => {
    const locks = countingLocks();
    const store = (name: string) => new IndexedDBStore({ name });
    const images = open({ crossTab: true, store: store('presence-images') });
    await untilOtherTabsHeard();
    open({ crossTab: true, store: store('presence-api') });
    await untilOtherTabsHeard();
    await revalidateOnce(images, '/other-database');
    expect(locks).toEqual([]);
    open({ crossTab: true, store: store('presence-images') });
    await untilOtherTabsHeard();
    await revalidateOnce(images, '/same-database');
    expect(locks).toHaveLength(1);
  });

  it('without a channel (crossTab: false) nobody can be ruled out: the lock is asked for', async () => {
    const locks = countingLocks();
    const cf = open({ crossTab: false });
    await revalidateOnce(cf, '/no-channel');
    expect(locks).toHaveLength(1);
  });
});

describe('presence and the coherence channel across versions', () => {
  it('presence never goes on the coherence channel, where an earlier version reads an unknown message as a clear', async () => {
    const seen: unknown[] = [];
    const coherence = new BroadcastChannel('cached-fetch');
    coherence.onmessage = (event) => seen.push(event.data);
    try {
      open({ crossTab: true });
      open({ crossTab: true });
      await untilOtherTabsHeard();
      expect(seen).toEqual([]);
    } finally {
      coherence.close();
    }
  });

  it('a message this version does not know clears nothing', async () => {
    origin.reply('/kept', { headers: { 'cache-control': 'max-age=600' }, body: 'kept' });
    const cf = open({ crossTab: true });
    const cleared: unknown[] = [];
    cf.cache.addEventListener('cleared', (event) => cleared.push(event));
    await (await cf(`${ORIGIN}/kept`)).text();
    await cf.cache.settled();
    const later = new BroadcastChannel('cached-fetch');
    later.postMessage({ type: 'from-a-later-version', partition: undefined });
    later.postMessage(null);
    await untilOtherTabsHeard();
    later.close();
    expect(cleared).toEqual([]);
    expect(await (await cf(`${ORIGIN}/kept`)).text()).toBe('kept');
    expect(origin.seen('/kept')).toHaveLength(1);
  });
});
