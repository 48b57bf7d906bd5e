// README "Recipes", Service Worker (kept verbatim; test/readme.test.ts checks README against this
// file). test/node/workers.test.ts runs this very file as the worker in Chromium.
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

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch({ offline: 'stale' });

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/api/')) return;
  const response = cachedFetch(event.request);
  event.respondWith(response);
  // Storing the body and background revalidations outlive the response: keep the worker alive.
  event.waitUntil(response.then(() => cachedFetch.cache.settled()).catch(() => {}));
});
