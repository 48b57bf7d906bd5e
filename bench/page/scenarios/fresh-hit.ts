// Scenario 1: a fresh hit, body read fully, against the floor and the other caches a page has.
import type { Section } from '../../results-types.ts';
import { type BodySize, bodySizes, freshPath } from '../../routes.ts';
import { axiosHitVariant } from '../axios-cache.ts';
import { cacheStorageHitVariant } from '../cache-storage.ts';
import { cachedFetchHitVariant, storeReadsVariant } from '../cached-fetch.ts';
import {
  type CachedFetchInstance,
  cachedBodyRecord,
  cachedFetchMissing,
  coldName,
  warmName,
} from '../cached-fetch-instance.ts';
import { type BodyRecordRef, blobRecord, floorVariant, ownFloorRecord } from '../floor.ts';
import { httpCacheHitVariant } from '../http-cache.ts';
import { describe, interleave, type SamplingPlan } from '../sampler.ts';
import { workboxHitVariant } from '../workbox.ts';

const plans: Record<BodySize, SamplingPlan> = {
  '1k': { warmup: 20, samples: 200 },
  '100k': { warmup: 20, samples: 150 },
  '1m': { warmup: 10, samples: 60 },
};

export const floorName = 'floor: one idb get + new Response';
const blobProbeName = 'one idb get of a Blob record + new Response';

async function bytesOf(url: string): Promise<ArrayBuffer> {
  return (await fetch(url, { cache: 'no-store' })).arrayBuffer();
}

export async function freshHit(
  instance: () => CachedFetchInstance,
  cold: () => CachedFetchInstance,
): Promise<Section[]> {
  const sections: Section[] = [];
  for (const size of Object.keys(bodySizes) as BodySize[]) {
    const bytes = bodySizes[size];
    const url = (variant: string) => `${freshPath(size)}?v=hit-${variant}`;
    const notes: string[] = [];
    const floorRecord = async (): Promise<BodyRecordRef> => {
      if (!cachedFetchMissing) {
        try {
          const ref = await cachedBodyRecord(instance(), url('cf'));
          notes.push(
            'The floor reads the very record cachedFetch stored, on its own open connection.',
          );
          return ref;
        } catch (error) {
          notes.push(`cachedFetch's record not found (${describe(error)}).`);
        }
      }
      notes.push(
        'The floor reads a same-size record from its own database (cachedFetch could not run).',
      );
      return ownFloorRecord(url('floor'), await bytesOf(url('floor')));
    };
    const rows = await interleave(
      [
        // cachedFetch first: the floor's prepare reads the record cachedFetch's prepare stored.
        cachedFetchHitVariant(instance, url('cf'), bytes, warmName),
        floorVariant(floorName, floorRecord, bytes),
        cachedFetchHitVariant(cold, url('cold'), bytes, coldName),
        storeReadsVariant(instance, url('cf'), bytes),
        {
          ...floorVariant(
            blobProbeName,
            async () => blobRecord(url('blob'), await bytesOf(url('blob'))),
            bytes,
          ),
          note: 'probe: body stored as a Blob instead of an ArrayBuffer',
        },
        httpCacheHitVariant(url('http'), bytes),
        cacheStorageHitVariant(url('cs'), bytes),
        workboxHitVariant(url('wb'), bytes),
        axiosHitVariant(url('axios'), bytes),
      ],
      plans[size],
    );
    sections.push({
      id: `fresh-hit-${size}`,
      title: `Fresh hit, ${size === '1k' ? '1 KB JSON' : size === '100k' ? '100 KB' : '1 MB'}, body read fully`,
      floor: floorName,
      rows,
      notes,
    });
  }
  return sections;
}
