// A POST response that RFC 9110 §9.3.3 makes reusable: stored as the response to a GET of its URI.
import { primaryKey } from '../../policy/cache-key';
import type { RequestSnapshot } from '../../policy/snapshot';
import { storability } from '../../policy/storability';
import { admit } from '../cacheable/admit';
import type { CacheableRequest, Engine } from '../context/engine';
import type { NetworkResult } from '../network/network';
import { respond, waiterOf } from '../response/outcome';

/**
 * The caller's Response to a POST whose response may be stored for later GETs of the target URI
 * (explicit freshness and a Content-Location equal to it: RFC 9110 §9.3.3, RFC 9111 §4), while it
 * is being stored; undefined when it may not be. Call it after the §4.4 invalidation, so that this
 * write is the newest generation and is kept.
 */
export function storedPostResponse(
  engine: Engine,
  request: Request,
  snapshot: RequestSnapshot,
  partition: string,
  network: NetworkResult,
): Response | undefined {
  // Fetch: mode no-store behaves as if there were no cache at all.
  if (snapshot.mode === 'no-store') return undefined;
  if (!storability(snapshot, network.snapshot, network.response.type).storable) return undefined;
  const key = primaryKey(partition, snapshot.url);
  const cacheable: CacheableRequest = {
    request,
    snapshot,
    partition,
    key,
    readStored: false,
    onlyIfCached: false,
    generation: engine.generations.of(key, partition),
  };
  // Nobody else waits for this body: the caller is its only reader; it goes if the caller does.
  const outcome = admit(engine, cacheable, network, { kind: 'passed', fwd: 'method' }, () => {});
  return respond(outcome, waiterOf(engine.options, request.signal, 'GET'));
}
