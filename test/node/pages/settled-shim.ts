// 'cached-fetch' for the worker tests' bundles: the sources, plus a stand-in `cache.settled()`
// where the cache has none yet (the Service Worker recipe calls it). The stand-in waits a moment;
// the tests never rely on it, a Service Worker outlives a fetch event by far longer anyway.
import { createCachedFetch as createFromSource } from '../../../src/index';

export * from '../../../src/index';

export function createCachedFetch(
  ...args: Parameters<typeof createFromSource>
): ReturnType<typeof createFromSource> {
  const cachedFetch = createFromSource(...args);
  if (!('settled' in cachedFetch.cache)) {
    Object.assign(cachedFetch.cache, {
      settled: () => new Promise((resolve) => setTimeout(resolve, 100)),
    });
  }
  return cachedFetch;
}
