// Scenario: does a Storage Bucket's relaxed durability speed up the cache's writes (issue 25
// item 5, decision 0026)? The same responses stored one after another (`store.put`, one readwrite
// transaction each, resolved on commit, as the cache writes them) in the origin's default storage
// and in a fresh bucket opened with `durability: 'strict'` or `'relaxed'`; and, as a control of
// what a flush per write costs on this disk, raw puts whose transactions ask `durability: 'strict'`.
import type { StorageBucketOptions } from '../../../src/index.ts';
import { measuredEntry } from '../../../src/store/entry-size.ts';
import { IndexedDBStore } from '../../../src/stores.ts';
import type { Section } from '../../results-types.ts';
import { cachedFetchMissing } from '../cached-fetch-instance.ts';
import { interleave, type Variant } from '../sampler.ts';
import { seedEntry } from '../seed.ts';

/** Responses stored per sample, and their body size. */
const responses = 100;
const bodyBytes = 1024;

interface Buckets {
  open(name: string, options?: object): Promise<{ indexedDB: IDBFactory }>;
  delete(name: string): Promise<void>;
}
const buckets = (navigator as unknown as { storageBuckets?: Buckets }).storageBuckets;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One variant over IndexedDBStore: a new database (and bucket) per sample, opened untimed. */
function storeVariant(
  name: string,
  durability: StorageBucketOptions['durability'] | 'default',
): Variant {
  let store: IndexedDBStore | undefined;
  let sample = 0;
  const label = () => `bench-durability-${durability}-${sample}`;
  const openNext = async () => {
    const bucket = durability === 'default' ? undefined : { name: label(), durability };
    store = new IndexedDBStore({ name: label(), bucket });
    await store.open();
    if (bucket && store.bucket !== bucket.name) throw new Error('the store is not in its bucket');
  };
  return {
    name,
    missing:
      cachedFetchMissing ??
      (durability !== 'default' && !buckets ? 'no navigator.storageBuckets' : undefined),
    prepare: openNext,
    async run() {
      const body = new ArrayBuffer(bodyBytes);
      const now = Date.now();
      for (let i = 0; i < responses; i++) await store!.put(seedEntry(i, bodyBytes, now), body);
    },
    async settle() {
      // Nothing is deleted: a deletion's clean-up in the background would fall on another
      // sample's writes (the bench's profile is thrown away at the end).
      await store!.close();
      sample += 1;
      await openNext();
    },
  };
}

/** The control: raw puts of the same records, each transaction `durability: 'strict'`. */
let db: IDBDatabase | undefined;

function strictTransactions(): Variant {
  const name = 'bench-durability-transactions';
  return {
    name: 'default storage, raw puts in strict transactions (control)',
    missing: cachedFetchMissing,
    async prepare() {
      await done(indexedDB.deleteDatabase(name));
      const opening = indexedDB.open(name, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore('records');
      db = await done(opening);
    },
    async run() {
      const body = new ArrayBuffer(bodyBytes);
      const now = Date.now();
      for (let i = 0; i < responses; i++) {
        const entry = measuredEntry(seedEntry(i, bodyBytes, now), bodyBytes);
        const tx = db!.transaction('records', 'readwrite', { durability: 'strict' });
        const records = tx.objectStore('records');
        records.put(entry, [entry.key, entry.id, 0]);
        records.put({ bodyOf: entry.id, body }, [entry.key, entry.id, 1]);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onabort = () => reject(tx.error);
        });
      }
    },
  };
}

export async function bucketDurability(): Promise<Section[]> {
  const strict = 'bucket, strict durability';
  const rows = await interleave(
    [
      storeVariant('default storage (no bucket)', 'default'),
      storeVariant(strict, 'strict'),
      storeVariant('bucket, relaxed durability', 'relaxed'),
      strictTransactions(),
    ],
    { warmup: 1, samples: 15 },
  );
  db?.close();
  return [
    {
      id: 'bucket-durability',
      title: `Storage bucket durability: ${responses} responses (${bodyBytes} B bodies) stored one after another`,
      floor: strict,
      rows,
      notes: [
        'Each sample stores into a new database (and a new bucket), opened untimed, never deleted (the profile is thrown away); `store.put` resolves on commit.',
        'The control row is what a flush per write costs on this disk (transactions asking for it themselves).',
      ],
    },
  ];
}
