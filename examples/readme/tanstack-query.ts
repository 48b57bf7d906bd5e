// README "Recipes", TanStack Query (kept verbatim; test/readme.test.ts checks README against this
// file). The README imports QueryClient from its framework adapter (@tanstack/react-query, ...);
// the core package has the same class.
import { QueryClient } from '@tanstack/query-core';

declare const session: { userId?: string };

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch({ partition: () => session.userId ?? 'anonymous' });
// staleTime 0: every refetch asks the cache, which answers without the network while the
// response is fresh, and with a 304 round trip (no body) once it is not.
// networkMode 'offlineFirst': offline, the query still runs, and the cache answers it.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 0, networkMode: 'offlineFirst' } },
});

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await cachedFetch(url, { signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
const products = () =>
  queryClient.fetchQuery({
    queryKey: ['products'],
    queryFn: ({ signal }) => getJson<string[]>('/api/products', signal),
  });

// A stale-while-revalidate refresh stored a newer response: refetch (the cache answers it).
cachedFetch.cache.addEventListener('updated', ({ background }) => {
  if (background) void queryClient.invalidateQueries();
});

export { products };
