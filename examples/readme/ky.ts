// README "Recipes", ky (kept verbatim; test/readme.test.ts checks README against this file).

import { createCachedFetch } from 'cached-fetch';
import ky from 'ky';

const cachedFetch = createCachedFetch();
// ky calls it with a Request; a 304 never reaches ky: the cache answers it with the stored 200.
const api = ky.create({ prefixUrl: 'https://api.example.com/v1/', fetch: cachedFetch });
const products = await api.get('products').json<Array<{ id: number; name: string }>>();

export { products };
