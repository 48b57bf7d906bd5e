// Scenario 2: a stale entry answered by 304, and what a 304 writes to IndexedDB.
import type { Section } from '../../results-types.ts';
import { type BodySize, bodySizes, etagFor, stalePath } from '../../routes.ts';
import { cachedFetchRevalidationVariant } from '../cached-fetch.ts';
import { type CachedFetchInstance, coldName, warmName } from '../cached-fetch-instance.ts';
import { httpCacheRevalidationVariant } from '../http-cache.ts';
import { conditionalFetchVariant } from '../plain-fetch.ts';
import { interleave, type SamplingPlan } from '../sampler.ts';

const sizes: [BodySize, SamplingPlan][] = [
  ['1k', { warmup: 10, samples: 100 }],
  ['100k', { warmup: 10, samples: 60 }],
  ['1m', { warmup: 5, samples: 40 }],
];

export async function revalidation(
  instance: () => CachedFetchInstance,
  cold: () => CachedFetchInstance,
): Promise<Section[]> {
  const sections: Section[] = [];
  for (const [size, plan] of sizes) {
    const path = stalePath(size);
    const bytes = bodySizes[size];
    const url = (variant: string) => `${path}?v=reval-${variant}`;
    const floor = conditionalFetchVariant(url('plain'), etagFor(path));
    const rows = await interleave(
      [
        floor,
        cachedFetchRevalidationVariant(instance, url('cf'), bytes, warmName),
        cachedFetchRevalidationVariant(cold, url('cold'), bytes, coldName),
        httpCacheRevalidationVariant(url('http'), bytes),
      ],
      plan,
    );
    sections.push({
      id: `revalidation-${size}`,
      title: `Revalidation (stale, origin answers 304), ${size === '1k' ? '1 KB' : size === '100k' ? '100 KB' : '1 MB'} body`,
      floor: floor.name,
      rows,
      notes: [
        'The floor is the network round trip alone: it returns the raw 304, no body.',
        'idbBytesPer304:<store> = bytes written to that IndexedDB object store per 304 (20 metered revalidations).',
      ],
    });
  }
  return sections;
}
