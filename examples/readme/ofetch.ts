// README "Recipes", ofetch (kept verbatim; test/readme.test.ts checks README against this file).

import { createCachedFetch } from 'cached-fetch';
import { createFetch } from 'ofetch';

const $api = createFetch({
  fetch: createCachedFetch(),
  defaults: { baseURL: 'https://api.example.com/v1' },
});
const response = await $api.raw<Array<{ id: number }>>('/products'); // raw keeps the headers
console.log(response._data, response.headers.get('cache-status'));
