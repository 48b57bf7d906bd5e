// Scenario 4: a fresh hit as the store grows, eviction time. Run in steps from Node, which reads
// the page's heap between them.
import type { Section } from '../../results-types.ts';
import { bodySizes, freshPath } from '../../routes.ts';
import { cachedFetchPrimedHitVariant, storeReadsVariant } from '../cached-fetch.ts';
import {
  type CachedFetchInstance,
  cachedBodyRecord,
  cachedFetchMissing,
  cachedFetchName,
  coldName,
  openCachedFetch,
  primeCachedFetch,
  warmName,
} from '../cached-fetch-instance.ts';
import { type BodyRecordRef, floorVariant } from '../floor.ts';
import { interleave } from '../sampler.ts';
import { countEntries, seedInBulk, seedThroughStore } from '../seed.ts';
import { floorName } from './fresh-hit.ts';

const seedBodyBytes = 512;
const url = `${freshPath('1k')}?v=scale-cf`;
const bytes = bodySizes['1k'];
let cf: CachedFetchInstance | undefined;
/** A second instance on the same database, without the memory tier: every hit reads IndexedDB. */
let cold: CachedFetchInstance | undefined;
let record: BodyRecordRef | undefined;

function opened(): CachedFetchInstance {
  if (!cf) throw new Error(cachedFetchMissing ?? 'scaleOpen did not run');
  return cf;
}

/** Opens a separate database without limits and stores the entry every later step reads. */
export async function scaleOpen(): Promise<{ missing?: string }> {
  if (cachedFetchMissing) return { missing: cachedFetchMissing };
  const limits = { maxEntries: 10_000_000, maxBytes: 10 * 1024 ** 3 };
  cf = openCachedFetch('bench-scale', limits);
  cold = openCachedFetch('bench-scale', limits, false);
  await primeCachedFetch(cf, url, bytes);
  record = await cachedBodyRecord(cf, url);
  return {};
}

export interface SeedResult {
  entries: number;
  seedMs: number;
  /** Mean ms per `store.put` over the entries seeded through the store API (up to the first 100). */
  msPerStorePut?: number;
  /** How long the public `cache.stats()` took at this size. */
  statsMs: number;
}

/**
 * Adds synthetic entries until the store holds `total`: the first 100 through `store.put`, the
 * rest in bulk transactions on the store's schema.
 */
export async function scaleSeedTo(total: number): Promise<SeedResult> {
  const instance = opened();
  const before = await countEntries(instance.dbName);
  const start = performance.now();
  const viaApi = Math.min(total, 100);
  let msPerStorePut: number | undefined;
  // Seed ids continue from what is there, so each step adds new entries.
  if (before < viaApi)
    msPerStorePut = await seedThroughStore(instance.store, before, viaApi, seedBodyBytes);
  await seedInBulk(instance.dbName, Math.max(before, viaApi), total, seedBodyBytes);
  const seedMs = performance.now() - start;
  const statsStart = performance.now();
  const { entries } = await instance.fetch.cache.stats();
  return { entries, seedMs, msPerStorePut, statsMs: performance.now() - statsStart };
}

export async function scaleHit(entries: number): Promise<Section> {
  const instance = opened();
  const target = record;
  if (!target) throw new Error('scaleOpen did not find the stored record');
  return {
    id: `scale-hit-${entries}`,
    title: `Fresh hit (1 KB) with ${entries.toLocaleString('en-US')} stored entries`,
    floor: floorName,
    rows: await interleave(
      [
        cachedFetchPrimedHitVariant(instance, url, bytes, warmName),
        floorVariant(floorName, async () => target, bytes),
        cachedFetchPrimedHitVariant(cold!, url, bytes, coldName),
        // Where a cold hit's growth comes from: the store's read, or the layer above it.
        storeReadsVariant(() => cold!, url, bytes),
      ],
      { warmup: 20, samples: 150 },
    ),
    notes: [
      `Entries have ${seedBodyBytes}-byte bodies: the first 100 written with store.put, the rest in 5,000-entry transactions on the store's schema.`,
    ],
  };
}

/** Times `store.prune` taking the store down by `count` entries, `repeats` times. */
export async function scaleEvict({
  count,
  repeats,
}: {
  count: number;
  repeats: number;
}): Promise<Section> {
  const instance = opened();
  const samplesMs: number[] = [];
  const removedCounts: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const entries = await countEntries(instance.dbName);
    const start = performance.now();
    const removed = await instance.store.prune({ maxEntries: entries - count });
    samplesMs.push(performance.now() - start);
    removedCounts.push(removed.length);
  }
  return {
    id: 'scale-evict-1000',
    title: `Evict ${count.toLocaleString('en-US')} entries (store.prune by LRU) from ~100,000`,
    rows: [
      {
        variant: cachedFetchName,
        samplesMs,
        figures: { removedPerPrune: Math.min(...removedCounts) },
        note: removedCounts.every((n) => n === count)
          ? undefined
          : `removed ${removedCounts.join(', ')}`,
      },
    ],
  };
}

export async function scaleClose(): Promise<void> {
  await cf?.fetch.cache.close();
  await cold?.fetch.cache.close();
}
