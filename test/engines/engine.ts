// One small driver interface over three engines, so one set of page tests runs in each:
// Chromium through playwright-core, Firefox ESR through puppeteer-core (WebDriver BiDi, no
// geckodriver), and WebKitGTK's MiniBrowser through Debian's WebKitWebDriver (W3C WebDriver).
import type { EngineName } from './installed.ts';

export type { EngineName } from './installed.ts';

/** One page (tab). Functions passed to `evaluate` run in the page: they must be self-contained. */
export interface EnginePage {
  /** The driver's own page object (Playwright's for Chromium), for engine-specific tests (CDP). */
  readonly native?: unknown;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

/** Pages of one context share an origin's IndexedDB, BroadcastChannel and Web Locks, as tabs do. */
export interface EngineContext {
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly name: EngineName;
  readonly version: string;
  newContext(): Promise<EngineContext>;
  close(): Promise<void>;
}

/** Starts `name` headless (WebKit under its own Xvfb); each driver loads only when asked for. */
export async function launchEngine(name: EngineName): Promise<EngineBrowser> {
  switch (name) {
    case 'chromium':
      return (await import('./chromium.ts')).launchChromium();
    case 'firefox':
      return (await import('./firefox.ts')).launchFirefox();
    case 'webkit':
      return (await import('./webkit.ts')).launchWebKit();
  }
}

/** The engine a page-test project runs in (vitest.config.ts sets ENGINE per project). */
export function engineUnderTest(): EngineName {
  const name = process.env.ENGINE ?? 'chromium';
  if (name !== 'chromium' && name !== 'firefox' && name !== 'webkit') {
    throw new TypeError(`expected ENGINE to be chromium, firefox or webkit, got ${name}`);
  }
  return name;
}

/** Polls `fn` in the page until it returns true. */
export async function waitInPage(page: EnginePage, fn: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(fn))) {
    if (Date.now() > deadline) throw new Error(`page condition not met in ${timeoutMs} ms: ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What Playwright's and Puppeteer's pages and contexts have in common (their APIs agree here). */
interface PageLike {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate(fn: never, arg: never): Promise<unknown>;
  close(): Promise<void>;
}
interface ContextLike {
  newPage(): Promise<PageLike>;
  close(): Promise<void>;
}

/** An EngineContext over a Playwright or Puppeteer browser context. */
export function adaptContext(context: ContextLike): EngineContext {
  return {
    async newPage(): Promise<EnginePage> {
      const page = await context.newPage();
      return {
        native: page,
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
        close: () => page.close(),
      };
    },
    close: () => context.close(),
  };
}
