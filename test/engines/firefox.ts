// Debian's Firefox ESR through puppeteer-core over WebDriver BiDi: Firefox's own remote agent,
// truly headless, no geckodriver (none is packaged, and the npm one downloads a binary).
import puppeteer from 'puppeteer-core';
import { adaptContext, type EngineBrowser } from './engine.ts';
import { engineBinaries } from './installed.ts';

export async function launchFirefox(): Promise<EngineBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: engineBinaries('firefox').firefox,
    headless: true,
    protocolTimeout: 60_000,
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    newContext: async () => adaptContext(await browser.createBrowserContext()),
    close: () => browser.close(),
  };
}
