// The cachedFetch variants: one function per scenario, each returning a Variant that the scenario
// interleaves with the alternatives. When the library cannot be loaded, every one of them is a
// Variant marked missing with the reason, never an estimate.
import type { CacheStore } from '../../src/index.ts';
import { firstByteThenDrain, readFully } from './body.ts';
import {
  type CachedFetchInstance,
  cachedBodyRecord,
  cachedFetchMissing,
  cachedFetchName,
  primeCachedFetch,
  settleStore,
  waitStored,
} from './cached-fetch-instance.ts';
import { meterIdbWrites } from './idb-writes.ts';
import { sleep, type Variant } from './sampler.ts';

function missingVariant(): Variant {
  return { name: cachedFetchName, missing: cachedFetchMissing, run: async () => {} };
}

export function cachedFetchHitVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
  name = cachedFetchName,
): Variant {
  if (cachedFetchMissing) return { ...missingVariant(), name };
  let cf: CachedFetchInstance;
  return {
    name,
    hitPrefix: url,
    prepare: async () => {
      cf = instance();
      await primeCachedFetch(cf, url, bytes);
    },
    run: async () => readFully(await cf.fetch(url), bytes, 'cachedFetch'),
    settle: async () => settleStore(cf),
  };
}

/**
 * Not a competitor: the store call a hit makes (`store.lookup`: the variants and the chosen body
 * in one request) and a bare `new Response`, without the fetch layer. Splits cachedFetch's distance
 * from the floor into "the store's read" and "everything else" (policy, headers, Response).
 */
export function storeReadsVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
): Variant {
  if (cachedFetchMissing) return { ...missingVariant(), name: storeReadsName };
  let store: CacheStore;
  let key: string;
  return {
    name: storeReadsName,
    note: 'diagnostic: the store call of a cold hit, no policy, no headers',
    prepare: async () => {
      const cf = instance();
      store = cf.store;
      key = (await cachedBodyRecord(cf, url)).entryKey;
    },
    run: async () => {
      if (!store.lookup) throw new Error('the store has no lookup');
      const { chosen, body } = await store.lookup(key, (variants) => variants[0]);
      if (!chosen) throw new Error('no stored variant');
      await readFully(new Response(body), bytes, storeReadsName);
    },
  };
}

const storeReadsName = 'store.lookup + new Response';

/** A hit on an entry primed earlier (the scale steps prime once, then add entries around it). */
export function cachedFetchPrimedHitVariant(
  cf: CachedFetchInstance,
  url: string,
  bytes: number,
  name = cachedFetchName,
): Variant {
  return {
    name,
    hitPrefix: url,
    run: async () => readFully(await cf.fetch(url), bytes, 'cachedFetch'),
    settle: async () => settleStore(cf),
  };
}

/** Stale entry, origin answers 304: cachedFetch returns the stored body as a 200. */
export function cachedFetchRevalidationVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
  name = cachedFetchName,
): Variant {
  if (cachedFetchMissing) return { ...missingVariant(), name };
  let cf: CachedFetchInstance;
  return {
    name,
    hitPrefix: url,
    prepare: async () => {
      cf = instance();
      await primeCachedFetch(cf, url, bytes);
    },
    run: async () => readFully(await cf.fetch(url), bytes, 'cachedFetch'),
    settle: async () => settleStore(cf),
    // Bytes written to IndexedDB per 304, per object store, over a separate metered run.
    figures: async () => {
      const runs = 20;
      await settleStore(cf);
      const meter = meterIdbWrites();
      try {
        for (let i = 0; i < runs; i++) {
          await readFully(await cf.fetch(url), bytes, 'cachedFetch');
          await settleStore(cf);
        }
        await sleep(50);
        await settleStore(cf);
      } finally {
        meter.stop();
      }
      // Both stores always reported: a 0 for bodies is the figure that matters.
      const figures: Record<string, number> = {
        'idbBytesPer304:entries': 0,
        'idbBytesPer304:bodies': 0,
      };
      for (const [store, { writes, bytes: written }] of Object.entries(meter.read())) {
        figures[`idbBytesPer304:${store}`] = Math.round(written / runs);
        figures[`idbWritesPer304:${store}`] = writes / runs;
      }
      return figures;
    },
  };
}

/**
 * A variant whose samples go to the network through cachedFetch and may be written: it counts the
 * writes each sample should cause and waits (untimed) for them after every run.
 */
function writingVariant(
  instance: () => CachedFetchInstance,
  path: string,
  tag: string,
  sample: (cf: CachedFetchInstance, prefix: string, n: number) => Promise<unknown>,
  writesPerSample: number,
  settleTimeoutMs?: number,
): Variant {
  if (cachedFetchMissing) return missingVariant();
  const prefix = `${path}?v=${tag}-cf-`;
  let cf: CachedFetchInstance;
  let expected = 0;
  return {
    name: cachedFetchName,
    hitPrefix: prefix,
    prepare: async () => {
      cf = instance();
      expected = cf.stored.length;
    },
    run: (n) => {
      expected += writesPerSample;
      return sample(cf, prefix, n);
    },
    settle: async () => {
      await waitStored(cf, expected, settleTimeoutMs);
      await settleStore(cf);
    },
  };
}

/** `storable`: each sample's response is expected to be written (waited for, untimed). */
export function cachedFetchMissVariant(
  instance: () => CachedFetchInstance,
  path: string,
  bytes: number,
  tag: string,
  storable = true,
): Variant {
  return writingVariant(
    instance,
    path,
    tag,
    async (cf, prefix, n) => readFully(await cf.fetch(prefix + n), bytes, 'cachedFetch'),
    storable ? 1 : 0,
  );
}

export function cachedFetchFirstByteVariant(
  instance: () => CachedFetchInstance,
  path: string,
  bytes: number,
  tag: string,
): Variant {
  return writingVariant(
    instance,
    path,
    tag,
    async (cf, prefix, n) => {
      const start = performance.now();
      return firstByteThenDrain(await cf.fetch(prefix + n), start, bytes, 'cachedFetch');
    },
    1,
  );
}

export function cachedFetchBurstVariant(
  instance: () => CachedFetchInstance,
  path: string,
  bytes: number,
  count: number,
  distinct: boolean,
  tag: string,
): Variant {
  return writingVariant(
    instance,
    path,
    tag,
    (cf, prefix, round) =>
      Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const url = distinct ? `${prefix}${round}-${i}` : `${prefix}${round}`;
          await readFully(await cf.fetch(url), bytes, 'cachedFetch');
        }),
      ),
    distinct ? count : 1,
    30_000,
  );
}
