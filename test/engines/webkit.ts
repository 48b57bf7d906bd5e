// WebKitGTK's MiniBrowser through Debian's WebKitWebDriver. MiniBrowser has no headless mode: it
// runs under an Xvfb of our own. Under automation its session is ephemeral (IndexedDB in memory,
// the browser's own HTTP cache off), so one WebDriver session is one context; its windows are pages.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { EngineBrowser, EngineContext, EnginePage } from './engine.ts';
import { engineBinaries } from './installed.ts';
import { type Child, startChild, withTimeout } from './processes.ts';
import { command, WebDriverSession } from './webdriver.ts';

export async function launchWebKit(): Promise<EngineBrowser> {
  const binaries = engineBinaries('webkit');
  const xvfb = startChild(
    binaries.xvfb!,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  const children: Child[] = [xvfb];
  const stopAll = () => Promise.all(children.map((child) => child.stop())).then(() => {});
  try {
    const display = await withTimeout(displayOf(xvfb), 15_000, 'Xvfb did not start');
    const port = await freePort();
    const driver = startChild(binaries.driver!, [`--port=${port}`, '--host=local'], {
      env: { ...process.env, DISPLAY: `:${display}` },
    });
    children.push(driver);
    const base = `http://127.0.0.1:${port}`;
    const status = await withTimeout(driverReady(base), 15_000, 'WebKitWebDriver did not start');
    const capabilities = {
      alwaysMatch: {
        'webkitgtk:browserOptions': { binary: binaries.browser, args: ['--automation'] },
      },
    };
    const sessions = new Set<WebDriverSession>();
    let version = status;
    return {
      name: 'webkit',
      get version() {
        return version;
      },
      async newContext(): Promise<EngineContext> {
        const session = await withTimeout(
          WebDriverSession.create(base, capabilities),
          30_000,
          'WebKit session did not start',
        );
        sessions.add(session);
        version = session.browserVersion;
        let firstWindowTaken = false;
        return {
          async newPage() {
            const window = firstWindowTaken ? await session.newWindow() : session.firstWindow;
            firstWindowTaken = true;
            return webDriverPage(session, window);
          },
          async close() {
            sessions.delete(session);
            await session.delete().catch(() => {});
          },
        };
      },
      async close() {
        await Promise.all([...sessions].map((session) => session.delete().catch(() => {})));
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * A page whose `evaluate` never holds the session: it starts the function in the page and polls
 * for its result, so two pages can each await something that depends on the other (as tabs do).
 */
function webDriverPage(session: WebDriverSession, window: string): EnginePage {
  let calls = 0;
  return {
    goto: async (url) => void (await session.run(window, 'POST', '/url', { url })),
    reload: async () => void (await session.run(window, 'POST', '/refresh')),
    async evaluate(fn, arg) {
      const id = `call-${++calls}`;
      await session.run(window, 'POST', '/execute/sync', {
        script: startScript(String(fn)),
        args: [arg === undefined ? null : arg, id],
      });
      for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
        const slot = (await session.run(window, 'POST', '/execute/sync', {
          script: pollScript,
          args: [id],
        })) as Slot | null;
        if (slot?.lost) throw new Error('the page navigated away before the evaluation finished');
        if (slot?.done) {
          if (slot.error !== undefined) throw new Error(`in the page: ${slot.error}`);
          return (slot.undefined ? undefined : slot.value) as never;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    },
    close: () => session.closeWindow(window),
  };
}

interface Slot {
  lost?: boolean;
  done?: boolean;
  value?: unknown;
  undefined?: boolean;
  error?: string;
}

function startScript(source: string): string {
  return `
    const [arg, id] = arguments;
    const calls = (window.__engineCalls ??= {});
    const slot = (calls[id] = { done: false });
    Promise.resolve()
      .then(() => (${source})(arg))
      .then(
        (value) => Object.assign(slot, { done: true, value: value ?? null, undefined: value === undefined }),
        (error) => Object.assign(slot, { done: true, error: String((error && error.stack) || error) }),
      );
    return true;`;
}

const pollScript = `
  const slot = window.__engineCalls && window.__engineCalls[arguments[0]];
  if (!slot) return { lost: true };
  if (!slot.done) return null;
  delete window.__engineCalls[arguments[0]];
  return slot;`;

function displayOf(xvfb: Child): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const fd3 = xvfb.process.stdio[3] as NodeJS.ReadableStream | null;
    if (!fd3) return reject(new Error('Xvfb has no display pipe'));
    fd3.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.process.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
}

async function driverReady(base: string): Promise<string> {
  for (;;) {
    try {
      const status = (await command(base, 'GET', '/status')) as { build?: { version?: string } };
      return status.build?.version ?? '';
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
