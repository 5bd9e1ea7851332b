// @ts-check
// Holds README.md, CONTRIBUTING.md and the catalog's guides (stories/guides/*.mdx) to what they say. Runs the README's Quick start as
// written on a fresh clone (the working tree's changes included): `npm install && npm pack`, a new project that
// installs the tarball, the page, the demo server, then the page in headless Chromium through an outage. Then checks,
// in that project and against the package as installed from the tarball, every fenced block marked to run, in the
// README (`<!-- check: KIND -->`) and in every guide (`{/* check: KIND */}`, MDX's comment):
//   ts, js                    tsc, strict (blocks marked file=NAME are joined into one file, in order)
//   tsx react | react-wrapper | solid, ts angular   tsc with that framework's types only
//   vue / svelte              vue-tsc / svelte-check
//   html [answer]             loaded in Chromium beside the demo server: no page error, no console warning or error,
//                             every non-manual feed connected with a message (`answer`: asks a question, waits for it)
// A js/ts/tsx/html/vue/svelte block must say `check:` or `fragment: why` (a reason is required). Every link must lead
// somewhere: a relative file that exists (and its `#anchor`, for Markdown and MDX files), an `#anchor` that names a
// heading, a catalog link (`?path=/docs/ID` or `/story/ID`, also under http://localhost:6006/) that names an entry of
// the catalog built from the clone (and its `#anchor`, for a guide). The README stays under 400 lines and lists every
// guide. Prints `readme: N passed, N failed` last.
//
//   node scripts/check-docs.mjs [--keep] [--reuse DIR]   (--reuse: a directory kept by --keep; skips clone and pack)
//   node scripts/check-docs.mjs --quick   (markers, length and links only, against the catalog built here: seconds)
//   type-check this file: npx tsc --noEmit --allowJs --strict --module nodenext --target es2022 --types node --skipLibCheck scripts/check-docs.mjs
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { playwrightLaunchOptions } from './chromium.mjs';
import { freePort } from './cli.mjs';

/** The README's length limit, in lines: a page that fits on a few screens; guides go to the catalog. */
const README_MAX_LINES = 400;
/** Where the guides live; every `*.mdx` there is one. */
const GUIDES = 'stories/guides';
/** The catalog's address in links that are meant to be opened after `npm start`. */
const CATALOG = 'http://localhost:6006/';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, reuse: { type: 'string' }, quick: { type: 'boolean', default: false } },
});

