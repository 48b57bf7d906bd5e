// ofetch with cached-fetch as its `fetch`: ofetch's API (baseURL, parsing, FetchError), cached-fetch's cache.
import { createFetch } from 'ofetch';
import { createCachedFetch } from '../../src/index.ts';

export interface Product {
  id: number;
  name: string;
}

export const cachedFetch = createCachedFetch({ maxEntries: 1000 });

export const $api = createFetch({
  fetch: cachedFetch,
  defaults: { baseURL: 'https://api.example.com/v1' },
});

export function listProducts(): Promise<Product[]> {
  return $api<Product[]>('/products');
}

/** `raw` keeps the response, so its Cache-Status can be read (e.g. "cached-fetch; hit; ttl=42"). */
export async function listProductsWithStatus(): Promise<{
  products: Product[];
  cacheStatus: string | null;
}> {
  const response = await $api.raw<Product[]>('/products');
  return { products: response._data ?? [], cacheStatus: response.headers.get('cache-status') };
}
