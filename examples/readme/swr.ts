// README "Recipes", SWR (kept verbatim; test/readme.test.ts checks README against this file).
// The README's block uses `mutate` from 'swr'; this project does not install SWR, so it is
// declared here with the signature the block needs.
declare function mutate(key: string): Promise<unknown>;

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch();
// useSWR('/api/products', fetcher): SWR keeps decoded data, the cache decides about the network.
const fetcher = (url: string) => cachedFetch(url).then((response) => response.json());
cachedFetch.cache.addEventListener('updated', ({ url, background }) => {
  if (background) void mutate(new URL(url).pathname);
});

export { fetcher };
