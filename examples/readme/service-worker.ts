// README "Recipes", Service Worker (kept verbatim; test/readme.test.ts checks README against this file).
// The project compiles with the DOM lib, not WebWorker: the worker's `self` is declared here.
import { createCachedFetch } from 'cached-fetch';

interface FetchEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
  waitUntil(work: Promise<unknown>): void;
}
declare const self: {
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
};

const cachedFetch = createCachedFetch({ offline: 'stale' });
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname.startsWith('/api/')) {
    event.respondWith(cachedFetch(event.request));
    event.waitUntil(cachedFetch.cache.settled());
  }
});
