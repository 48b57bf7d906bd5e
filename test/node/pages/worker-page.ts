// The worker tests' page: its own cached fetch on the same IndexedDB database as the workers, a
// Service Worker registration, and a dedicated Web Worker that fetches through its own cache.
import { createCachedFetch } from 'cached-fetch';

export interface Fetched {
  status: number;
  body: string;
  cacheStatus: string | null;
}

declare global {
  interface Window {
    pageCache: ReturnType<typeof createCachedFetch>;
    /** Registers /service-worker.js and resolves once it is active. */
    registerServiceWorker(): Promise<void>;
    /** Whether a Service Worker controls this page. */
    controlled(): boolean;
    /** Plain fetch (a controlled page's goes through the Service Worker). */
    plainFetch(url: string): Promise<Fetched>;
    /** Through the page's own cache. */
    pageFetch(url: string, init?: RequestInit): Promise<Fetched>;
    /** Through the dedicated Web Worker's cache. */
    workerFetch(url: string): Promise<Fetched>;
  }
}

async function read(response: Response): Promise<Fetched> {
  return {
    status: response.status,
    body: await response.text(),
    cacheStatus: response.headers.get('cache-status'),
  };
}

window.pageCache = createCachedFetch();
window.registerServiceWorker = async () => {
  await navigator.serviceWorker.register('/service-worker.js', { type: 'module' });
  await navigator.serviceWorker.ready;
};
window.controlled = () => navigator.serviceWorker.controller !== null;
window.plainFetch = async (url) => read(await fetch(url));
window.pageFetch = async (url, init) => read(await window.pageCache(url, init));

let worker: Worker | undefined;
let nextId = 0;
window.workerFetch = (url) => {
  worker ??= new Worker('/web-worker.js', { type: 'module' });
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<{ id: number; result?: Fetched; error?: string }>) => {
      if (event.data.id !== id) return;
      worker!.removeEventListener('message', onMessage);
      if (event.data.result) resolve(event.data.result);
      else reject(new Error(event.data.error));
    };
    worker!.addEventListener('message', onMessage);
    worker!.postMessage({ id, url });
  });
};
