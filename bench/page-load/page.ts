// One page load of the page-load bench (./run.ts): `?variant=…&phase=fill|first|burst`. `fill`
// stores the data the way the variant keeps it; `first` and `burst` are the measured loads, from
// this module's start to the first body read (and then 20 more read together, for `burst`).
// The package as an app gets it: ./run.ts bundles this page with 'cached-fetch' aliased to dist/
// (types from src/ through tsconfig's paths, so type checking needs no build).

import { cachedFetch } from 'cached-fetch';
import { tracing } from './trace.ts';

const params = new URLSearchParams(location.search);
// `cachedFetch@base`: the same variant on another build (./run.ts --against).
const variant = params.get('variant')!.split('@')[0]!;
const phase = params.get('phase')!;
const urls = ['/data/0', ...Array.from({ length: 20 }, (_, i) => `/data/${i + 1}`)];

declare global {
  interface Window {
    benchResult?: { firstMs: number; burstMs: number } | { filled: true } | { error: string };
  }
}

/** The floor: the existing database opened, one `get`, `new Response` (issue 24). */
function openFloor(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('page-load-floor', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('bodies');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
let floor: Promise<IDBDatabase> | undefined;
function floorDatabase(): Promise<IDBDatabase> {
  floor ??= openFloor();
  return floor;
}
function floorGet(url: string): Promise<Response> {
  return floorDatabase().then(
    (db) =>
      new Promise((resolve, reject) => {
        const request = db.transaction('bodies').objectStore('bodies').get(url);
        request.onsuccess = () => resolve(new Response(request.result as ArrayBuffer));
        request.onerror = () => reject(request.error);
      }),
  );
}

const reads: Record<string, (url: string) => Promise<Response>> = {
  cachedFetch: (url) => cachedFetch(url),
  floor: floorGet,
  cacheStorage: async (url) => (await (await caches.open('page-load')).match(url))!,
  httpCache: (url) => fetch(url),
};

async function fill(): Promise<void> {
  for (const url of urls) {
    if (variant === 'cachedFetch') await (await cachedFetch(url)).text();
    else if (variant === 'httpCache') await (await fetch(url)).text();
    else if (variant === 'cacheStorage') await (await caches.open('page-load')).add(url);
    else {
      const body = await (await fetch(url)).arrayBuffer();
      const db = await floorDatabase();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('bodies', 'readwrite');
        tx.objectStore('bodies').put(body, url);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
  }
  if (variant === 'cachedFetch') await cachedFetch.cache.settled();
}

async function measure(): Promise<{ firstMs: number; burstMs: number }> {
  const read = reads[variant]!;
  const start = performance.now();
  const first = await (await read(urls[0]!)).text();
  const firstMs = performance.now() - start;
  if (tracing)
    window.pageLoadTrace?.push(['measure start', start], ['first body read', performance.now()]);
  if (!first.includes('"items"')) throw new Error(`${variant}: not the data`);
  const burstStart = performance.now();
  const bodies = await Promise.all(urls.slice(1).map(async (url) => (await read(url)).text()));
  const burstMs = performance.now() - burstStart;
  if (tracing) window.pageLoadTrace?.push(['burst read', performance.now()]);
  if (bodies.some((body) => !body.includes('"items"'))) throw new Error(`${variant}: burst`);
  return { firstMs, burstMs };
}

try {
  window.benchResult = phase === 'fill' ? (await fill(), { filled: true }) : await measure();
} catch (error) {
  window.benchResult = { error: String(error) };
}
