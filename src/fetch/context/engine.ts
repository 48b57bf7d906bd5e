// The state one cached fetch instance shares between its requests.
import type { RequestSnapshot } from '../../policy/snapshot';
import type { BackgroundWork } from '../coordination/background';
import type { Flights } from '../coordination/flights';
import type { Generations } from '../coordination/generations';
import type { TabSync } from '../coordination/tab-sync';
import type { Outcome } from '../response/outcome';
import type { StoreAccess } from '../storage/store-access';
import type { CacheEvents } from './events';
import type { ResolvedOptions } from './options';

export interface Engine {
  options: ResolvedOptions;
  events: CacheEvents;
  storage: StoreAccess;
  flights: Flights<Outcome>;
  /** Invalidations and clears, so that responses fetched before them are not written after. */
  generations: Generations;
  /**
   * The changes to what is stored that requests made meanwhile wait for (../route): the
   * cache.invalidate() calls under way, and clear(), delete() and other tabs' changes while their
   * code loads (../create-cached-fetch, `changing`).
   */
  invalidations: BackgroundWork;
  tabs: TabSync;
  /** Primary keys with a background revalidation under way (one at a time per key, docs/pitfalls.md #6). */
  backgroundRevalidations: Set<string>;
  /** What runs after the caller has its response: `cache.settled()` waits for it. */
  background: BackgroundWork;
  /** Origins already warned about hidden headers (warn once). */
  warnedOrigins: Set<string>;
}

/**
 * One cacheable request, as the front resolves it (the store's `lookup()` is something else: one
 * read of a key's variants, ../storage/store-access).
 */
export interface CacheableRequest {
  /**
   * The caller's request (its `cache` mode is in `snapshot.mode`); ./network adds that mode's
   * header fields when it goes out.
   */
  request: Request;
  snapshot: RequestSnapshot;
  partition: string;
  /** Primary cache key. */
  key: string;
  /** Read stored responses at all (false for `reload`). */
  readStored: boolean;
  /** Never touch the network: `'mode'` fails like fetch, `'directive'` answers 504 (RFC 9111 §5.2.1.7). */
  onlyIfCached: 'mode' | 'directive' | false;
  /** `generations.of(key, partition)` when the lookup began. */
  generation: string;
}
