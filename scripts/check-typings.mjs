// @ts-check
// Type-checks the generated framework typings (dist/react.d.ts, vue.d.ts, ...) the way applications see
// them, after `npm run build`. Each project under test/typings/ is copied into a temporary directory whose
// node_modules holds the package as npm would install it (the files `npm pack` ships, copied, not linked) and
// only the packages its package.json lists (linked from this repository's node_modules, with their
// dependencies): a Vue project has no React, a React project no Vue, and `skipLibCheck` is off, so an import
// of a framework the application does not have fails. Each project also gets a generated file that names
// every attribute, property and event of custom-elements.json in its framework's spelling, so the typings
// cannot fall behind the manifest. Then the examples are type-checked in place and the React wrapper is
// rendered once with react-dom/server. Prints `typings: N passed, N failed` last.
//
//   node scripts/check-typings.mjs [--keep] [project ...]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createChecks } from './checks.mjs';
import { camelCaseEvent, elementsOf, vueCamelize } from './typings-model.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags, positionals: only } = parseArgs({ options: { keep: { type: 'boolean', default: false } }, allowPositionals: true });
const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(path, 'utf8'));
const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' };

const { check, finish } = createChecks('typings');
/** One check, with the tool's output shown when it failed. @param {string} name @param {boolean} ok */
const report = (name, ok, output = '') => check(name, ok, output.trim());

for (const path of ['dist/index.d.ts', 'custom-elements.json']) {
  if (!existsSync(join(root, path))) {
    console.error(`check-typings: ${path} is missing: run npm run build first`);
    process.exit(1);
  }
}
const elements = elementsOf(readJson(join(root, 'custom-elements.json')));

// ---- The package as npm installs it -------------------------------------------------------------------------

const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', env });
if (pack.status !== 0) throw new Error(`npm pack --dry-run failed:\n${pack.stderr}`);
/** @type {string[]} */
const packedFiles = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0].files.map((/** @type {{ path: string }} */ file) => file.path);
const ownPackage = readJson(join(root, 'package.json'));

/**
 * Installs `name` into `modules`: this package as a copy of its packed files, any other as a link, with its dependencies.
 * @param {string} modules @param {string} name @param {string} [source] @param {Set<string>} [installed]
 */
function install(modules, name, source = name, installed = new Set()) {
  if (installed.has(name)) return;
  installed.add(name);
  const target = join(modules, name);
  mkdirSync(dirname(target), { recursive: true });
  /** @type {{ dependencies?: Record<string, string>, peerDependencies?: Record<string, string>, peerDependenciesMeta?: Record<string, { optional?: boolean }> }} */
  let manifest;
  if (name === ownPackage.name) {
    for (const file of packedFiles) cpSync(join(root, file), join(target, file), { recursive: true });
    manifest = ownPackage;
  } else {
    const from = join(root, 'node_modules', source);
    if (!existsSync(from)) throw new Error(`check-typings: ${source} is not installed in node_modules`);
    symlinkSync(from, target, 'dir');
    manifest = readJson(join(from, 'package.json'));
  }
  const optional = manifest.peerDependenciesMeta ?? {};
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional);
  for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...peers]) {
    if (existsSync(join(root, 'node_modules', dependency))) install(modules, dependency, dependency, installed);
  }
}

// ---- Coverage: every manifest name, in each framework's spelling ---------------------------------------------

/** @typedef {ReturnType<typeof elementsOf>[number]} Element */

/**
 * `type _x = Has<Props, 'a' | 'b'>;` fails to compile when a name is not a key of the props.
 * @param {string} props @param {string[]} names @param {string} label
 */
const has = (props, names, label) => (names.length ? `type _${label} = Has<${props}, ${names.map((name) => JSON.stringify(name)).join(' | ')}>;` : '');
const attributeNames = (/** @type {Element} */ element) => element.attributes.map((attribute) => attribute.name);
const propertyNames = (/** @type {Element} */ element) => element.properties.map((property) => property.name);
const label = (/** @type {Element} */ element) => element.className;

