// A cached fetch never wraps another cached fetch: given one as its network (directly, or as the
// installed globalThis.fetch), it uses that one's network. No double storage, no double Cache-Status.

/** Shared across copies of the library (a page may load both the ESM and the CJS build). */
const innerNetwork = Symbol.for('cached-fetch.network');

type MaybeCached = typeof fetch & { [innerNetwork]?: typeof fetch };

/** Marks `cached` as a cached fetch whose own network is `network`. */
export function markNetwork(cached: typeof fetch, network: typeof fetch): void {
  Object.defineProperty(cached, innerNetwork, { value: network });
}

/** Marks `cached` with a network found only when asked (the lazily created default instance). */
export function markLazyNetwork(cached: typeof fetch, network: () => typeof fetch): void {
  Object.defineProperty(cached, innerNetwork, { get: network });
}

/** The network beneath any number of cached fetches; `given` itself when it is not one. */
export function networkBeneath(given: typeof fetch): typeof fetch {
  let network = given as MaybeCached;
  while (typeof network === 'function' && network[innerNetwork] !== undefined) {
    network = network[innerNetwork] as MaybeCached;
  }
  return network;
}

/** The network of a cached fetch created by this library (for markLazyNetwork's getter). */
export function networkOf(cached: typeof fetch): typeof fetch {
  return (cached as MaybeCached)[innerNetwork] ?? cached;
}
