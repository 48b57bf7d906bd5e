// A Web Worker and its page, each with its own cached fetch on one IndexedDB database: what one
// stores, the other serves without the origin.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fetchAndStore, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

interface Fetched {
  status: number;
  body: string;
  cacheStatus: string | null;
}

let worker: Worker | undefined;
let nextId = 0;

function workerFetch(name: string, url: string): Promise<Fetched> {
  worker ??= new Worker(new URL('./web-worker-cache.ts', import.meta.url), { type: 'module' });
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<Fetched & { id: number; error?: string }>) => {
      if (event.data.id !== id) return;
      worker!.removeEventListener('message', onMessage);
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data);
    };
    worker!.addEventListener('message', onMessage);
    worker!.postMessage({ id, name, url: new URL(url, location.href).href });
  });
}

afterEach(async () => {
  // The worker's connection would block deleting the database.
  worker?.terminate();
  worker = undefined;
  await cleanup();
});

describe('a Web Worker and its page share one cache', () => {
  it('what the page stored is a hit in the worker, and what the worker stored is a hit in the page', async () => {
    const origin = sameOrigin();
    const fromPage = origin.path('from-page');
    const fromWorker = origin.path('from-worker');
    for (const path of [fromPage, fromWorker]) {
      await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: path });
    }
    const name = uniqueDbName('web-worker');
    const page = openCachedFetch(name);

    await fetchAndStore(page, fromPage);
    const inWorker = await workerFetch(name, fromPage);
    expect(inWorker).toMatchObject({ status: 200, body: fromPage });
    expect(inWorker.cacheStatus).toMatch(/^cached-fetch; hit; ttl=/);

    const stored = await workerFetch(name, fromWorker);
    expect(stored.cacheStatus).toContain('fwd=uri-miss');
    const inPage = await page(fromWorker);
    expect(await inPage.text()).toBe(fromWorker);
    expect(inPage.headers.get('cache-status')).toMatch(/^cached-fetch; hit; ttl=/);

    expect(await origin.log(fromPage)).toHaveLength(1);
    expect(await origin.log(fromWorker)).toHaveLength(1);
  });
});
