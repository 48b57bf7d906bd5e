// Debian's Chromium through playwright-core (which never downloads a browser of its own).
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.ts';
import type { EngineBrowser, EnginePage } from './engine.ts';

export async function launchChromium(): Promise<EngineBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return {
    name: 'chromium',
    version: browser.version(),
    async newContext() {
      const context = await browser.newContext();
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
