// README "Recipes", Service Worker (kept verbatim; test/readme.test.ts checks README against this
// file). test/node/workers.test.ts runs this very file as the worker in Chromium. It is compiled
// as the README says, with `lib: ["ES2022", "WebWorker"]` (tsconfig.webworker.json), not the DOM.
import { createCachedFetch } from 'cached-fetch';

declare const self: ServiceWorkerGlobalScope; // with "lib": ["ES2022", "WebWorker"] in tsconfig
const cachedFetch = createCachedFetch({ offline: 'stale', outbox: true });

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/api/')) return;
  const response = cachedFetch(event.request);
  event.respondWith(response);
  // Storing the body and background revalidations outlive the response: keep the worker alive.
  event.waitUntil(response.then(() => cachedFetch.cache.settled()).catch(() => {}));
});

// Background Sync (Chromium): a queued write asks for the sync 'cached-fetch-outbox', fired once
// the device is online, even with no page open. A rejection makes the browser try again later.
self.addEventListener('sync', (event) => {
  const sync = event as ExtendableEvent & { tag: string }; // SyncEvent is not in TypeScript's lib
  if (sync.tag !== 'cached-fetch-outbox') return;
  const outbox = cachedFetch.cache.outbox!;
  sync.waitUntil(
    outbox.flush().then(async () => {
      const left = await outbox.list();
      if (left.some((write) => write.state === 'pending')) throw new Error('writes still pending');
    }),
  );
});
