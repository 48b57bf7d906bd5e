// The inspector test's page: a cached fetch partitioned by a user the test sets, and the inspector.
import { createCachedFetch } from 'cached-fetch';
import { mountInspector } from 'cached-fetch/inspector';

declare global {
  interface Window {
    user: string | undefined;
    cachedFetch: ReturnType<typeof createCachedFetch>;
    inspector: ReturnType<typeof mountInspector>;
    /** Fetches and reads the body; resolves to the Cache-Status. */
    get(url: string, headers?: Record<string, string>): Promise<string | null>;
  }
}

window.user = undefined;
window.cachedFetch = createCachedFetch({ partition: () => window.user ?? 'anonymous' });
window.inspector = mountInspector(window.cachedFetch.cache, document.getElementById('inspector')!);
window.get = async (url, headers) => {
  const response = await window.cachedFetch(url, { headers });
  await response.arrayBuffer();
  return response.headers.get('cache-status');
};
