// @ts-check
// Makes sure the engines a test run asks for (BROWSERS, see scripts/browsers.mjs) are on this machine: as root on
// Debian it installs the missing packages with apt-get; otherwise it names what to install, and fails.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { requirements, selectedEngines } from './browsers.mjs';

let engines;
try {
  engines = selectedEngines();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const missing = () => engines.filter((engine) => requirements[engine].missing().length > 0);
let lacking = missing();
if (lacking.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  const packages = [...new Set(lacking.flatMap((engine) => requirements[engine].packages))];
  console.log(`Installing Debian's ${packages.join(', ')} for ${lacking.join(', ')} (about a minute)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  lacking = missing();
  if (lacking.length === 0) process.exit(0);
}

const lines = ['The tests cannot start: missing'];
for (const engine of lacking) {
  const need = requirements[engine];
  lines.push(`  ${engine}: ${need.missing().join(', ')}`);
  lines.push(`    Debian/Ubuntu: sudo apt-get install ${need.packages.join(' ')}`);
  lines.push(`    elsewhere:     ${need.elsewhere}`);
}
lines.push('Or run fewer engines, e.g. BROWSERS=chromium npm test.');
console.error(lines.join('\n'));
process.exit(1);
