// What a response to an unsafe request invalidates: its target URI, Location and Content-Location
// (RFC 9111 §4.4) and the groups its Cache-Group-Invalidation names (RFC 9875 §3), in every
// partition, marked for revalidation (decision 0025). Made online, or replayed from the outbox.
import { groupInvalidation } from '../../policy/cache-groups';
import { invalidationTargets } from '../../policy/invalidation';
import type { HeaderList, RequestSnapshot } from '../../policy/snapshot';
import type { Engine } from '../context/engine';
import { invalidateKeys } from './mark';
import { keysOfGroups, keysOfUrls } from './targets';

/** Resolves to how many entries were invalidated; never rejects (failures are reported). */
export async function invalidateAfterWrite(
  engine: Engine,
  request: RequestSnapshot,
  response: { status: number; headers: HeaderList },
  partition: string,
): Promise<number> {
  const urls = invalidationTargets(request, response);
  const groups = groupInvalidation(request, response);
  const [byUrl, byGroup] = await Promise.all([
    urls.length > 0 ? keysOfUrls(engine, urls, partition) : [],
    groups.length > 0 ? keysOfGroups(engine, groups, request.url) : [],
  ]);
  const counts = await Promise.all([
    byUrl.length > 0 ? invalidateKeys(engine, byUrl, 'unsafe-request', 'local') : 0,
    byGroup.length > 0 ? invalidateKeys(engine, byGroup, 'cache-groups', 'local') : 0,
  ]);
  return counts[0] + counts[1];
}
