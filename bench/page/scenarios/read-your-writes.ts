// Scenario: fetch, read the body, fetch again at once. The second request should be a hit every
// time, whether or not the first one's write to IndexedDB has committed yet.
import type { Row, Section } from '../../results-types.ts';
import { freshPath, noContentPath } from '../../routes.ts';
import {
  type CachedFetchInstance,
  cachedFetchMissing,
  coldName,
  warmName,
} from '../cached-fetch-instance.ts';

const tries = 40;

async function hitRate(
  cf: CachedFetchInstance,
  path: string,
  tag: string,
): Promise<Row['figures']> {
  let hits = 0;
  for (let i = 0; i < tries; i++) {
    const url = `${path}?v=ryw-${tag}-${i}`;
    await (await cf.fetch(url)).arrayBuffer();
    const again = await cf.fetch(url);
    await again.arrayBuffer();
    if (/^cached-fetch; hit/.test(again.headers.get('cache-status') ?? '')) hits++;
  }
  return { hits, tries, hitRatePercent: Math.round((100 * hits) / tries) };
}

export async function readYourWrites(
  warm: () => CachedFetchInstance,
  cold: () => CachedFetchInstance,
): Promise<Section[]> {
  const rows: Row[] = [];
  for (const [name, instance, tag] of [
    [warmName, warm, 'warm'],
    [coldName, cold, 'cold'],
  ] as const) {
    for (const [status, path] of [
      ['200 (1 KB)', freshPath('1k')],
      ['204', noContentPath],
    ] as const) {
      const variant = `${name}, ${status}`;
      if (cachedFetchMissing) {
        rows.push({ variant, missing: cachedFetchMissing });
        continue;
      }
      rows.push({
        variant,
        figures: await hitRate(instance(), path, `${tag}-${status.slice(0, 3)}`),
      });
    }
  }
  return [
    {
      id: 'read-your-writes',
      title:
        'Read-your-writes: fetch, read the body, fetch again at once (hits of the second fetch)',
      rows,
      notes: [`${tries} fresh URLs per row, one after the other; a hit is a Cache-Status "hit".`],
    },
  ];
}
