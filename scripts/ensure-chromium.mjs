// Finds a Chromium for the tests, installing Debian's package when running as root; says what to do otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const found = findChromium();

if (found) {
  if (!process.env.CHROME_PATH && found !== '/usr/bin/chromium') {
    console.log(`Using ${found}; set CHROME_PATH to choose another browser.`);
  }
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('No Chromium found: installing Debian\'s chromium package (about 30 s)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], { stdio: 'inherit', env });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}

console.error(
  [
    'The tests need Chromium and none was found.',
    '  Debian/Ubuntu: sudo apt-get install chromium',
    '  Elsewhere:     install Chrome or Chromium and set CHROME_PATH=/path/to/chrome',
  ].join('\n'),
);
process.exit(1);
