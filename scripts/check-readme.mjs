// Holds README.md to what it says. Runs the Quick start as written on a fresh clone (the working tree's changes
// included): `npm install && npm pack`, a new project that installs the tarball, the page, the demo server, then
// the page in headless Chromium through an outage. Then checks, in that project and against the package as
// installed from the tarball, every fenced block marked `<!-- check: KIND -->` in the README's source:
//   ts, js                    tsc, strict (blocks marked file=NAME are joined into one file, in order)
//   tsx react | react-wrapper | solid, ts angular   tsc with that framework's types only
//   vue / svelte              vue-tsc / svelte-check
//   html [answer]             loaded in Chromium beside the demo server: no page error, no console warning or error,
//                             every non-manual feed connected with a message (`answer`: asks a question, waits for it)
// A js/ts/tsx/html/vue/svelte block must say `check:` or `fragment: why`; every `(#anchor)` link must name a heading.
// Prints `readme: N passed, N failed` last.
//
//   node scripts/check-readme.mjs [--keep] [--reuse DIR]   (--reuse: a directory kept by --keep; skips clone and pack)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { playwrightLaunchOptions } from './chromium.mjs';
import { freePort } from './cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({ options: { keep: { type: 'boolean', default: false }, reuse: { type: 'string' } } });
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const results = [];
function report(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}`);
  if (!ok && String(detail).trim()) console.log(String(detail).trim().slice(-4000).replace(/^/gm, '        '));
}
async function step(name, body) {
  try {
    await body();
    report(name, true);
  } catch (error) {
    report(name, false, error?.stack ?? error);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- The README's blocks -------------------------------------------------------------------------------------

/** Fenced blocks with the HTML comments on the lines right above them (`check: ...`, `fragment: ...`). */
function blocksOf(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)\s*$/.exec(lines[index]);
    if (!open) continue;
    const markers = [];
    for (let above = index - 1; above >= 0 && /^<!--.*-->\s*$/.test(lines[above]); above--) markers.unshift(lines[above]);
    const end = lines.indexOf('```', index + 1);
    const code = lines.slice(index + 1, end).join('\n') + '\n';
    const check = markers.map((marker) => /^<!-- check: (.*?) -->/.exec(marker)?.[1]).find(Boolean);
    const [kind, ...options] = check ? check.split(/\s+/) : [];
    blocks.push({ line: index + 1, lang: open[1], code, kind, options, fragment: markers.some((marker) => marker.startsWith('<!-- fragment')) });
    index = end;
  }
  return blocks;
}
const blocks = blocksOf(readme);
const checked = (kind) => blocks.filter((block) => block.kind === kind);
const at = (block) => `README.md:${block.line}`;

