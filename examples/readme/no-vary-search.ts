// README "Recipes", one response for URLs that differ only in their query (kept verbatim;
// test/readme.test.ts checks README against this file).
import { cachedFetch } from 'cached-fetch';

// GET /search?q=shoes&utm_source=mail → 200, No-Vary-Search: params=("utm_source"), key-order
await cachedFetch('/search?q=shoes&utm_source=mail');
const hit = await cachedFetch('/search?utm_source=ad&q=shoes'); // from storage: no request
hit.headers.get('cache-status'); // "cached-fetch; hit; ttl=…"
