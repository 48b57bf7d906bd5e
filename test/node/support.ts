// Shared set-up for end-to-end tests against the real node:http test origin.
import { inject } from 'vitest';
import type { CachedFetchOptions } from '../../src/fetch/options';
import { createCachedFetch } from '../../src/index';
import { MemoryStore } from '../../src/store/memory-store';
import { type OriginClient, originClient } from '../origin/client';

export { type Clock, fixedClock } from '../clock';

export function origin(): OriginClient {
  return originClient(inject('originUrl'));
}

/** With `CACHED_FETCH_MEMORY=off` in the environment, the memory tier is off (as in test/fetch). */
export function cachedFetchFor(options: CachedFetchOptions = {}) {
  const memory = process.env.CACHED_FETCH_MEMORY === 'off' ? { memory: false as const } : {};
  return createCachedFetch({ store: new MemoryStore(), crossTab: false, ...memory, ...options });
}
