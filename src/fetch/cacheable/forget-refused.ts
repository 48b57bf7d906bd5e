// Forgetting what the origin refused (docs/decisions/0019): the stored responses of a URL go when
// a final response for it says they must not be reused (../policy/refusal).
import { refusesStored } from '../../policy/refusal';
import type { Storability } from '../../policy/storability';
import type { CacheableRequest, Engine } from '../context/engine';
import type { ForwardedAction } from '../response/cache-action';

/**
 * After a network response to the lookup: forgets the URL's stored responses when the response
 * refused them (../policy/refusal). A URL found with nothing stored at all has nothing to remove:
 * no delete (an IndexedDB write and a tab message) for every no-store response.
 */
export function forgetIfRefused(
  engine: Engine,
  cacheable: Pick<CacheableRequest, 'key' | 'request' | 'snapshot'>,
  action: ForwardedAction,
  status: number,
  verdict: Storability,
): void {
  const nothingStored = action.kind === 'miss' && action.fwd === 'uri-miss' && !action.detail;
  if (!nothingStored && refusesStored(cacheable.snapshot, status, verdict)) {
    forgetRefused(engine, cacheable);
  }
}

/**
 * Removes every stored response of the request's key (its variants and Range parts, in its
 * partition; the memory tier and other tabs follow, as for any delete). Nothing fetched before is
 * written afterwards, no caller joins such a fetch (as after an invalidation, ./invalidation), and
 * lookups in this tab wait for the delete (read-your-writes). Never rejects: a storage failure is
 * reported, the request is not failed.
 */
export function forgetRefused(
  engine: Engine,
  cacheable: Pick<CacheableRequest, 'key' | 'request'>,
): void {
  const { key } = cacheable;
  engine.generations.invalidateKey(key);
  engine.flights.forget((tag) => tag.key === key);
  const removed = engine.storage.deleteKey(key, cacheable.request.url).then(() => {});
  engine.storage.writing(key, removed);
  engine.background.track(removed);
}
