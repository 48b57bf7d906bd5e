// Shared set-up for end-to-end tests against the real node:http test origin.
import { inject } from 'vitest';
import type { CachedFetchOptions } from '../../src/fetch/context/options';
import { createCachedFetch } from '../../src/index';
import { MemoryStore } from '../../src/store/memory-store';
import { type OriginClient, originClient } from '../origin/client';

export { type Clock, fixedClock } from '../clock';

export function origin(): OriginClient {
  return originClient(inject('originUrl'));
}

/**
 * Resolves once the origin has logged `count` requests for `path` (asking it again after each
 * answer: no timer): for a test that acts while a request is at the origin (an abort, a hang).
 */
export async function arrived(o: OriginClient, path: string, count = 1): Promise<void> {
  while ((await o.log(path)).length < count) {}
}

/** With `CACHED_FETCH_MEMORY=off` in the environment, the memory tier is off (as in test/fetch). */
export function cachedFetchFor(options: CachedFetchOptions = {}) {
  const memory = process.env.CACHED_FETCH_MEMORY === 'off' ? { memory: false as const } : {};
  return createCachedFetch({ store: new MemoryStore(), crossTab: false, ...memory, ...options });
}
