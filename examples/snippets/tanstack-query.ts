// TanStack Query with cached-fetch: the QueryClient keeps decoded data in memory and decides when to
// refetch; cached-fetch decides, by HTTP rules, whether a refetch touches the network at all.
import { QueryClient } from '@tanstack/query-core';
import { createCachedFetch } from '../../src/index.ts';

export interface Product {
  id: number;
  name: string;
}

const productsUrl = 'https://api.example.com/v1/products';

/** The signed-in user: their responses live in their own partition (decision 0003). */
export const session: { userId?: string | undefined } = {};

export const cachedFetch = createCachedFetch({ partition: () => session.userId ?? 'anonymous' });

// staleTime 0: every refetch asks cached-fetch, which answers from storage while the response is
// fresh (max-age), revalidates with a 304 when it is not, and survives reloads in IndexedDB.
export const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0 } } });

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await cachedFetch(url, { signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export function loadProducts(): Promise<Product[]> {
  return queryClient.fetchQuery({
    queryKey: ['products'],
    queryFn: ({ signal }) => getJson<Product[]>(productsUrl, signal),
  });
}

// A background (stale-while-revalidate) refresh stored a newer response: refetch the query, which
// the cache now answers without the network.
cachedFetch.cache.addEventListener('updated', ({ url, background }) => {
  if (background && url === productsUrl)
    void queryClient.invalidateQueries({ queryKey: ['products'] });
});

/** Logout: forget the decoded data and this user's stored responses. */
export async function logout(): Promise<void> {
  queryClient.clear();
  const user = session.userId;
  session.userId = undefined;
  if (user !== undefined) await cachedFetch.cache.clear({ partition: user });
}