/** @type {Record<string, () => string[]>} */
const COVERAGE = {
  react: () => [
    "import type { JSX } from 'react';",
    "import type {} from 'sse-feed/react';",
    ...elements.map((element) =>
      has(`JSX.IntrinsicElements[${JSON.stringify(element.tagName)}]`, [...attributeNames(element), ...propertyNames(element), ...element.events.map((event) => `on${event.name}`)], label(element)),
    ),
  ],
  'react-wrapper': () => [
    "import type { ComponentProps } from 'react';",
    `import type { ${elements.map((element) => element.className).join(', ')} } from 'sse-feed/react-wrapper';`,
    ...elements.map((element) =>
      has(`ComponentProps<typeof ${element.className}>`, [...propertyNames(element), ...element.events.map((event) => camelCaseEvent(event.name))], label(element)),
    ),
  ],
  vue: () => [
    "import type { GlobalComponents } from 'vue';",
    `import type { ${elements.map((element) => `${element.className}Events`).join(', ')} } from 'sse-feed/vue';`,
    'type Props<T> = T extends new () => { $props: infer P } ? P : never;',
    ...elements.flatMap((element) => [
      // Vue's checker reads `retry-interval` as `retryInterval`: an attribute is covered by its property there.
      has(
        `Props<GlobalComponents[${JSON.stringify(element.tagName)}]>`,
        [...new Set([...attributeNames(element).map((name) => (propertyNames(element).includes(vueCamelize(name)) ? vueCamelize(name) : name)), ...propertyNames(element)])],
        label(element),
      ),
      has(`${element.className}Events`, element.events.map((event) => event.name), `${label(element)}Events`),
    ]),
  ],
  svelte: () => [
    "import type { SvelteHTMLElements } from 'svelte/elements';",
    "import type {} from 'sse-feed/svelte';",
    ...elements.map((element) =>
      has(`SvelteHTMLElements[${JSON.stringify(element.tagName)}]`, [...attributeNames(element), ...propertyNames(element), ...element.events.map((event) => `on${event.name}`)], label(element)),
    ),
  ],
  solid: () => [
    "import type { JSX } from 'solid-js';",
    "import type {} from 'sse-feed/solid';",
    ...elements.map((element) =>
      has(
        `JSX.IntrinsicElements[${JSON.stringify(element.tagName)}]`,
        [
          ...element.attributes.map((attribute) => `${attribute.type === 'boolean' ? 'bool' : 'attr'}:${attribute.name}`),
          ...propertyNames(element).map((name) => `prop:${name}`),
          ...element.events.map((event) => `on:${event.name}`),
        ],
        label(element),
      ),
    ),
  ],
};

// ---- Expected errors that no directive can mark (Svelte markup) ------------------------------------------------

/**
 * Lines (1-based) that follow a marker line: each must have an error, and no other line may.
 * @param {string} file @param {string} marker
 */
function markedLines(file, marker) {
  const lines = readFileSync(file, 'utf8').split('\n');
  return new Set(lines.flatMap((line, index) => (line.includes(marker) ? [index + 2] : [])));
}

/**
 * What differs between the errors svelte-check reported and the marked lines.
 * @param {string} directory @param {string} marker @param {string} output
 */
function checkMarkedErrors(directory, marker, output) {
  // svelte-check --output machine: `<time> ERROR "src/Errors.svelte" 3:11 "message"` (warnings count too).
  const errors = [...output.matchAll(/^\d+ (?:ERROR|WARNING) "([^"]+)" (\d+):\d+ "(.*)"$/gm)].map(([, file, line, message]) => ({ file, line: Number(line), message }));
  /** @type {string[]} */
  const problems = [];
  const sources = readdirSync(join(directory, 'src'), { recursive: true }).map((file) => join('src', String(file)));
  for (const file of sources) {
    const expected = markedLines(join(directory, file), marker);
    const found = new Set(errors.filter((error) => error.file === file).map((error) => error.line));
    for (const line of expected) if (!found.has(line)) problems.push(`${file}:${line}: an error was expected here`);
  }
  for (const error of errors) {
    if (!markedLines(join(directory, error.file), marker).has(error.line)) problems.push(`${error.file}:${error.line}: ${error.message}`);
  }
  return problems;
}

