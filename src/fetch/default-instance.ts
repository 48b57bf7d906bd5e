// cachedFetch: a ready default instance, created on first call (so importing it costs nothing).
import { type CachedFetch, createCachedFetch } from './create-cached-fetch';

let instance: CachedFetch | undefined;

function defaultInstance(): CachedFetch {
  instance ??= createCachedFetch();
  return instance;
}

/** A cached fetch with default options (IndexedDB store, global fetch). */
export const cachedFetch: CachedFetch = Object.defineProperty(
  (input: RequestInfo | URL, init?: RequestInit) => defaultInstance()(input, init),
  'cache',
  { get: () => defaultInstance().cache, enumerable: true },
) as CachedFetch;
