// The Cache Storage API: what Workbox's CacheFirst reads from (`caches.match` with a cacheName).
import { readFully } from './body.ts';
import type { Variant } from './sampler.ts';

const cacheName = 'bench-cache-storage';

export function cacheStorageHitVariant(url: string, bytes: number): Variant {
  return {
    name: 'Cache Storage (caches.match)',
    hitPrefix: url,
    prepare: async () => {
      if (!('caches' in globalThis)) throw new Error('no Cache Storage (not a secure context?)');
      const cache = await caches.open(cacheName);
      await cache.put(url, await fetch(url, { cache: 'no-store' }));
    },
    run: async () => {
      const res = await caches.match(url, { cacheName });
      if (!res) throw new Error('caches.match found nothing');
      await readFully(res, bytes, 'Cache Storage');
    },
  };
}
