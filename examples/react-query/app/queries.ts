// TanStack Query over the app's one cached fetch (README recipes "TanStack Query", "Offline-first
// API client" and "Logout"): TanStack keeps decoded data and decides when to refetch; the cache
// decides, by HTTP rules, whether a refetch touches the network.
import { QueryClient } from '@tanstack/react-query';
import { isStandIn } from 'cached-fetch';
import { cachedFetch } from './cache.ts';
import { forgetResponses, recordResponse } from './last-responses.ts';
import { session } from './session.ts';

// staleTime 0: every refetch asks the cache, which answers without the network while the
// response is fresh, and with a 304 round trip (no body) once it is not.
// networkMode 'offlineFirst': offline, the query still runs, and the cache answers it.
export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 0, networkMode: 'offlineFirst' } },
});

export async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await cachedFetch(url, { signal });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // isStandIn: the last known data, not the origin's answer (the offline banner).
  recordResponse({
    url,
    cacheStatus: res.headers.get('cache-status') ?? '',
    standIn: isStandIn(res),
  });
  return (await res.json()) as T;
}

export interface Order {
  id: number;
  product: string;
}

/** POST /api/orders; the cache invalidates its stored GET /api/orders (RFC 9111 §4.4). */
export async function placeOrder(product: string): Promise<Order> {
  const res = await cachedFetch('/api/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ product }),
  });
  if (!res.ok) throw new Error(`POST /api/orders: HTTP ${res.status}`);
  return (await res.json()) as Order;
}

// A stale-while-revalidate refresh stored a newer response: refetch (the cache answers it).
cachedFetch.cache.addEventListener('updated', ({ background }) => {
  if (background) void queryClient.invalidateQueries();
});

export async function logout() {
  const user = session.userId;
  if (user === undefined) return;
  session.userId = undefined;
  await cachedFetch.cache.clear({ partition: user }); // that user's entries only
  // The app's own part: TanStack's decoded copies of that user's data go too.
  queryClient.clear();
  forgetResponses();
}
// A logout in another tab is a logout here.
cachedFetch.cache.addEventListener('cleared', ({ partition, remote }) => {
  if (!remote || partition === undefined || partition !== session.userId) return;
  session.userId = undefined;
  location.assign('/signed-out');
});
