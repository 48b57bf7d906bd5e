// Debian's Firefox ESR through puppeteer-core over WebDriver BiDi: Firefox's own remote agent,
// truly headless, no geckodriver (none is packaged, and the npm one downloads a binary).
import puppeteer from 'puppeteer-core';
import type { EngineBrowser, EnginePage } from './engine.ts';
import { engineBinaries } from './installed.ts';

export async function launchFirefox(): Promise<EngineBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: engineBinaries('firefox').firefox,
    headless: true,
    protocolTimeout: 60_000,
    // Firefox's compositor and sync noise on stderr is harmless; keep the test output readable.
    dumpio: false,
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version,
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        async newPage(): Promise<EnginePage> {
          const page = await context.newPage();
          return {
            goto: async (url) => void (await page.goto(url)),
            reload: async () => void (await page.reload()),
            evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
            close: () => page.close(),
          };
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
