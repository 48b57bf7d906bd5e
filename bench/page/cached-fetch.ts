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
 * Not a competitor: the two store reads a hit makes (getVariants, then getBody) and a bare
 * `new Response`, without the fetch layer. Splits cachedFetch's distance from the floor into
 * "two transactions instead of one" and "everything else".
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
    note: 'diagnostic: the store calls of a hit, no policy, no headers',
    prepare: async () => {
      const cf = instance();
      store = cf.store;
      key = (await cachedBodyRecord(cf, url)).entryKey;
    },
    run: async () => {
      const [entry] = await store.getVariants(key);
      if (!entry) throw new Error('no stored variant');
      await readFully(new Response(await store.getBody(entry.id)), bytes, storeReadsName);
    },
  };
}

const storeReadsName = 'store.getVariants + store.getBody + new Response';

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

/** EXPERIMENT: store.lookup alone (one transaction) + new Response. */
export function storeLookupVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
): Variant {
  let store: CacheStore;
  let key: string;
  const name = 'x: store.lookup + new Response';
  return {
    name,
    prepare: async () => {
      const cf = instance();
      store = cf.store;
      key = (await cachedBodyRecord(cf, url)).entryKey;
    },
    run: async () => {
      const { body } = await store.lookup!(key, (v) => v[0]);
      await readFully(new Response(body), bytes, name);
    },
  };
}

/** EXPERIMENT: raw idb on the cache's db: index getAll alone, or beside a range get. */
export function rawReadsVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
  mode: 'index-only' | 'pipelined' | 'range-get-only',
): Variant {
  let db: import('idb').IDBPDatabase;
  let key: string;
  const name = `x: raw ${mode}`;
  return {
    name,
    prepare: async () => {
      const cf = instance();
      key = (await cachedBodyRecord(cf, url)).entryKey;
      db = await (await import('./floor.ts')).connect(cf.dbName);
    },
    run: async () => {
      const tx = db.transaction(['entries', 'bodies'], 'readonly');
      if (mode === 'index-only') {
        await tx.objectStore('entries').index('key').getAll(key);
        return;
      }
      const range = IDBKeyRange.bound([key], [key, []]);
      if (mode === 'range-get-only') {
        const rec = await tx.objectStore('bodies').get(range);
        await readFully(new Response(rec.body), bytes, name);
        return;
      }
      const [, rec] = await Promise.all([
        tx.objectStore('entries').index('key').getAll(key),
        tx.objectStore('bodies').get(range),
      ]);
      await readFully(new Response(rec.body), bytes, name);
    },
  };
}

/** EXPERIMENT: one store holding [key, id, 0] metadata and [key, id, 1] body records: one getAll. */
export function unifiedVariant(
  instance: () => CachedFetchInstance,
  url: string,
  bytes: number,
): Variant {
  let db: import('idb').IDBPDatabase;
  let key: string;
  const name = 'x: unified getAll';
  return {
    name,
    prepare: async () => {
      const cf = instance();
      const ref = await cachedBodyRecord(cf, url);
      key = ref.entryKey;
      const src = await (await import('./floor.ts')).connect(cf.dbName);
      const [entry] = await src.getAllFromIndex('entries', 'key', key);
      const rec = await src.get('bodies', ref.key);
      const { openDB } = await import('idb');
      db = await openDB(`x-unified-${bytes}`, 1, {
        upgrade: (d) => d.createObjectStore('records'),
      });
      await db.put('records', entry, [key, entry.id, 0]);
      await db.put('records', rec.body, [key, entry.id, 1]);
    },
    run: async () => {
      const all = await db.getAll('records', IDBKeyRange.bound([key], [key, []]));
      if (all.length !== 2) throw new Error('expected 2');
      await readFully(new Response(all[1]), bytes, name);
    },
  };
}
