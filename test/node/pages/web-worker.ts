// The dedicated Web Worker of the worker tests: a cached fetch of its own (same database as the
// page's), answering { id, url } messages with what it fetched.
import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch();

addEventListener('message', async (event: MessageEvent<{ id: number; url: string }>) => {
  const { id, url } = event.data;
  try {
    const response = await cachedFetch(url);
    const result = {
      status: response.status,
      body: await response.text(),
      cacheStatus: response.headers.get('cache-status'),
    };
    postMessage({ id, result });
  } catch (error) {
    postMessage({ id, error: String(error) });
  }
});
