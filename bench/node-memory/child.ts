// One variant of the Node memory row, alone in its process (started with --expose-gc): how far
// RSS and ArrayBuffer memory rise above the baseline while a 200 MB body is fetched.
import { createCachedFetch } from '../../src/index.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

export type Variant =
  | 'fetch-slow'
  | 'cached-slow'
  | 'fetch-unread'
  | 'cached-unread'
  | 'fetch-gzip-slow'
  | 'cached-gzip-slow'
  | 'cached-background';

export interface VariantResult {
  rssPeakMB: number;
  arrayBuffersPeakMB: number;
  bodyMB: number;
  seconds: number;
}

/** "Slowly": 50 MB/s, whatever the chunk sizes (the network here gives about 1 GB/s). */
const SLOW_BYTES_PER_MS = 50 * 1024;
/** How long an unread body is left alone: an unbounded reader would pull all of it meanwhile. */
const UNREAD_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readSlowly(response: Response): Promise<number> {
  const reader = response.body!.getReader();
  const started = performance.now();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
    const ahead = bytes / SLOW_BYTES_PER_MS - (performance.now() - started);
    if (ahead > 0) await sleep(ahead);
  }
}

async function run(variant: Variant, origin: string): Promise<number> {
  let clock = Date.now();
  const cachedFetch = createCachedFetch({
    store: new MemoryStore(),
    crossTab: false,
    now: () => clock,
    warnings: false,
  });
  const get = variant.startsWith('fetch') ? fetch : cachedFetch;
  switch (variant) {
    case 'fetch-slow':
    case 'cached-slow':
      return readSlowly(await get(`${origin}/plain`));
    case 'fetch-gzip-slow':
    case 'cached-gzip-slow':
      return readSlowly(await get(`${origin}/gzip`));
    case 'fetch-unread':
    case 'cached-unread': {
      const response = await get(`${origin}/plain`);
      await cachedFetch.cache.settled();
      await sleep(UNREAD_MS);
      await response.body?.cancel();
      return 0;
    }
    case 'cached-background': {
      await (await cachedFetch(`${origin}/refresh`)).text();
      await cachedFetch.cache.settled();
      clock += 2000; // stale: served, and refreshed in the background (RFC 5861 §3)
      await (await cachedFetch(`${origin}/refresh`)).text();
      await cachedFetch.cache.settled();
      await sleep(UNREAD_MS);
      return 0;
    }
  }
}

async function main(): Promise<void> {
  const [variant, origin] = process.argv.slice(2) as [Variant, string];
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let rss = base.rss;
  let arrayBuffers = base.arrayBuffers;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    arrayBuffers = Math.max(arrayBuffers, now.arrayBuffers);
  }, 5);
  const started = performance.now();
  const bytes = await run(variant, origin);
  clearInterval(sampler);
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const result: VariantResult = {
    rssPeakMB: mb(rss - base.rss),
    arrayBuffersPeakMB: mb(arrayBuffers - base.arrayBuffers),
    bodyMB: mb(bytes),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(result));
  process.exit(0);
}

void main();
