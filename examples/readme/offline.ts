// README "Recipes", offline-first (kept verbatim; test/readme.test.ts checks README against this file).
declare function showOfflineBanner(): void;

import { createCachedFetch, isStandIn } from 'cached-fetch';

// 'any': no-cache APIs too, beyond RFC 9111 §4.2.4 ('stale' keeps to it).
const api = createCachedFetch({ offline: 'any', networkTimeout: 3000 });
const res = await api('/api/orders');
if (isStandIn(res)) showOfflineBanner(); // the last known data, not the origin's answer
