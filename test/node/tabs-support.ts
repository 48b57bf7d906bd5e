// Multi-page tests in each engine (Chromium, Firefox, WebKit: the ENGINE of the vitest project,
// test/engines/): a node:http server (started per test) serves a page whose script is src/index.ts
// bundled with esbuild (test/node/tabs-page.ts), and, on the same origin, the scriptable test origin
// (test/origin/server.ts). Pages of one context share that origin's IndexedDB, BroadcastChannel and
// Web Locks, as tabs do.

import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type EngineBrowser,
  type EngineContext,
  type EnginePage,
  engineUnderTest,
  launchEngine,
  waitInPage,
} from '../engines/engine';
import { withTimeout } from '../engines/processes';
import { bundle, type PageServer, type RouteHandler, servePages } from './page-harness';
import type { FetchInit, FetchResult, OpenOptions, RecordedEvent } from './tabs-page';

const pageEntry = fileURLToPath(new URL('./tabs-page.ts', import.meta.url));

const html = `<!doctype html>
<meta charset="utf-8" />
<title>cached-fetch tabs test</title>
<script type="module" src="/page.js"></script>
`;

/** One page (tab) running the harness. */
export class Tab {
  private constructor(readonly page: EnginePage) {}

  static async open(context: EngineContext, url: string): Promise<Tab> {
    const tab = new Tab(await context.newPage());
    await tab.load(url);
    return tab;
  }

  async load(url: string): Promise<void> {
    await withTimeout(this.page.goto(url), 20_000, `the page did not load ${url}`);
    await this.ready();
  }

  async ready(): Promise<void> {
    await waitInPage(this.page, () => 'harness' in window, 10_000);
  }

  /** Uncaught errors and unhandled rejections the page has seen since it loaded. */
  errors(): Promise<string[]> {
    return this.page.evaluate(() => window.pageErrors);
  }

  openCache(id: string, options: OpenOptions): Promise<void> {
    return this.page.evaluate(([id, options]) => window.harness.open(id, options), [
      id,
      options,
    ] as const);
  }

  fetch(id: string, url: string, init: FetchInit = {}, waitStored = false): Promise<FetchResult> {
    return this.page.evaluate(
      ([id, url, init, waitStored]) => window.harness.fetch(id, url, init, waitStored),
      [id, url, init, waitStored] as const,
    );
  }

  /** A successful fetch's summary (fails the test with the error otherwise). */
  async fetchOk(id: string, url: string, init: FetchInit = {}, waitStored = false) {
    const result = await this.fetch(id, url, init, waitStored);
    if (!result.ok) throw new Error(`fetch ${url} failed: ${JSON.stringify(result.error)}`);
    return result.response;
  }

  /** Flushes the outbox of cache `id` and waits for it; resolves to the writes left. */
  outboxFlush(id: string) {
    return this.page.evaluate((id) => window.harness.outboxFlush(id), id);
  }

  /** Starts `cache.outbox.result(write)` in the page, to be awaited by `outboxResult`. */
  outboxAwait(id: string, write: string): Promise<void> {
    return this.page.evaluate(([id, write]) => window.harness.outboxAwait(id, write), [
      id,
      write,
    ] as const);
  }

  /** What the page's result(write) resolved to (`response`: whether it carried the origin's). */
  outboxResult(write: string) {
    return this.page.evaluate((write) => window.harness.outboxResult(write), write);
  }

  /** Who the page's app says is signed in (the partition of `partitionByUser` caches). */
  signIn(name: string): Promise<void> {
    return this.page.evaluate((name) => window.harness.signIn(name), name);
  }

  /** `cache.clear()`, or `cache.clear({ partition })` (a logout). */
  clear(id: string, partition?: string): Promise<number> {
    return this.page.evaluate(
      ([id, partition]) => window.harness.clear(id, partition ?? undefined),
      [id, partition ?? null] as const,
    );
  }

  events(id: string): Promise<RecordedEvent[]> {
    return this.page.evaluate((id) => window.harness.events(id), id);
  }

  /** The requests cache `id` (on the default store) sent, and whether its early open was under way. */
  sent(id: string): Promise<Array<{ url: string; whileOpening: boolean }>> {
    return this.page.evaluate((id) => window.harness.sent(id), id);
  }

  settled(id: string): Promise<void> {
    return this.page.evaluate((id) => window.harness.settled(id), id);
  }

  stats(id: string): Promise<{ entries: number; bytes: number }> {
    return this.page.evaluate((id) => window.harness.stats(id), id);
  }

  fullStats(id: string) {
    return this.page.evaluate((id) => window.harness.fullStats(id), id);
  }

  startRead(id: string, url: string) {
    return this.page.evaluate(([id, url]) => window.harness.startRead(id, url), [id, url] as const);
  }

  readRest(handle: string) {
    return this.page.evaluate((handle) => window.harness.readRest(handle), handle);
  }

  abortRead(handle: string) {
    return this.page.evaluate((handle) => window.harness.abortRead(handle), handle);
  }
}

let counter = 0;

export function uniqueDbName(label: string): string {
  return `tabs-${label}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Registers the suite's lifecycle: one browser of the engine under test and one page bundle for
 * the file, and a fresh server and browser context per test (closed after it). `start()` opens
 * both for a test.
 */
export function useTabsHarness() {
  const engine = engineUnderTest();
  let pageScript: string;
  let browser: EngineBrowser;
  let context: EngineContext | undefined;
  let server: PageServer | undefined;
  beforeAll(async () => {
    [pageScript, browser] = await Promise.all([
      bundle(pageEntry, []),
      withTimeout(launchEngine(engine), 60_000, `${engine} did not start`),
    ]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    await server?.close();
    context = undefined;
    server = undefined;
  });
  return {
    engine,
    async start(route?: RouteHandler): Promise<{ server: PageServer; context: EngineContext }> {
      server = await servePages(html, new Map([['/page.js', pageScript]]), route);
      context = await browser.newContext();
      return { server, context };
    },
  };
}