// ---- The projects --------------------------------------------------------------------------------------------

const projectsDir = join(root, 'test', 'typings');
const projects = readdirSync(projectsDir).filter((name) => existsSync(join(projectsDir, name, 'package.json')) && (only.length === 0 || only.includes(name)));

for (const name of projects) {
  const source = join(projectsDir, name);
  const project = readJson(join(source, 'package.json'));
  const directory = mkdtempSync(join(tmpdir(), `sse-feed-typings-${name}-`));
  try {
    cpSync(source, directory, { recursive: true, filter: (path) => !path.includes('node_modules') });
    const installed = new Set();
    for (const [dependency, from] of Object.entries(project.dependencies ?? {})) install(join(directory, 'node_modules'), dependency, from === '*' ? dependency : from, installed);
    const coverage = COVERAGE[project.typings?.coverage];
    if (coverage) {
      const file = join(directory, 'src', `coverage.${project.typings.coverageExtension ?? 'ts'}`);
      writeFileSync(file, ['// Generated by scripts/check-typings.mjs: every manifest name must be a key of the typings.', 'type Has<T, K extends keyof T> = K;', ...coverage(), 'export {};', ''].join('\n'));
    }
    const run = spawnSync(project.scripts.check, { cwd: directory, env, encoding: 'utf8', shell: true });
    const output = `${run.stdout}${run.stderr}`;
    const marker = project.typings?.expectErrorMarker;
    if (marker) {
      const problems = checkMarkedErrors(directory, marker, output);
      report(`${name}: ${project.scripts.check} (marked lines fail, nothing else)`, problems.length === 0 && !/\bException\b|Cannot find module/.test(output), problems.join('\n') || output);
    } else {
      report(`${name}: ${project.scripts.check}`, run.status === 0, output);
    }
    if (flags.keep) console.log(`        kept ${directory}`);
  } finally {
    if (!flags.keep) rmSync(directory, { recursive: true, force: true });
  }
}

// ---- The examples, in place, and the wrapper at run time -------------------------------------------------------

if (only.length === 0) {
  for (const [name, command] of [
    ['examples/react', 'tsc -p examples/react/tsconfig.json'],
    ['examples/vue', 'vue-tsc -p examples/vue/tsconfig.json'],
    ['examples/vitest', 'tsc -p examples/vitest/tsconfig.json'],
    ['examples/storybook-play', 'tsc -p examples/storybook-play/tsconfig.json'],
  ]) {
    const run = spawnSync(command, { cwd: root, env, encoding: 'utf8', shell: true });
    report(`${name}: ${command}`, run.status === 0, `${run.stdout}${run.stderr}`);
  }

  // The wrapper module loads (with lit's Node build), registers the tags and renders them (properties and
  // listeners are set in the browser, after render).
  const render = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createElement } from 'react';
       import { renderToString } from 'react-dom/server';
       const wrapper = await import('./dist/react-wrapper.js');
       const html = renderToString(createElement(wrapper.${elements[0].className}, { onSseMessage() {} }, ${elements
         .slice(1)
         .map((element) => `createElement(wrapper.${element.className})`)
         .join(', ')}));
       const tags = ${JSON.stringify(elements.map((element) => element.tagName))};
       const missing = tags.filter((tag) => !html.includes('<' + tag) || !customElements.get(tag));
       if (missing.length) throw new Error('not rendered or not registered: ' + missing.join(', ') + ' in ' + html);`,
    ],
    { cwd: root, env, encoding: 'utf8' },
  );
  report('dist/react-wrapper.js renders every element with react-dom/server and registers the tags', render.status === 0, `${render.stdout}${render.stderr}`);
}

finish();
