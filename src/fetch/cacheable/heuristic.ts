// Applies the `heuristicFreshness` option when a response is stored or freshened (RFC 9111 §4.2.2).
import { mayAssignHeuristic, withHeuristicLifetime } from '../../policy/heuristic-freshness';
import type { StoredResponse } from '../../policy/snapshot';
import type { Engine } from '../context/engine';
import { responseFromStore } from '../response/served-response';

/**
 * `stored` with the user's heuristic lifetime when the option applies to it: no explicit expiry,
 * no no-cache, a heuristically cacheable status. The option's function sees the response head
 * only (no body); an answer that is not a non-negative number leaves the built-in heuristic.
 */
export function applyHeuristicFreshness(engine: Engine, stored: StoredResponse): StoredResponse {
  const lifetimeOf = engine.options.heuristicFreshness;
  if (lifetimeOf === undefined || !mayAssignHeuristic(stored)) return stored;
  let lifetimeSec: unknown;
  try {
    lifetimeSec = lifetimeOf(responseFromStore(stored, null, []));
  } catch (error) {
    // The user's function failed: the built-in heuristic stands, and the request goes on.
    engine.events.emit('error', { error, operation: 'heuristicFreshness', url: stored.url });
    return stored;
  }
  if (typeof lifetimeSec !== 'number' || !Number.isFinite(lifetimeSec) || lifetimeSec < 0) {
    return stored;
  }
  return withHeuristicLifetime(stored, lifetimeSec);
}
