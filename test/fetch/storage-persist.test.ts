// The `persist` option and what `cache.stats()` says of the origin's storage (issue 25, decision
// 0026): persistent storage is asked for once, after the first response is stored, never before;
// stats() reports whether it is persisted, and the origin's usage and quota, where the browser says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storeLabel } from '../../src/inspector/inspector';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

/** A `navigator.storage` that records what it was asked. */
function fakeStorageManager(granted = true) {
  const storage = {
    persist: vi.fn(async () => granted),
    persisted: vi.fn(async () => granted && storage.persist.mock.calls.length > 0),
    estimate: vi.fn(async () => ({ usage: 1234, quota: 5678 })),
  };
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
  return storage;
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'storage');
});

let counter = 0;
const indexedDBStore = () => new IndexedDBStore({ name: `persist-${++counter}-${Date.now()}` });

describe('persist: true', () => {
  it('asks once, after the first stored response: not at creation, not for a response not stored', async () => {
    const storage = fakeStorageManager();
    origin.reply('/no-store', { headers: { 'cache-control': 'no-store' }, body: 'x' });
    origin.reply('/a', { headers: { 'cache-control': 'max-age=60' }, body: 'a' });
    origin.reply('/b', { headers: { 'cache-control': 'max-age=60' }, body: 'b' });
    const cf = makeCachedFetch({ store: indexedDBStore(), persist: true });
    await (await cf(`${ORIGIN}/no-store`)).text();
    await cf.cache.settled();
    expect(storage.persist).not.toHaveBeenCalled();
    expect(await cf.cache.stats()).toMatchObject({ persisted: false, usage: 1234, quota: 5678 });

    await (await cf(`${ORIGIN}/a`)).text();
    await cf.cache.settled();
    expect(storage.persist).toHaveBeenCalledTimes(1);
    await (await cf(`${ORIGIN}/b`)).text();
    await cf.cache.settled();
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(await cf.cache.stats()).toMatchObject({
      entries: 2,
      store: 'indexeddb',
      persistent: true,
      persisted: true,
      usage: 1234,
      quota: 5678,
    });
    await cf.cache.close();
  });

  it('does not ask for a cache kept in memory (lost on reload whatever the browser keeps)', async () => {
    const storage = fakeStorageManager();
    origin.reply('/m', { headers: { 'cache-control': 'max-age=60' }, body: 'm' });
    const cf = makeCachedFetch({ persist: true });
    await (await cf(`${ORIGIN}/m`)).text();
    await cf.cache.settled();
    expect(storage.persist).not.toHaveBeenCalled();
  });

  it('a refusal or a missing navigator.storage fails nothing', async () => {
    const storage = fakeStorageManager(false);
    storage.persist.mockRejectedValue(new DOMException('no', 'NotAllowedError'));
    origin.reply('/r', { headers: { 'cache-control': 'max-age=60' }, body: 'r' });
    const cf = makeCachedFetch({ store: indexedDBStore(), persist: true });
    expect(await (await cf(`${ORIGIN}/r`)).text()).toBe('r');
    await cf.cache.settled();
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(await cf.cache.stats()).toMatchObject({ entries: 1, persisted: false });
    Reflect.deleteProperty(navigator, 'storage');
    expect(await cf.cache.stats()).toMatchObject({
      entries: 1,
      persisted: undefined,
      usage: undefined,
      quota: undefined,
    });
    await cf.cache.close();
  });
});

describe('without persist', () => {
  it('never asks, and stats() still reports usage and quota', async () => {
    const storage = fakeStorageManager();
    origin.reply('/n', { headers: { 'cache-control': 'max-age=60' }, body: 'n' });
    const cf = makeCachedFetch({ store: indexedDBStore() });
    await (await cf(`${ORIGIN}/n`)).text();
    await cf.cache.settled();
    expect(storage.persist).not.toHaveBeenCalled();
    expect(await cf.cache.stats()).toMatchObject({ persisted: false, usage: 1234, quota: 5678 });
    await cf.cache.close();
  });

  it('rejects a persist that is not a boolean with a TypeError naming it', () => {
    expect(() => makeCachedFetch({ persist: 'yes' as never })).toThrow(/persist/);
    expect(() => makeCachedFetch({ persist: 'yes' as never })).toThrow(TypeError);
  });
});

describe('the inspector', () => {
  it('shows usage against quota and whether the browser keeps the storage', () => {
    const base = { entries: 1, bytes: 10, store: 'indexeddb' as const, persistent: true };
    expect(storeLabel({ ...base, persisted: true, usage: 1_500_000, quota: 6_000_000 })).toBe(
      'store: indexeddb, persistent, 1.5 MB of 6.0 MB used, not evictable',
    );
    expect(storeLabel({ ...base, persisted: false, usage: 800, quota: 6_000_000 })).toBe(
      'store: indexeddb, persistent, 800 B of 6.0 MB used, evictable',
    );
    expect(
      storeLabel({
        ...base,
        store: 'memory',
        persistent: false,
        persisted: undefined,
        usage: undefined,
        quota: undefined,
      }),
    ).toBe('store: memory, lost on reload');
  });
});