/** @type {boolean[]} */
const results = [];
/** @param {string} name @param {boolean} ok @param {unknown} [detail] */
function report(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}`);
  if (!ok && String(detail).trim()) console.log(String(detail).trim().slice(-4000).replace(/^/gm, '        '));
}
/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
/** @param {string} name @param {() => unknown} body */
async function step(name, body) {
  try {
    await body();
    report(name, true);
  } catch (error) {
    report(name, false, describe(error));
  }
}
/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- The documents and their blocks --------------------------------------------------------------------------

/**
 * @typedef {object} Block
 * @property {string} source  the document, relative to the repository (`README.md`, `stories/guides/theming.mdx`)
 * @property {number} line    where its opening fence is (1-based)
 * @property {string} lang    the fence's language
 * @property {string} code
 * @property {string | undefined} kind    `check: KIND ...`'s KIND
 * @property {string[]} options           the words after KIND
 * @property {string | undefined} fragment `fragment: why`'s why ('' when the reason is missing)
 */

/** The README, CONTRIBUTING and every guide, in that order: [path relative to the repository, text]. */
const documents = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, GUIDES))
    .filter((name) => name.endsWith('.mdx'))
    .sort()
    .map((name) => `${GUIDES}/${name}`),
].map((path) => /** @type {const} */ ([path, readFileSync(join(root, path), 'utf8')]));
const readme = documents[0][1];
const guides = documents.filter(([path]) => path.startsWith(`${GUIDES}/`));

/** A marker's text: `<!-- text -->` in Markdown, `{/* text *\/}` in MDX; undefined for any other line. */
const markerText = (/** @type {string} */ line) => /^(?:<!--\s*(.*?)\s*-->|\{\/\*\s*(.*?)\s*\*\/\})\s*$/.exec(line)?.slice(1).find((text) => text !== undefined);

/** Fenced blocks with the markers on the lines right above them (`check: ...`, `fragment: ...`). */
function blocksOf(/** @type {string} */ source, /** @type {string} */ text) {
  const lines = text.split('\n');
  /** @type {Block[]} */
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\w*)\s*$/.exec(lines[index]);
    if (!open) continue;
    /** @type {string[]} */
    const markers = [];
    for (let above = index - 1; above >= 0; above--) {
      const marker = markerText(lines[above]);
      if (marker === undefined) break;
      markers.unshift(marker);
    }
    const end = lines.indexOf('```', index + 1);
    const code = lines.slice(index + 1, end).join('\n') + '\n';
    const check = markers.map((marker) => /^check: (.*)$/.exec(marker)?.[1]).find(Boolean);
    const [kind, ...options] = check ? check.split(/\s+/) : [];
    const fragment = markers.map((marker) => /^fragment(?::\s*(.*))?$/.exec(marker)).find(Boolean);
    blocks.push({ source, line: index + 1, lang: open[1], code, kind, options, fragment: fragment ? (fragment[1] ?? '').trim() : undefined });
    index = end;
  }
  return blocks;
}
const blocks = documents.flatMap(([source, text]) => blocksOf(source, text));
const checked = (/** @type {string} */ kind) => blocks.filter((block) => block.kind === kind);
const at = (/** @type {Block} */ block) => `${block.source}:${block.line}`;

const CODE = new Set(['js', 'ts', 'tsx', 'html', 'vue', 'svelte']);
const unmarked = blocks.filter((block) => CODE.has(block.lang) && !block.kind && block.fragment === undefined);
const unexplained = blocks.filter((block) => block.fragment === '');
report(
  `every js/ts/tsx/html/vue/svelte block of ${documents.length} documents is checked or a fragment with a reason (${blocks.filter((block) => block.kind).length} checked, ${blocks.filter((block) => block.fragment).length} fragments)`,
  unmarked.length === 0 && unexplained.length === 0,
  [
    ...unmarked.map((block) => `${at(block)}: \`\`\`${block.lang} with no check: or fragment: marker above it`),
    ...unexplained.map((block) => `${at(block)}: a fragment must say why (fragment: the reason)`),
  ].join('\n'),
);

const readmeLines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
report(`README.md has ${readmeLines} lines (under ${README_MAX_LINES}): guides belong in ${GUIDES}/`, readmeLines < README_MAX_LINES);

// ---- Links and anchors ---------------------------------------------------------------------------------------

/** The text without its fenced blocks and inline code, where links and headings are not links and headings. */
const prose = (/** @type {string} */ text) => text.replace(/^```[^]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/**
 * The heading anchors of a Markdown or MDX text, as GitHub and the catalog (rehype-slug, github-slugger) make
 * them: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats.
 */
function anchorsOf(/** @type {string} */ text) {
  const anchors = new Set();
  const seen = new Map();
  for (const [, heading] of text.replace(/^```[^]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\s-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

/** Every link target of a document: Markdown links and images, HTML `href`/`src`, and MDX imports of files. */
function linksOf(/** @type {string} */ text) {
  const body = prose(text);
  return [
    ...[...body.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]),
    ...[...body.matchAll(/<(https?:\/\/[^>\s]+)>/g)].map((match) => match[1]),
    ...[...body.matchAll(/\b(?:href|src)="([^"{}]+)"/g)].map((match) => match[1]),
    ...[...text.matchAll(/^import \w+ from '(\.{1,2}\/[^']+)';$/gm)].map((match) => match[1]),
  ];
}

