// README, "SSR and Node": the built-in stores come from their own entry, cached-fetch/stores.
import { createCachedFetch } from 'cached-fetch';
import { IndexedDBStore, MemoryStore } from 'cached-fetch/stores';

const ssr = createCachedFetch({ store: new MemoryStore() });
const own = createCachedFetch({ store: new IndexedDBStore({ name: 'my-app-cache' }) });

export { own, ssr };
