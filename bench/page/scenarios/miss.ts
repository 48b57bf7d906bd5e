// Scenario 3: a miss (the cost of storing), and when the caller gets its first byte.
import type { Section } from '../../results-types.ts';
import { type BodySize, bodySizes, freshPath, noStorePath, slowPath } from '../../routes.ts';
import { cachedFetchFirstByteVariant, cachedFetchMissVariant } from '../cached-fetch.ts';
import type { CachedFetchInstance } from '../cached-fetch-instance.ts';
import { firstByteFetchVariant, missFetchVariant } from '../plain-fetch.ts';
import { interleave, type SamplingPlan } from '../sampler.ts';

const plans: Record<BodySize, SamplingPlan> = {
  '1k': { warmup: 10, samples: 100 },
  '100k': { warmup: 10, samples: 60 },
  '1m': { warmup: 5, samples: 30 },
};

export async function miss(instance: () => CachedFetchInstance): Promise<Section[]> {
  const sections: Section[] = [];
  const note =
    'Every sample is a URL never fetched before; after each cachedFetch sample the bench waits (untimed) for its store write.';
  for (const size of Object.keys(bodySizes) as BodySize[]) {
    const bytes = bodySizes[size];
    const floor = missFetchVariant(freshPath(size), bytes, 'miss');
    const rows = await interleave(
      [floor, cachedFetchMissVariant(instance, freshPath(size), bytes, 'miss')],
      plans[size],
    );
    sections.push({
      id: `miss-${size}`,
      title: `Miss (storable, max-age=3600), ${size}, body read fully`,
      floor: floor.name,
      rows,
      notes: [note],
    });
  }
  const noStoreFloor = missFetchVariant(noStorePath('1k'), bodySizes['1k'], 'nostore');
  sections.push({
    id: 'miss-no-store-1k',
    title: 'Miss on a no-store response (nothing to store), 1k',
    floor: noStoreFloor.name,
    rows: await interleave(
      [
        noStoreFloor,
        cachedFetchMissVariant(instance, noStorePath('1k'), bodySizes['1k'], 'nostore', false),
      ],
      plans['1k'],
    ),
  });
  const bytes = bodySizes['1m'];
  const ttfbFloor = firstByteFetchVariant(slowPath, bytes, 'ttfb');
  const rows = await interleave(
    [ttfbFloor, cachedFetchFirstByteVariant(instance, slowPath, bytes, 'ttfb')],
    { warmup: 3, samples: 20 },
  );
  sections.push({
    id: 'miss-first-byte-1m',
    title:
      'Miss, 1 MB streamed by the origin over ~60 ms: caller’s first byte (:firstByte) and whole body',
    floor: ttfbFloor.name,
    rows,
    notes: [
      'The origin sends 16 chunks of 64 KB, 4 ms apart. A cache that buffers the body before answering shows a first byte near the whole-body time.',
    ],
  });
  return sections;
}
