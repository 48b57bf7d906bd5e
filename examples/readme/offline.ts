// README "Recipes", offline-first (kept verbatim; test/readme.test.ts checks README against this file).
declare function showOfflineBanner(): void;

import { createCachedFetch, parseCacheStatus } from 'cached-fetch';

const api = createCachedFetch({ offline: 'stale', networkTimeout: 3000 });
const res = await api('/api/orders');
const status = parseCacheStatus(res.headers.get('cache-status'));
if (status?.detail === 'offline' || status?.detail === 'timeout') showOfflineBanner();
