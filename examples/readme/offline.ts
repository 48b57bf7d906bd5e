// README "Recipes", offline-first (kept verbatim; test/readme.test.ts checks README against this file).
declare function showOfflineBanner(): void;

import { createCachedFetch } from 'cached-fetch';

const api = createCachedFetch({ offline: 'stale' });
const res = await api('/api/orders');
if (res.headers.get('cache-status')?.includes('detail="offline"')) showOfflineBanner();
