// Launches Debian's Chromium headless with a throwaway on-disk profile (so IndexedDB, Cache
// Storage and the HTTP cache are disk-backed, as for a user, not an incognito context's memory).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/chromium.ts';

export interface BenchBrowser {
  page: Page;
  version: string;
  /** JS heap of the page after a forced GC, from CDP Performance.getMetrics. */
  heapAfterGc(): Promise<{ jsHeapUsedBytes: number; jsHeapTotalBytes: number }>;
  /**
   * Starts recording the page's Storage Buckets as Chromium reports them (CDP
   * Storage.storageBucketCreatedOrUpdated); the result lists each bucket's name and durability.
   */
  trackBuckets(): Promise<() => Array<{ name: string; durability: string }>>;
  close(): Promise<void>;
}

/** Chromium with a throwaway on-disk profile; `close` closes it and removes the profile. */
export async function launchWithProfile(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = await mkdtemp(join(tmpdir(), 'cached-fetch-bench-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

export async function launchBenchBrowser(): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'cached-fetch-bench-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const { product } = await cdp.send('Browser.getVersion');
    const open = context;
    return {
      page,
      version: product,
      heapAfterGc: async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const { metrics } = await cdp.send('Performance.getMetrics');
        const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
        return {
          jsHeapUsedBytes: metric('JSHeapUsedSize'),
          jsHeapTotalBytes: metric('JSHeapTotalSize'),
        };
      },
      trackBuckets: async () => {
        const seen: Array<{ name: string; durability: string }> = [];
        cdp.on('Storage.storageBucketCreatedOrUpdated', ({ bucketInfo }) => {
          seen.push({ name: bucketInfo.bucket.name ?? '', durability: bucketInfo.durability });
        });
        const { frameTree } = await cdp.send('Page.getFrameTree');
        const { storageKey } = await cdp.send('Storage.getStorageKeyForFrame', {
          frameId: frameTree.frame.id,
        });
        await cdp.send('Storage.setStorageBucketTracking', { storageKey, enable: true });
        return () => seen;
      },
      close: async () => {
        await open.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
