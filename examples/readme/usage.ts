// README "Usage" (kept verbatim; test/readme.test.ts checks README against this file).
declare function rerender(url: string): void;

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch({ maxBytes: 50_000_000 });

const res = await cachedFetch('/api/products'); // exactly like fetch
console.log(res.headers.get('cache-status')); // "cached-fetch; hit; ttl=42"

cachedFetch.cache.addEventListener('updated', ({ url }) => rerender(url));
console.log(await cachedFetch.cache.stats()); // { entries: 1, bytes: 1342, store: 'indexeddb', persistent: true }
