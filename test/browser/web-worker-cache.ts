// The Web Worker of test/browser/web-worker.test.ts: a cached fetch of its own on the database the
// page names, answering { id, name, url } with what it fetched (after storing it, on a miss).
import { createCachedFetch } from '../../src/index';
import { IndexedDBStore } from '../../src/stores';

const caches = new Map<string, ReturnType<typeof createCachedFetch>>();

function cacheFor(name: string) {
  let cachedFetch = caches.get(name);
  if (!cachedFetch) {
    cachedFetch = createCachedFetch({ store: new IndexedDBStore({ name }), warnings: false });
    caches.set(name, cachedFetch);
  }
  return cachedFetch;
}

addEventListener(
  'message',
  async (event: MessageEvent<{ id: number; name: string; url: string }>) => {
    const { id, name, url } = event.data;
    try {
      const cachedFetch = cacheFor(name);
      const stored = new Promise<void>((resolve) => {
        const onStored = () => {
          cachedFetch.cache.removeEventListener('stored', onStored);
          resolve();
        };
        cachedFetch.cache.addEventListener('stored', onStored);
      });
      const response = await cachedFetch(url);
      const body = await response.text();
      const cacheStatus = response.headers.get('cache-status');
      if (cacheStatus?.includes('stored')) await stored;
      postMessage({ id, status: response.status, body, cacheStatus });
    } catch (error) {
      postMessage({ id, error: String(error) });
    }
  },
);
