// Where each engine's Debian package puts its binaries, and the one command that installs them all.
// Nothing here downloads a browser of its own: only Debian's packages are reachable on our machines.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export const engineNames: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

export const aptPackages = 'chromium firefox-esr webkit2gtk-driver xvfb';

export const installCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${aptPackages}`;

/** The files an engine needs, each overridable by an environment variable (for other systems). */
export function engineBinaries(engine: EngineName): Record<string, string> {
  const env = process.env;
  switch (engine) {
    case 'chromium':
      return { chromium: env.CHROMIUM_PATH ?? '/usr/bin/chromium' };
    case 'firefox':
      return { firefox: env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' };
    case 'webkit':
      return {
        driver: env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
        browser: env.WEBKIT_BROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        xvfb: env.XVFB_PATH ?? '/usr/bin/Xvfb',
      };
  }
}
