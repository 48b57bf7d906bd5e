// What follows the response to an unsafe request (RFC 9111 §4.4 and RFC 9875 invalidation, a
// reusable POST response stored): loaded with import() beside the first such request's round trip.

import { carriesSecret } from '../../policy/credentials';
import type { RequestSnapshot } from '../../policy/snapshot';
import type { Engine } from '../context/engine';
import { invalidateAfterWrite } from '../invalidation/after-write';
import type { NetworkResult } from '../network/network';
import { storedPostResponse } from './post-response';

/**
 * After a non-error reply, the stored responses for the URI (and same-origin Location /
 * Content-Location) and those of the groups its Cache-Group-Invalidation names are invalidated,
 * in every partition (../invalidation); then the response itself, when it may answer later GETs, is stored.
 * Resolves to the caller's Response, or undefined when it is passed along as it came.
 */
export async function afterUnsafeResponse(
  engine: Engine,
  request: Request,
  snapshot: RequestSnapshot,
  partition: string,
  network: NetworkResult,
): Promise<Response | undefined> {
  // Awaited: a GET right after this POST must not see what it changed.
  await invalidateAfterWrite(engine, snapshot, network.snapshot, partition);
  // Stored for later GETs: with its credentials hashed, as any stored request (decision 0018).
  const secret = carriesSecret(snapshot.headers, engine.options.secretHeaders);
  const secured = secret ? await engine.storage.secure(snapshot) : snapshot;
  return secured && storedPostResponse(engine, request, secured, partition, network);
}
