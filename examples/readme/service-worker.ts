// README "Recipes", Service Worker (kept verbatim; test/readme.test.ts checks README against this
// file). test/node/service-worker.test.ts runs this very file as the worker in Chromium.
// The README's file is compiled with `lib: ["webworker"]`; this project compiles with the DOM lib,
// so the few Service Worker types it uses are declared here.
interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
  waitUntil(promise: Promise<unknown>): void;
}
declare const self: {
  location: Location;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
};

// TEMPORARY until `cache.settled()` is merged (issue 11): then replace these lines with
// `import { createCachedFetch } from 'cached-fetch';` (and show that line in the README block).
import {
  type CachedFetch,
  type CachedFetchOptions,
  createCachedFetch as create,
} from 'cached-fetch';

const createCachedFetch = (options: CachedFetchOptions) =>
  create(options) as CachedFetch & { cache: { settled(): Promise<void> } };

const cachedFetch = createCachedFetch({ offline: 'stale' });

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/api/')) return;
  const response = cachedFetch(event.request);
  event.respondWith(response);
  // Storing the body and background revalidations outlive the response: keep the worker alive.
  event.waitUntil(response.then(() => cachedFetch.cache.settled()).catch(() => {}));
});
