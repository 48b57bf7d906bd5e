// RFC 9111 §4.3.4: what a 304 does to what is stored, the same for a plain request (./revalidate)
// and a Range request (../range/request): the stored responses it selects are freshened with its
// fields, for this request's credentials, unless the merged fields refuse storing.
import { freshenedResponse, selectForFreshening, withCredentialsOf } from '../../policy/freshen';
import { refusesStored } from '../../policy/refusal';
import type { ResponseSnapshot, StoredResponse } from '../../policy/snapshot';
import { storability } from '../../policy/storability';
import type { CacheEntry } from '../../store/cache-store';
import { applyHeuristicFreshness } from '../cacheable/heuristic';
import type { CacheableRequest, Engine } from '../context/engine';
import type { NetworkResult } from '../network/network';
import { updateStored } from '../storage/store-calls';

export interface Freshened {
  /** The stored response that answers: `selected` if the 304 selects it, else the first it does. */
  served: CacheEntry;
  /** `served`'s response, freshened. */
  response: StoredResponse;
  /**
   * The merged fields forbid storing (no-store, Vary: *): the response is served once and what is
   * stored for the URL must go, once its body was read (decision 0019).
   */
  refused: boolean;
}

/**
 * Freshens the stored responses the 304 selects among `variants` and writes their metadata, not
 * waited for (lookups in this tab wait for it instead: read-your-writes); undefined when it selects
 * none (§4.3.4 leaves no response to use).
 */
export function freshenStored(
  engine: Engine,
  cacheable: CacheableRequest,
  variants: CacheEntry[],
  selected: CacheEntry,
  network: NetworkResult,
): Freshened | undefined {
  // Read the 304's (empty) body to its end: a body left unread is cancelled when the Response is
  // collected, and the browser then shows every revalidation as failed (net::ERR_ABORTED).
  void network.response.arrayBuffer().catch(() => {});
  const head: ResponseSnapshot = network.snapshot;
  const chosen = selectForFreshening(variants, head, selected);
  const served = chosen.includes(selected) ? selected : chosen[0];
  if (served === undefined) return undefined;
  const freshened = new Map(
    chosen.map((entry) => [
      entry,
      applyHeuristicFreshness(
        engine,
        // Decision 0018: the origin validated it for this request's credentials.
        withCredentialsOf(freshenedResponse(entry.response, head), cacheable.snapshot),
      ),
    ]),
  );
  const refused = [...freshened.values()].some((update) =>
    refusesStored(
      cacheable.snapshot,
      update.status,
      storability(cacheable.snapshot, update, 'basic'),
    ),
  );
  // The metadata writes (`entries` only: a 304 never rewrites the body, docs/pitfalls.md #1),
  // unless an invalidation or a clear came after this request went out (decision 0025: the
  // entry it marked must stay marked; 0003: what a logout removed is not written back). This
  // caller is still answered, once, with what the origin validated for it.
  const current = engine.generations.writable(
    cacheable.key,
    cacheable.partition,
    cacheable.generation,
  );
  if (!refused && current) {
    const updates = [...freshened].map(([entry, update]) =>
      updateStored(engine.storage, entry, update),
    );
    engine.storage.writing(
      cacheable.key,
      Promise.all(updates).then(() => {}),
    );
  }
  return { served, response: freshened.get(served)!, refused };
}
