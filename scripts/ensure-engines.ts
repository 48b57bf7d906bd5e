// The browser tests run in real Chromium, Firefox and WebKit: never skip one silently when it is
// missing. As root with apt-get we install Debian's packages; otherwise we stop and say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  aptPackages,
  type EngineName,
  engineBinaries,
  installCommand,
} from '../test/engines/installed.ts';

export function ensureEngines(engines: EngineName[]): void {
  const missing = () =>
    engines.flatMap((engine) =>
      Object.values(engineBinaries(engine)).filter((path) => !existsSync(path)),
    );
  if (missing().length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Missing ${missing().join(', ')}: installing Debian's ${aptPackages}...`);
    execSync(installCommand, { stdio: 'inherit', shell: '/bin/bash' });
    if (missing().length === 0) return;
  }
  console.error(
    `The browser tests need ${missing().join(', ')}, which ${missing().length > 1 ? 'are' : 'is'} missing.\n` +
      `  Debian/Ubuntu: sudo ${installCommand.replace('&& ', '&& sudo ')}\n` +
      '  Elsewhere: install the engines and set CHROMIUM_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH,\n' +
      '  WEBKIT_BROWSER_PATH and XVFB_PATH (test/engines/installed.ts), or run one group:\n' +
      '  npm test -- core | chromium | firefox | webkit',
  );
  process.exit(1);
}
