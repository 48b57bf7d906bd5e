// `npm test` runs real Chromium tests: never skip them silently when Chromium is missing.
// As root with apt-get we install Debian's package; otherwise we stop and say how to get it.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`Chromium not found at ${path}: installing Debian's chromium package...`);
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      {
        stdio: 'inherit',
      },
    );
  } else {
    console.error(
      `The browser tests need Chromium at ${path} and it is missing.\n` +
        '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  Elsewhere: install Chromium and set CHROMIUM_PATH=/path/to/chromium',
    );
    process.exit(1);
  }
}
