// `npm start`: the catalog (Storybook dev on port 6006) with the demo SSE server mounted, never opening a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '6006';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Storybook's own bin, run by this node: no npx layer in between, so a signal here reaches Storybook itself.
const require = createRequire(import.meta.url);
const storybookPackage = require.resolve('storybook/package.json');
const storybookBin = join(dirname(storybookPackage), require(storybookPackage).bin);

// Controls and docs come from the manifest; Storybook cannot start without the file.
if (!existsSync(new URL('../custom-elements.json', import.meta.url))) {
  console.log('start: custom-elements.json is missing, running the analyzer');
  const analyze = spawnSync(npm, ['run', '--silent', 'analyze'], { cwd: root, stdio: 'inherit' });
  if (analyze.status !== 0) process.exit(analyze.status ?? 1);
}

const url = `http://localhost:${port}/`;
console.log(`start: catalog at ${url} (live stories stream from ${url}demo/live)`);

const storybook = spawn(
  process.execPath,
  [storybookBin, 'dev', '--port', port, '--no-open', '--ci', '--exact-port', '--quiet', '--disable-telemetry', '--no-version-updates'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => storybook.kill(signal));
storybook.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
