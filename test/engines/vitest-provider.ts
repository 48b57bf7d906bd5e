// A vitest browser provider for engines that vitest's own providers cannot drive here: its
// webdriverio provider needs geckodriver (not packaged by Debian, and its npm package downloads a
// binary) and its playwright provider only drives Chromium from Debian. The provider's whole job is
// to open vitest's tester page in the engine; the tests then run as in any browser project.
import { defineBrowserProvider } from '@vitest/browser';
import type { BrowserProvider, TestProject } from 'vitest/node';
import { type EngineBrowser, type EnginePage, launchEngine } from './engine.ts';
import type { EngineName } from './installed.ts';
import { withTimeout } from './processes.ts';

export function debianEngine() {
  return defineBrowserProvider({
    name: 'debian-engine',
    supportedBrowser: ['chromium', 'firefox', 'webkit'],
    providerFactory: (project) => new EngineProvider(project),
  });
}

class EngineProvider implements BrowserProvider {
  readonly name = 'debian-engine';
  readonly supportsParallelism = false;
  #browser: Promise<EngineBrowser> | undefined;
  readonly #pages = new Map<string, EnginePage>();

  constructor(private readonly project: TestProject) {}

  getCommandsContext(): Record<string, unknown> {
    return {};
  }

  async openPage(sessionId: string, url: string): Promise<void> {
    const engine = this.project.config.browser.name as EngineName;
    this.#browser ??= withTimeout(launchEngine(engine), 60_000, `${engine} did not start`);
    const browser = await this.#browser;
    let page = this.#pages.get(sessionId);
    if (!page) {
      page = await (await browser.newContext()).newPage();
      this.#pages.set(sessionId, page);
    }
    await withTimeout(page.goto(url), 60_000, `${engine} did not load ${url}`);
  }

  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    this.#pages.clear();
    if (browser) await (await browser).close();
  }
}
