// Writing a response the network gave, the same way for every entry: a complete response
// (./admit) and Range parts (../range/store). Each entry carries ENTRY_FORMAT, is written only if
// no invalidation or clear came since its request began, and is waited for by the next lookup of
// its key in this tab (read-your-writes) and by `cache.settled()`.
import type { StoredResponse } from '../../policy/snapshot';
import { ENTRY_FORMAT, type NewCacheEntry } from '../../store/cache-store';
import { searchBaseOf } from '../../store/search-base';
import type { CacheableRequest, Engine } from '../context/engine';
import type { BodyBroadcast } from '../response/body-broadcast';

export function newId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ??
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

/** The entry `lookup` stores `response` as (`id`: the entry it replaces, else a new one). */
export function entryFor(
  cacheable: CacheableRequest,
  response: StoredResponse,
  secondaryKey: string,
  bodySize: number,
  id: string = newId(),
): NewCacheEntry {
  // No-Vary-Search (decision 0025): a candidate for requests that miss their own key.
  const searchBase = searchBaseOf(cacheable.request.url, response);
  return {
    id,
    key: cacheable.key,
    secondaryKey,
    partition: cacheable.partition,
    lastUsed: response.responseTime,
    bodySize,
    response,
    format: ENTRY_FORMAT,
    ...(searchBase && { searchBase }),
  };
}

/**
 * Writes `entry`, told by a `stored` event; false when not written. RFC 9111 §4.4 and logout
 * (decision 0003): what was fetched before an invalidation or a clear must not come back, however
 * long the write waits (a quota retry evicts first). Never rejects.
 */
export async function writeEntry(
  engine: Engine,
  cacheable: CacheableRequest,
  entry: NewCacheEntry,
  body: ArrayBuffer,
): Promise<boolean> {
  const stillWanted = () =>
    engine.generations.writable(cacheable.key, cacheable.partition, cacheable.generation);
  if (!(await engine.storage.write(entry, body, stillWanted))) return false;
  engine.events.emit('stored', { url: entry.response.url, bytes: body.byteLength });
  return true;
}

/**
 * Once `broadcast` has the whole body, `write` stores it (`write` must never reject). Registered
 * before anything is awaited: the caller may ask again as soon as it read the end, and that lookup
 * waits for the write; `cache.settled()` waits for it too.
 */
export function storeWhenComplete(
  engine: Engine,
  cacheable: CacheableRequest,
  broadcast: BodyBroadcast,
  write: (body: ArrayBuffer) => Promise<void>,
): void {
  engine.background.track(
    broadcast.complete.then((body) => {
      if (body === null) return;
      const writing = write(body);
      engine.storage.writing(cacheable.key, writing);
      return writing;
    }),
  );
}
