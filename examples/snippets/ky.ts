// ky with cached-fetch as its `fetch`: ky's API (prefix URL, JSON, hooks), cached-fetch's HTTP cache.
import ky from 'ky';
import { createCachedFetch } from '../../src/index.ts';

export interface Product {
  id: number;
  name: string;
}

export const cachedFetch = createCachedFetch({ maxBytes: 20_000_000 });

export const api = ky.create({
  prefixUrl: 'https://api.example.com/v1/',
  // ky calls this with a Request; a 304 never reaches ky, the cache answers it with the stored 200.
  fetch: cachedFetch,
  hooks: {
    afterResponse: [
      (request, _options, response) => {
        console.debug(request.method, request.url, response.headers.get('cache-status'));
      },
    ],
  },
});

export function listProducts(): Promise<Product[]> {
  return api.get('products').json<Product[]>();
}
