// Shared by the outbox tests: an origin that can be down (network error) or up, and a cached fetch
// with the outbox on.
import type { CacheEventMap, CacheEventType } from '../../../src/index';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from '../support';

export { makeCachedFetch, ORIGIN, type Reply, useMockOrigin };

export const down: Reply = { networkError: true };

/** Records every event of `types` in order, as [type, payload]. */
export function recordEvents(
  cf: ReturnType<typeof makeCachedFetch>,
  ...types: CacheEventType[]
): Array<[CacheEventType, CacheEventMap[CacheEventType]]> {
  const seen: Array<[CacheEventType, CacheEventMap[CacheEventType]]> = [];
  for (const type of types) cf.cache.addEventListener(type, (event) => seen.push([type, event]));
  return seen;
}

/** The bytes of what the origin received, as text. */
export async function bodyText(request: Request): Promise<string> {
  return new TextDecoder().decode(await request.clone().arrayBuffer());
}
