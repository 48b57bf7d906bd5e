// The library under test, loaded once: opening an instance on its own database, waiting for its
// background writes, finding its records. cached-fetch.ts builds the compared variants on this.
import type { CachedFetch, CacheStore, StoreLimits } from '../../src/index.ts';
import { readFully } from './body.ts';
import * as lib from './cached-fetch-lib.ts';
import { type BodyRecordRef, findBodyRecord, writeBarrier } from './floor.ts';
import { sleep } from './sampler.ts';

type Api = Pick<typeof lib, 'createCachedFetch' | 'IndexedDBStore'>;

// The stub bench/page-bundle.ts substitutes when src does not build carries the reason instead.
const loaded = lib as Partial<Api> & { benchMissingReason?: string };

/** Why cachedFetch cannot run in this bench, or undefined when it can. */
export const cachedFetchMissing: string | undefined =
  loaded.benchMissingReason ??
  (typeof loaded.createCachedFetch !== 'function'
    ? 'src/index.ts does not export createCachedFetch'
    : typeof loaded.IndexedDBStore !== 'function'
      ? 'src/index.ts does not export IndexedDBStore'
      : undefined);

export const cachedFetchName = 'cachedFetch (IndexedDBStore)';
export const warmName = 'cachedFetch warm (memory tier, default)';
export const coldName = 'cachedFetch cold (memory tier off)';

export interface CachedFetchInstance {
  fetch: CachedFetch;
  store: CacheStore;
  dbName: string;
  /** URLs whose response the cache has written (its `stored` event), in order. */
  stored: string[];
}

export function openCachedFetch(
  dbName: string,
  limits: StoreLimits = {},
  memory?: false,
): CachedFetchInstance {
  if (cachedFetchMissing) throw new Error(cachedFetchMissing);
  const api = loaded as Api;
  const store = new api.IndexedDBStore({ name: dbName });
  const options = memory === false ? { memory } : {};
  const instance = {
    fetch: api.createCachedFetch({ store, ...limits, ...options } as Parameters<
      Api['createCachedFetch']
    >[0]),
    store,
    dbName,
    stored: [] as string[],
  };
  instance.fetch.cache.addEventListener('stored', ({ url }) => void instance.stored.push(url));
  return instance;
}

/**
 * Waits until every IndexedDB write the cache has started is done, so it does not spill into the
 * next sample: a read-only transaction over both stores starts only after every read-write one
 * created before it has finished (IndexedDB transaction ordering, across connections). Twice,
 * because a finished put starts the governor's prune a few microtasks later.
 */
export async function settleStore(instance: CachedFetchInstance): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await sleep(0);
    await writeBarrier(instance.dbName);
  }
}

/** Waits (up to 5 s) until the cache has stored `count` responses in all. */
export async function waitStored(
  instance: CachedFetchInstance,
  count: number,
  limitMs = 5000,
): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (instance.stored.length < count) {
    if (performance.now() > deadline) {
      throw new Error(
        `cachedFetch stored ${instance.stored.length} of ${count} responses within ${limitMs} ms`,
      );
    }
    await sleep(1);
  }
}

/** Fetches `url` through cachedFetch and waits until the store holds it. */
export async function primeCachedFetch(
  instance: CachedFetchInstance,
  url: string,
  bytes: number,
): Promise<void> {
  const expected = instance.stored.length + 1;
  await readFully(await instance.fetch(url), bytes, 'prime');
  await waitStored(instance, expected);
  await settleStore(instance);
}

/** The stored body record of `url`, for the floor (read from the cache's own database). */
export async function cachedBodyRecord(
  instance: CachedFetchInstance,
  url: string,
): Promise<BodyRecordRef & { entryKey: string }> {
  return findBodyRecord(instance.dbName, new URL(url, location.href).href);
}

/** One instance per database, opened on first use (so a missing library fails only its rows). */
export function lazyCachedFetch(dbName: string, memory?: false): () => CachedFetchInstance {
  let instance: CachedFetchInstance | undefined;
  return () => {
    instance ??= openCachedFetch(dbName, {}, memory);
    return instance;
  };
}
