// README "Recipes", offline-first (kept verbatim; test/readme.test.ts checks README against this file).
import { createCachedFetch } from 'cached-fetch';

declare function showOfflineBanner(): void;

const api = createCachedFetch({ offline: 'stale' });
const res = await api('/api/orders');
if (res.headers.get('cache-status')?.includes('detail="offline"')) showOfflineBanner();
