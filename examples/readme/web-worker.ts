// README "Recipes", Web Worker (kept verbatim; test/readme.test.ts checks README against this file).
import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch(); // in worker.ts: the same database as the page's
addEventListener('message', async (event: MessageEvent<string>) => {
  const response = await cachedFetch(event.data);
  postMessage(await response.json());
});
