// README "Recipes", offline-first (kept verbatim; test/readme.test.ts checks README against this file).
import { createCachedFetch, parseCacheStatus } from 'cached-fetch';

declare function showOfflineBanner(): void;

const api = createCachedFetch({ offline: 'stale', networkTimeout: 3000 });
const res = await api('/api/orders');
const status = parseCacheStatus(res.headers.get('cache-status'));
if (status?.detail === 'offline' || status?.detail === 'timeout') showOfflineBanner();
