// The browser's own HTTP cache, reached through plain `fetch` with the default cache mode.
import { readFully } from './body.ts';
import type { Variant } from './sampler.ts';

/** Second and later fetches of a `max-age=3600` resource: served from Chromium's disk cache. */
export function httpCacheHitVariant(url: string, bytes: number): Variant {
  return {
    name: 'browser HTTP cache',
    hitPrefix: url,
    prepare: async () => readFully(await fetch(url), bytes, 'prime'),
    run: async () => readFully(await fetch(url), bytes, 'browser HTTP cache'),
  };
}

/** Repeat fetches of a `max-age=0` resource: Chromium revalidates itself and JS sees a 200. */
export function httpCacheRevalidationVariant(url: string, bytes: number): Variant {
  return {
    name: 'browser HTTP cache (revalidates itself)',
    hitPrefix: url,
    prepare: async () => readFully(await fetch(url), bytes, 'prime'),
    run: async () => readFully(await fetch(url), bytes, 'browser HTTP cache'),
  };
}
