// README "Recipes", invalidating what a write changes (kept verbatim; test/readme.test.ts checks
// README against this file). The app's QueryClient is made elsewhere (see tanstack-query.ts).
import type { QueryClient } from '@tanstack/query-core';

declare const queryClient: QueryClient;

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch();

// Server-driven (RFC 9875): GET /api/products and /api/catalog/summary answered with
// `Cache-Groups: "products"`; this POST is answered with `Cache-Group-Invalidation: "products"`.
// Each stored member of the group is revalidated on its next use: a 304 where nothing changed.
await cachedFetch('/api/products', { method: 'POST', body: JSON.stringify({ name: 'Shoes' }) });

// App-driven: by URL, URL prefix, group or predicate; in one partition or, explicitly, all.
const api = new URL('/api/', location.href).href;
await cachedFetch.cache.invalidate({ prefix: `${api}products`, partition: '' });
await cachedFetch.cache.invalidate({ group: 'products', allPartitions: true });
await cachedFetch.cache.invalidate({
  where: (entry) => entry.requestUrl.startsWith(`${api}catalog/`),
  allPartitions: true,
});

// TanStack Query (or SWR's mutate): invalidate the HTTP cache first, then let the app cache
// refetch through it: what did not change costs a 304, not a body.
await queryClient.invalidateQueries({ queryKey: ['products'] });
