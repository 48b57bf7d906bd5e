// Scenario 5: bursts of concurrent requests: identical ones must reach the origin once.
import type { Section } from '../../results-types.ts';
import { bodySizes, freshPath } from '../../routes.ts';
import { axiosBurstVariant } from '../axios-cache.ts';
import { cachedFetchBurstVariant } from '../cached-fetch.ts';
import type { CachedFetchInstance } from '../cached-fetch-instance.ts';
import { burstFetchVariant } from '../plain-fetch.ts';
import { interleave } from '../sampler.ts';

export async function concurrency(instance: () => CachedFetchInstance): Promise<Section[]> {
  const identicalPath = freshPath('100k');
  const identicalBytes = bodySizes['100k'];
  const identicalPlan = { warmup: 1, samples: 7 };
  const identicalFloor = burstFetchVariant(identicalPath, identicalBytes, 100, false, 'burst-same');
  const identical = await interleave(
    [
      identicalFloor,
      cachedFetchBurstVariant(instance, identicalPath, identicalBytes, 100, false, 'burst-same'),
      axiosBurstVariant(identicalPath, identicalBytes, 100, 'burst-same'),
    ],
    identicalPlan,
  );
  const distinctPath = freshPath('1k');
  const distinctPlan = { warmup: 0, samples: 3 };
  const distinctFloor = burstFetchVariant(
    distinctPath,
    bodySizes['1k'],
    1000,
    true,
    'burst-distinct',
  );
  const distinct = await interleave(
    [
      distinctFloor,
      cachedFetchBurstVariant(
        instance,
        distinctPath,
        bodySizes['1k'],
        1000,
        true,
        'burst-distinct',
      ),
    ],
    distinctPlan,
  );
  const perRound = (rows: typeof identical, rounds: number) => {
    for (const row of rows) {
      if (row.figures?.originHits !== undefined) {
        row.figures.originHitsPerBurst = row.figures.originHits / rounds;
        delete row.figures.originHits;
      }
    }
    return rows;
  };
  return [
    {
      id: 'concurrency-identical-100',
      title:
        '100 identical concurrent requests (100 KB, a miss each burst): time until all bodies are read',
      floor: identicalFloor.name,
      rows: perRound(identical, identicalPlan.samples),
      notes: ['originHitsPerBurst must be 1 for cachedFetch.'],
    },
    {
      id: 'concurrency-distinct-1000',
      title:
        '1,000 distinct concurrent requests (1 KB each, all misses): time until all bodies are read',
      floor: distinctFloor.name,
      rows: perRound(distinct, distinctPlan.samples),
    },
  ];
}
