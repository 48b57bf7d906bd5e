// The tiny app whose bytes are measured (bench/app-bytes): the library imported as an app imports
// it, one request, its data put on the page. The page tells the measurement when the data is shown.
import { cachedFetch } from 'cached-fetch';

declare global {
  interface Window {
    /** performance.now() when the first data was on the page. */
    firstDataAt?: number;
    /** Resolves once the cache has written what the page fetched (for the reload that follows). */
    cacheSettled?: () => Promise<void>;
  }
}

const response = await cachedFetch('/data.json');
const data = (await response.json()) as { items: { id: number; name: string }[] };
const list = document.createElement('ul');
for (const item of data.items.slice(0, 3))
  list.append(Object.assign(document.createElement('li'), { textContent: item.name }));
document.body.append(list);
window.firstDataAt = performance.now();
window.cacheSettled = () => cachedFetch.cache.settled();