/** @typedef {{ id: string, type: string, importPath: string }} CatalogEntry */

/**
 * Why a link leads nowhere, or '' when it leads somewhere. `catalog` is the built catalog's index.json entries by
 * id; external links (other hosts) are not fetched: this check runs without the internet.
 * @param {string} source @param {string} link @param {Map<string, CatalogEntry>} catalog
 */
function brokenLink(source, link, catalog) {
  const [target, anchor] = link.split('#');
  const catalogPath = /^(?:http:\/\/localhost:6006\/)?\?path=\/(docs|story)\/([\w-]+)$/.exec(target);
  if (catalogPath) {
    const entry = catalog.get(catalogPath[2]);
    if (!entry) return `no catalog entry ${catalogPath[2]}`;
    if (entry.type !== (catalogPath[1] === 'docs' ? 'docs' : 'story')) return `${catalogPath[2]} is a ${entry.type}, not a ${catalogPath[1]}`;
    if (anchor && entry.importPath.endsWith('.mdx') && !anchorsOf(readFileSync(join(root, entry.importPath), 'utf8')).has(anchor)) {
      return `no heading #${anchor} in ${entry.importPath.replace(/^\.\//, '')}`;
    }
    return '';
  }
  if (/^[a-z]+:/i.test(target)) return target === CATALOG || !target.startsWith('http://localhost') ? '' : `a local address that is not the catalog's`;
  const file = target === '' ? join(root, source) : join(root, dirname(source), target);
  if (!existsSync(file)) return `no file ${relative(root, file)}`;
  if (anchor && /\.mdx?$/.test(file) && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) return `no heading #${anchor} in ${relative(root, file)}`;
  return '';
}

/** The links of every document and the README's list of guides, against the catalog built from the clone. */
function checkLinks(/** @type {Map<string, CatalogEntry>} */ catalog) {
  for (const [source, text] of documents) {
    const links = linksOf(text);
    const broken = links.map((link) => [link, brokenLink(source, link, catalog)]).filter(([, why]) => why);
    report(`${source}: its ${links.length} links lead somewhere`, broken.length === 0, broken.map(([link, why]) => `${link}: ${why}`).join('\n'));
  }
  const guideList = /^## Guides\n([^]*?)^## /m.exec(readme)?.[1] ?? '';
  const missing = guides
    .map(([path]) => path)
    .filter((path) => {
      const entry = [...catalog.values()].find((candidate) => candidate.importPath === `./${path}`);
      return !entry || !guideList.includes(`?path=/docs/${entry.id})`);
    });
  report(`the README's Guides section links every guide's catalog page (${guides.length})`, missing.length === 0, missing.map((path) => `${path} is not listed`).join('\n'));
}

// The Expiring tokens guide shows stories/support/recipes.ts whole, as it is: the catalog and the tests run that file.
{
  const [, tokens = ''] = guides.find(([path]) => path.endsWith('/tokens.mdx')) ?? [];
  const recipes = readFileSync(join(root, 'stories/support/recipes.ts'), 'utf8');
  const shown = blocks.filter((block) => block.source.endsWith('/tokens.mdx') && block.options.includes('file=recipes.ts'));
  const body = shown.map((block) => block.code.replace(/^\/\/ stories\/support\/recipes\.ts.*\n(?:import type \{ FeedFetch \} from 'sse-feed';\n\n)?/, '')).join('\n');
  report(
    `${GUIDES}/tokens.mdx shows stories/support/recipes.ts whole, as it is (${shown.length} blocks)`,
    tokens !== '' && recipes.slice(recipes.indexOf('/** Gives the token')) === body,
    'the guide and stories/support/recipes.ts differ: copy the file into the guide again',
  );
}