const CODE = new Set(['js', 'ts', 'tsx', 'html', 'vue', 'svelte']);
const unmarked = blocks.filter((block) => CODE.has(block.lang) && !block.kind && !block.fragment);
report(
  `every js/ts/tsx/html/vue/svelte block is checked or marked a fragment (${blocks.filter((block) => block.kind).length} checked, ${blocks.filter((block) => block.fragment).length} fragments)`,
  unmarked.length === 0,
  unmarked.map((block) => `${at(block)}: \`\`\`${block.lang} with no <!-- check: ... --> or <!-- fragment: ... -->`).join('\n'),
);

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats.
const anchors = new Set();
const seen = new Map();
for (const [, heading] of readme.replace(/^```[^]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
  const slug = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  const count = seen.get(slug) ?? 0;
  seen.set(slug, count + 1);
  anchors.add(count ? `${slug}-${count}` : slug);
}
const broken = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]).filter((anchor) => !anchors.has(anchor));
report('every (#anchor) link names a heading', broken.length === 0, [...new Set(broken)].join(', '));
const contents = /## Contents\n([^]*?)\n## /.exec(readme)?.[1] ?? '';
const sections = [...readme.replace(/^```[^]*?^```/gm, '').matchAll(/^## (.+)$/gm)].map((match) => match[1]).filter((title) => title !== 'Contents');
const notListed = sections.filter((title) => !contents.includes(`[${title}]`));
report('the table of contents lists every section', notListed.length === 0, notListed.join(', '));

// ---- The Quick start, as written -----------------------------------------------------------------------------

const [shell] = checked('quick-start-shell');
const [page] = checked('quick-start-page');
const [serve] = checked('quick-start-serve');
assert(shell && page && serve, 'README.md has no quick-start-shell, quick-start-page and quick-start-serve blocks');
const commands = (block) => block.code.split('\n').map((line) => line.replace(/\s+#\s.*$/, '').trim()).filter(Boolean);
const projectName = /mkdir \.\.\/([\w.-]+)/.exec(shell.code)?.[1];
assert(projectName, 'the quick start makes no ../PROJECT directory');

const work = flags.reuse ?? mkdtempSync(join(tmpdir(), 'sse-feed-readme-'));
const clone = join(work, 'sse-feed');
const project = join(work, projectName);
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false' };
const children = [];
let browser;

/** A clone of this repository with the working tree's changes copied over, as a newcomer's clone of it would be. */
function cloneWorkingTree() {
  execFileSync('git', ['clone', '--quiet', root, clone]);
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of git('ls-files', '-z', '--modified', '--others', '--exclude-standard')) {
    if (existsSync(join(root, file))) cpSync(join(root, file), join(clone, file), { recursive: true });
  }
  for (const file of git('ls-files', '-z', '--deleted')) rmSync(join(clone, file), { force: true });
}

try {
  if (!flags.reuse) {
    await step(`quick start: ${commands(shell).length} commands, as written, on a fresh clone (${work})`, () => {
      const lines = commands(shell);
      // The first line clones from GitHub; here the clone comes from this checkout (the same files).
      assert(/^git clone \S+ && cd sse-feed$/.test(lines[0]), `the first line should clone and cd sse-feed: ${lines[0]}`);
      cloneWorkingTree();
      const script = ['set -euo pipefail', 'cd sse-feed', ...lines.slice(1)].join('\n');
      const run = spawnSync('bash', ['-c', script], { cwd: work, env, encoding: 'utf8' });
      assert(run.status === 0, `the quick start's commands failed:\n${run.stdout}${run.stderr}`);
      const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'sse-feed', 'package.json'), 'utf8'));
      assert(installed.name === 'sse-feed', 'sse-feed is not installed in the project');
      assert(existsSync(join(project, 'node_modules', 'sse-feed', 'dist', 'sse-feed.bundle.js')), 'the installed package has no dist/sse-feed.bundle.js');
    });
  }
  writeFileSync(join(project, 'index.html'), page.code);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [serverLine, faultLine] = commands(serve);
  assert(faultLine.includes('127.0.0.1:8787'), `the fault line should name http://127.0.0.1:8787: ${faultLine}`);
  const server = spawn('bash', ['-c', serverLine], { cwd: project, env: { ...env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(server);
  let serverOutput = '';
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the demo server did not start:\n${serverOutput}`)), 20_000);
    const read = (chunk) => {
      serverOutput += chunk;
      if (serverOutput.includes('demo server:')) {
        clearTimeout(timer);
        done();
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.once('exit', (code) => fail(new Error(`the demo server exited (${code}):\n${serverOutput}`)));
  });

  browser = await chromium.launch(playwrightLaunchOptions());

  /** A page that records page errors and console warnings and errors, and counts each feed's messages. */
  async function openPage(url, { route } = {}) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const problems = [];
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('console', (message) => {
      if (['error', 'warning'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await tab.addInitScript(() => {
      document.addEventListener('sse-message', (event) => (event.target.messagesSeen = (event.target.messagesSeen ?? 0) + 1), true);
    });
    if (route) await tab.route(route.match, (request) => request.continue({ url: `${origin}${route.to}` }));
    await tab.goto(url);
    return { tab, problems, close: () => context.close() };
  }

  await step('quick start: the page shows "Connected" and prices, opens the toast during the outage, and comes back', async () => {
    const { tab, problems, close } = await openPage(`${origin}/`);
    try {
      const label = () => tab.evaluate(() => document.querySelector('connection-indicator')?.shadowRoot?.querySelector('[part=label]')?.textContent?.trim());
      await tab.waitForFunction(() => document.querySelectorAll('#log li').length >= 2, null, { timeout: 15_000 });
      assert((await label()) === 'Connected', `the indicator says ${JSON.stringify(await label())}`);
      assert(/^SSE \d+(\.\d+)?$/.test(await tab.textContent('#log li')), `a price line reads ${JSON.stringify(await tab.textContent('#log li'))}`);
      assert(problems.length === 0, problems.join('\n'));

      const fault = spawnSync('bash', ['-c', faultLine.replace('127.0.0.1:8787', `127.0.0.1:${port}`)], { encoding: 'utf8' });
      assert(fault.status === 0 && fault.stdout.includes('"ok":true'), `the curl line failed: ${fault.stdout}${fault.stderr}`);
      await tab.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 }); // its box is the popover inside
      const toast = () => tab.evaluate(() => document.querySelector('status-toast')?.shadowRoot?.textContent?.replace(/\s+/g, ' '));
      assert(/Reconnecting/.test(await toast()), `the toast says ${await toast()}`);
      const before = await tab.evaluate(() => document.querySelectorAll('#log li').length);
      await tab.waitForFunction(() => document.querySelector('sse-feed')?.getAttribute('state') === 'connected', null, { timeout: 30_000 });
      await tab.waitForFunction(() => /Reconnected/.test(document.querySelector('status-toast')?.shadowRoot?.textContent ?? ''), null, { timeout: 5_000 });
      await tab.waitForFunction((count) => document.querySelectorAll('#log li').length > count, before, { timeout: 5_000 });
      // Chromium logs each 503 answer as a console error: those are the outage the page was asked to live through.
      const unexpected = problems.filter((problem) => !/status of 503/.test(problem));
      assert(unexpected.length === 0, unexpected.join('\n'));
    } finally {
      await close();
    }
  });

  // ---- HTML blocks, in the browser -----------------------------------------------------------------------------

  const bundleTag = '<script type="module" src="/node_modules/sse-feed/dist/sse-feed.bundle.js"></script>\n';
  for (const [index, block] of checked('html').entries()) {
    await step(`${at(block)}: html${block.options.length ? ` (${block.options.join(' ')})` : ''} runs in Chromium with no warning or error`, async () => {
      const file = `readme-${index + 1}.html`;
      const body = block.code.includes('sse-feed.bundle.js') ? block.code : bundleTag + block.code;
      writeFileSync(join(project, file), `<!doctype html>\n<meta charset="utf-8" />\n${body}`);
      // The guides' streams stand for yours: here they are the demo's price stream.
      const { tab, problems, close } = await openPage(`${origin}/${file}`, { route: { match: /\/(prices|events)(\?.*)?$/, to: '/demo/live' } });
      try {
        await tab.waitForFunction(() => ['sse-feed', 'connection-indicator', 'status-toast'].every((tag) => customElements.get(tag)), null, { timeout: 10_000 });
        if (block.options.includes('answer')) {
          await tab.fill('input[name=prompt]', 'What does the README check?');
          await tab.click('form button:not([type])');
          await tab.waitForFunction(() => document.querySelector('sse-feed')?.getAttribute('state') === 'closed', null, { timeout: 20_000 });
          const answer = (await tab.textContent('#answer-text')).trim();
          assert(answer.split(/\s+/).length >= 3, `the answer reads ${JSON.stringify(answer)}`);
        } else {
          await tab.waitForFunction(
            () => [...document.querySelectorAll('sse-feed')].every((feed) => feed.hasAttribute('manual') || (feed.getAttribute('state') === 'connected' && feed.messagesSeen > 0)),
            null,
            { timeout: 15_000 },
          );
        }
        assert(problems.length === 0, problems.join('\n'));
      } finally {
        await close();
      }
    });
  }

  // ---- TypeScript, JavaScript, Vue and Svelte blocks, type-checked ---------------------------------------------

  const cloneModules = join(clone, 'node_modules');
  const bin = (name) => join(cloneModules, '.bin', name);
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    noUnusedLocals: false,
  };
  // Each group is a project of its own under the Quick start's, which has sse-feed as installed from the tarball;
  // a group sees only its framework (linked from the clone's node_modules: the lockfile's versions).
  const GROUPS = {
    plain: { kinds: ['ts', 'js'], options: { allowJs: true, checkJs: true } },
    react: { kinds: ['tsx react'], links: { react: 'react', '@types/react': '@types/react' }, options: { jsx: 'react-jsx' } },
    'react-wrapper': { kinds: ['tsx react-wrapper'], links: { react: 'react', '@types/react': 'types-react-18', '@lit/react': '@lit/react' }, options: { jsx: 'react-jsx' } },
    solid: { kinds: ['tsx solid'], links: { 'solid-js': 'solid-js' }, options: { jsx: 'preserve', jsxImportSource: 'solid-js' } },
    // Angular is not one of the repository's packages: its types come from the registry (npm's cache after once).
    angular: { kinds: ['ts angular'], install: ['@angular/core@20', '@angular/common@20', 'rxjs@7'], options: { experimentalDecorators: true } },
    vue: { kinds: ['vue'], links: { vue: 'vue' }, options: { jsx: 'preserve' }, command: [bin('vue-tsc'), '-p', 'tsconfig.json'] },
    svelte: { kinds: ['svelte'], links: { svelte: 'svelte' }, options: { verbatimModuleSyntax: true }, command: [bin('svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'] },
  };
  const EXTENSION = { ts: 'ts', js: 'js', 'tsx react': 'tsx', 'tsx react-wrapper': 'tsx', 'tsx solid': 'tsx', 'ts angular': 'ts', vue: 'vue', svelte: 'svelte' };

  for (const [name, group] of Object.entries(GROUPS)) {
    const members = blocks.filter((block) => block.kind && group.kinds.includes([block.kind, ...block.options.filter((option) => !option.includes('='))].join(' ')));
    if (members.length === 0) continue;
    await step(`${members.length} ${name} block(s) type-check against the installed package (${members.map((block) => block.line).join(', ')})`, () => {
      const directory = join(project, 'readme-checks', name);
      rmSync(directory, { recursive: true, force: true });
      mkdirSync(join(directory, 'src'), { recursive: true });
      const files = new Map();
      for (const block of members) {
        const joined = block.options.find((option) => option.startsWith('file='))?.slice(5);
        const kind = [block.kind, ...block.options.filter((option) => !option.includes('='))].join(' ');
        const file = joined ?? `block-${block.line}.${EXTENSION[kind]}`;
        files.set(file, (files.get(file) ?? '') + block.code);
      }
      for (const [file, code] of files) writeFileSync(join(directory, 'src', file), code);
      writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, ...group.options }, include: ['src'] }, null, 2));
      writeFileSync(join(directory, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
      // The package as the application installed it (a copy, so that its typings resolve the group's framework).
      cpSync(join(project, 'node_modules', 'sse-feed'), join(directory, 'node_modules', 'sse-feed'), { recursive: true });
      for (const [as, from] of Object.entries(group.links ?? {})) {
        const target = join(directory, 'node_modules', as);
        mkdirSync(dirname(target), { recursive: true });
        symlinkSync(join(cloneModules, from), target, 'dir');
      }
      if (group.install) {
        const install = spawnSync('npm', ['install', '--no-save', '--prefer-offline', '--no-package-lock', ...group.install], { cwd: directory, env, encoding: 'utf8' });
        assert(install.status === 0, `npm install ${group.install.join(' ')} failed:\n${install.stderr}`);
      }
      const [command, ...args] = group.command ?? [bin('tsc'), '-p', 'tsconfig.json'];
      const run = spawnSync(command, args, { cwd: directory, env, encoding: 'utf8' });
      assert(run.status === 0, `${run.stdout}${run.stderr}`);
    });
  }
} catch (error) {
  report('check-readme ran to the end', false, error?.stack ?? error);
} finally {
  await browser?.close();
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM'); // the demo server and the shell that started it
    } catch {
      // already gone
    }
  }
  if (flags.keep || flags.reuse) console.log(`  kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((ok) => !ok).length;
console.log(`readme: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
