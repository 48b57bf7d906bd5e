// Debian's Chromium through playwright-core (which never downloads a browser of its own).
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.ts';
import { adaptContext, type EngineBrowser } from './engine.ts';

export async function launchChromium(): Promise<EngineBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return {
    name: 'chromium',
    version: browser.version(),
    newContext: async () => adaptContext(await browser.newContext()),
    close: () => browser.close(),
  };
}