/** The catalog built in `directory` (`npm run build-storybook`), its index.json entries by id. */
function buildCatalog(/** @type {string} */ directory) {
  const build = spawnSync('npm', ['run', 'build-storybook'], { cwd: directory, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  assert(build.status === 0, `npm run build-storybook failed:\n${build.stdout}${build.stderr}`);
  /** @type {{ entries: Record<string, CatalogEntry> }} */
  const index = JSON.parse(readFileSync(join(directory, 'storybook-static', 'index.json'), 'utf8'));
  /** @type {Map<string, CatalogEntry>} */
  const catalog = new Map(Object.values(index.entries).map((entry) => [entry.id, entry]));
  const absent = guides.map(([path]) => path).filter((path) => ![...catalog.values()].some((entry) => entry.type === 'docs' && entry.importPath === `./${path}`));
  assert(absent.length === 0, `not in the catalog: ${absent.join(', ')}`);
  return catalog;
}

/** The summary line CI reads, and the exit code. */
function finish() {
  const failed = results.filter((ok) => !ok).length;
  console.log(`readme: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

if (flags.quick) {
  /** @type {Map<string, CatalogEntry>} */
  let catalog = new Map();
  await step('the catalog builds here, with every guide as a docs page', () => void (catalog = buildCatalog(root)));
  if (catalog.size > 0) checkLinks(catalog);
  finish();
}

// ---- The Quick start, as written -----------------------------------------------------------------------------

const [shell] = checked('quick-start-shell');
const [page] = checked('quick-start-page');
const [serve] = checked('quick-start-serve');
assert(shell && page && serve, 'README.md has no quick-start-shell, quick-start-page and quick-start-serve blocks');
const commands = (/** @type {Block} */ block) =>
  block.code
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter(Boolean);
const projectName = /mkdir \.\.\/([\w.-]+)/.exec(shell.code)?.[1];
assert(projectName, 'the quick start makes no ../PROJECT directory');

const work = flags.reuse ?? mkdtempSync(join(tmpdir(), 'sse-feed-readme-'));
const clone = join(work, 'sse-feed');
const project = join(work, projectName);
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false' };
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
/** @type {import('playwright-core').Browser | undefined} */
let browser;

/** A clone of this repository with the working tree's changes copied over, as a newcomer's clone of it would be. */
function cloneWorkingTree() {
  execFileSync('git', ['clone', '--quiet', root, clone]);
  const git = (/** @type {string[]} */ ...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).split('\0').filter(Boolean);
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

  // ---- The catalog, built from the clone: the guides must be in it, and every catalog link must name an entry ---

  /** @type {Map<string, CatalogEntry>} */
  let catalog = new Map();
  await step('the catalog builds from the clone, with every guide as a docs page', () => void (catalog = buildCatalog(clone)));
  if (catalog.size > 0) checkLinks(catalog);

  writeFileSync(join(project, 'index.html'), page.code);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [serverLine, faultLine] = commands(serve);
  assert(faultLine.includes('127.0.0.1:8787'), `the fault line should name http://127.0.0.1:8787: ${faultLine}`);
  const server = spawn('bash', ['-c', serverLine], { cwd: project, env: { ...env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(server);
  let serverOutput = '';
  await /** @type {Promise<void>} */ (
    new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the demo server did not start:\n${serverOutput}`)), 20_000);
      const read = (/** @type {Buffer} */ chunk) => {
        serverOutput += chunk;
        if (serverOutput.includes('demo server:')) {
          clearTimeout(timer);
          done();
        }
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
      server.once('exit', (code) => fail(new Error(`the demo server exited (${code}):\n${serverOutput}`)));
    })
  );

  const launched = await chromium.launch(playwrightLaunchOptions());
  browser = launched;

  /**
   * A page that records page errors and console warnings and errors, and counts each feed's messages.
   * @param {string} url @param {{ route?: { match: RegExp, to: string } }} [options]
   */
  async function openPage(url, { route } = {}) {
    const context = await launched.newContext();
    const tab = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('console', (message) => {
      if (['error', 'warning'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await tab.addInitScript(() => {
      document.addEventListener(
        'sse-message',
        (event) => {
          const feed = /** @type {Element & { messagesSeen?: number }} */ (event.target);
          feed.messagesSeen = (feed.messagesSeen ?? 0) + 1;
        },
        true,
      );
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
      const firstLine = await tab.textContent('#log li');
      assert(/^SSE \d+(\.\d+)?$/.test(firstLine ?? ''), `a price line reads ${JSON.stringify(firstLine)}`);
      assert(problems.length === 0, problems.join('\n'));

      const fault = spawnSync('bash', ['-c', faultLine.replace('127.0.0.1:8787', `127.0.0.1:${port}`)], { encoding: 'utf8' });
      assert(fault.status === 0 && fault.stdout.includes('"ok":true'), `the curl line failed: ${fault.stdout}${fault.stderr}`);
      await tab.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 }); // its box is the popover inside
      const toast = () => tab.evaluate(() => document.querySelector('status-toast')?.shadowRoot?.textContent?.replace(/\s+/g, ' '));
      assert(/Reconnecting/.test((await toast()) ?? ''), `the toast says ${await toast()}`);
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
      const file = `docs-${index + 1}.html`;
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
          const answer = ((await tab.textContent('#answer-text')) ?? '').trim();
          assert(answer.split(/\s+/).length >= 3, `the answer reads ${JSON.stringify(answer)}`);
        } else {
          await tab.waitForFunction(
            () =>
              [...document.querySelectorAll('sse-feed')].every((feed) => {
                const seen = /** @type {Element & { messagesSeen?: number }} */ (feed).messagesSeen ?? 0;
                return feed.hasAttribute('manual') || (feed.getAttribute('state') === 'connected' && seen > 0);
              }),
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
  const bin = (/** @type {string} */ name) => join(cloneModules, '.bin', name);
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
  /**
   * Each group is a project of its own under the Quick start's, which has sse-feed as installed from the tarball;
   * a group sees only its framework (linked from the clone's node_modules: the lockfile's versions).
   * @typedef {{ kinds: string[], options: object, links?: Record<string, string>, install?: string[], command?: string[] }} Group
   * @type {Record<string, Group>}
   */
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
  /** @type {Record<string, string>} */
  const EXTENSION = { ts: 'ts', js: 'js', 'tsx react': 'tsx', 'tsx react-wrapper': 'tsx', 'tsx solid': 'tsx', 'ts angular': 'ts', vue: 'vue', svelte: 'svelte' };
  const kindOf = (/** @type {Block} */ block) => [block.kind, ...block.options.filter((option) => !option.includes('='))].join(' ');

  for (const [name, group] of Object.entries(GROUPS)) {
    const members = blocks.filter((block) => block.kind && group.kinds.includes(kindOf(block)));
    if (members.length === 0) continue;
    await step(`${members.length} ${name} block(s) type-check against the installed package (${members.map(at).join(', ')})`, () => {
      const directory = join(project, 'docs-checks', name);
      rmSync(directory, { recursive: true, force: true });
      mkdirSync(join(directory, 'src'), { recursive: true });
      /** @type {Map<string, string>} */
      const files = new Map();
      for (const block of members) {
        const joined = block.options.find((option) => option.startsWith('file='))?.slice(5);
        // A file name per block, from its document and line (README-42.ts, theming-18.ts): a type error names it.
        const file = joined ?? `${block.source.replace(/^.*\//, '').replace(/\.\w+$/, '')}-${block.line}.${EXTENSION[kindOf(block)]}`;
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
  report('check-docs ran to the end', false, describe(error));
} finally {
  await browser?.close();
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM'); // the demo server and the shell that started it
    } catch {
      // already gone
    }
  }
  if (flags.keep || flags.reuse) console.log(`  kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

finish();
