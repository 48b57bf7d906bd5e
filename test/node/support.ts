// Shared set-up for end-to-end tests against the real node:http test origin.
import { inject } from 'vitest';
import type { CachedFetchOptions } from '../../src/fetch/options';
import { createCachedFetch } from '../../src/index';
import { MemoryStore } from '../../src/store/memory-store';
import { type OriginClient, originClient } from '../origin/client';

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

/** A settable clock starting at a whole second, so Age and TTL arithmetic is exact. */
export function fixedClock(start = Date.UTC(2026, 0, 1)): Clock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

export function origin(): OriginClient {
  return originClient(inject('originUrl'));
}

export function cachedFetchFor(options: CachedFetchOptions = {}) {
  return createCachedFetch({ store: new MemoryStore(), crossTab: false, ...options });
}
