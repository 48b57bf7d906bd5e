// Options read from configuration may be undefined: "use the default". This compiles under
// `strict` + `exactOptionalPropertyTypes` (tsconfig.strict.json), as the runtime accepts it.
import { createCachedFetch } from '../../src/index.ts';
import { IndexedDBStore } from '../../src/stores.ts';

interface AppConfig {
  cacheMaxBytes?: number | undefined;
  cacheDatabase?: string | undefined;
  offline?: 'error' | 'stale' | undefined;
}

export function cachedFetchFor(config: AppConfig) {
  return createCachedFetch({
    maxBytes: config.cacheMaxBytes,
    offline: config.offline,
    store: new IndexedDBStore({ name: config.cacheDatabase }),
  });
}
