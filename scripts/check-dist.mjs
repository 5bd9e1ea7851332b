// @ts-check
// Checks the build outputs against the contract's table, beyond their existence: what each imports,
// what registers elements, and what the manifest and package.json say. Prints `dist: N passed, N failed`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createChecks } from './checks.mjs';

const read = (/** @type {string} */ path) => readFileSync(path, 'utf8');
const importsOf = (/** @type {string} */ code) => [...code.matchAll(/(?:^|[\s;}])(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]);
/**
 * A module and every relative module it imports, transitively.
 * @param {string} file @param {Set<string>} [seen]
 */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const specifier of importsOf(read(file))) {
    if (specifier.startsWith('.')) closure(join(file, '..', specifier), seen);
  }
  return seen;
}
const bare = (/** @type {Set<string>} */ files) => [...files].flatMap((file) => importsOf(read(file)).filter((s) => !s.startsWith('.')));

const { check, finish } = createChecks('dist');

const index = closure('dist/index.js');
const indexBare = new Set(bare(index));
check('dist/index.js keeps Lit as an import (@lit/reactive-element, not inlined)', indexBare.has('@lit/reactive-element'), [...indexBare].join(', '));
// The elements make their few nodes themselves: no template engine (lit, lit-html) for a page to load or to allow a policy for.
check('dist/index.js imports nothing but @lit/* (neither lit nor lit-html)', [...indexBare].every((s) => s.startsWith('@lit/')), [...indexBare].join(', '));
// Registration is `X.define()` at the top level of dist/index.js (define() defaults to the element's tag).
const registered = [...read('dist/index.js').matchAll(/^(\w+)\.define\(\);$/gm)].map((match) => match[1]).sort();
check('dist/index.js registers the five elements', JSON.stringify(registered) === JSON.stringify(['ConnectionIndicator', 'FeedList', 'FeedValue', 'SseFeed', 'StatusToast']), registered.join(', '));
const elements = closure('dist/elements.js');
check('dist/elements.js registers nothing', [...elements].every((f) => !/^\w+\.define\(/m.test(read(f)) && !read(f).includes('customElements.define(')));

const core = closure('dist/core.js');
check('dist/core.js imports no package (no lit)', bare(core).length === 0, bare(core).join(', '));
check('dist/core.js defines no custom element', [...core].every((f) => !read(f).includes('customElements.define')));

const testing = closure('dist/testing.js');
check('dist/testing.js imports no package (no lit)', bare(testing).length === 0, bare(testing).join(', '));
check('dist/testing.js defines no custom element', [...testing].every((f) => !read(f).includes('customElements.define')));

const bundle = read('dist/sse-feed.bundle.js');
check('dist/sse-feed.bundle.js is self-contained', importsOf(bundle).length === 0, importsOf(bundle).join(', '));
// lit-html registers its version on load: no file of the bundle, chunks included, may carry it.
const bundleFiles = ['dist/sse-feed.bundle.js', ...readdirSync('dist/chunks').map((name) => `dist/chunks/${name}`)];
const withTemplates = bundleFiles.filter((file) => read(file).includes('litHtmlVersions'));
check('dist/sse-feed.bundle.js and its chunks carry no template engine (lit-html)', withTemplates.length === 0, withTemplates.join(', '));
// Minified: long lines (only Lit's licence comments and the CSS in templates keep line breaks).
const averageLine = Math.round(bundle.length / bundle.split('\n').length);
check('dist/sse-feed.bundle.js is minified', averageLine > 100, `${averageLine} characters a line`);

for (const types of ['dist/index.d.ts', 'dist/core.d.ts', 'dist/testing.d.ts']) check(`${types} exists`, readdirSync('dist').includes(types.slice(5)));

/**
 * What this script reads of custom-elements.json.
 * @typedef {{ name: string, tagName?: string, customElement?: boolean, members?: { name: string, privacy?: string }[] }} ManifestDeclaration
 * @typedef {{ path: string, declarations?: ManifestDeclaration[], exports?: { kind: string, name: string, declaration: { name: string } }[] }} ManifestModule
 */
/** @type {{ modules: ManifestModule[] }} */
const manifest = JSON.parse(read('custom-elements.json'));
const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName).sort();
check('custom-elements.json describes the five elements', JSON.stringify(tags) === JSON.stringify(['connection-indicator', 'feed-list', 'feed-value', 'sse-feed', 'status-toast']), tags.join(', '));

/** @type {{ customElements: string, types: string, files: string[], sideEffects: string[], exports: Record<string, string | Record<string, string>> }} */
const pkg = JSON.parse(read('package.json'));
/** A condition's target in package.json exports. @param {string} path @param {string} condition */
const exportOf = (path, condition) => {
  const target = pkg.exports[path];
  return typeof target === 'string' ? undefined : target?.[condition];
};
check('package.json customElements points at the manifest', pkg.customElements === 'custom-elements.json');
check(
  'package.json exports ., ./elements, ./core and ./testing with types',
  exportOf('.', 'types') === './dist/index.d.ts' &&
    exportOf('./core', 'default') === './dist/core.js' &&
    exportOf('./elements', 'default') === './dist/elements.js' &&
    exportOf('./testing', 'default') === './dist/testing.js' &&
    exportOf('./testing', 'types') === './dist/testing.d.ts' &&
    pkg.types === './dist/index.d.ts',
);
check('package.json sideEffects keeps the registering entries', ['./dist/index.js', './dist/sse-feed.bundle.js'].every((p) => pkg.sideEffects.includes(p)));

/** @type {typeof import('../components/core/index.js')} */
const core_ = await import(new URL('../dist/core.js', import.meta.url).href);
check('dist/core.js loads in Node with no DOM and exports the engine', typeof core_.SseParser === 'function' && typeof core_.FeedConnection === 'function' && typeof globalThis.document === 'undefined');

// The test kit in plain Node, on the engine of dist/core.js: an attempt answered, an event, a drop, the resume.
/** @type {typeof import('../components/testing/index.js')} */
const testing_ = await import(new URL('../dist/testing.js', import.meta.url).href);
check('dist/testing.js exports exactly createTestStream', JSON.stringify(Object.keys(testing_)) === JSON.stringify(['createTestStream']), Object.keys(testing_).join(' '));
{
  const stream = testing_.createTestStream();
  /** @type {string[]} */
  const messages = [];
  const feed = new core_.FeedConnection(
    { src: 'https://stream.test/events', fetch: stream.fetch, retryInterval: 1, retryJitter: 0 },
    { message: (message) => messages.push(message.data) },
  );
  feed.connect();
  const first = await stream.nextRequest({ timeout: 2000 });
  stream.open();
  stream.send({ data: 'hello', id: '7' });
  stream.comment('alive');
  await stream.flush();
  const delivered = messages.join();
  stream.drop();
  const resume = await stream.nextRequest({ timeout: 2000 });
  const during = stream.connections;
  feed.close();
  check(
    'dist/testing.js drives the engine in Node: a message (there after flush()), then a resume with Last-Event-ID, nothing left open',
    first.lastEventId === null && delivered === 'hello' && messages.join() === 'hello' && resume.headers['Last-Event-ID'] === '7' && during === 1 && stream.connections === 0 && resume.aborted,
    JSON.stringify({ delivered, messages, resume: resume.lastEventId, during, after: stream.connections }),
  );
}

// The public API is a list, not whatever a module happens to export: a new name is a decision (and a
// semver promise), made here and in the README.
const CORE_API = [
  'DEFAULT_FEED_OPTIONS', 'DEFAULT_RETRY_POLICY', 'FEED_STATES', 'FeedConnection', 'IDLE_STATUS', 'SseParser',
  'backoffDelay', 'classifyResponse', 'createFeedHandle', 'feedError', 'jitterDelay', 'parseRetryAfter', 'retryWait',
];
const ELEMENT_API = ['ConnectionIndicator', 'FeedList', 'FeedValue', 'SseFeed', 'StatusToast', 'feedControlContext', 'feedStatusContext'];
const coreNames = Object.keys(core_).sort();
check('dist/core.js exports exactly the engine API', JSON.stringify(coreNames) === JSON.stringify([...CORE_API].sort()), coreNames.join(' '));
const indexSource = read('dist/index.js');
const indexNames = [...indexSource.matchAll(/export\s*\{([^}]*)\}/g)]
  .flatMap((match) => match[1].split(','))
  .map((entry) => entry.trim().split(/\s+as\s+/).pop())
  .filter(Boolean)
  .sort();
const elementsNames = [...read('dist/elements.js').matchAll(/export\s*\{([^}]*)\}/g)]
  .flatMap((match) => match[1].split(','))
  .map((entry) => entry.trim().split(/\s+as\s+/).pop())
  .filter(Boolean)
  .sort();
check('dist/elements.js exports the same as dist/index.js', JSON.stringify(elementsNames) === JSON.stringify([...CORE_API, ...ELEMENT_API].sort()), elementsNames.join(' '));
check('dist/index.js exports exactly the engine API and the elements', JSON.stringify(indexNames) === JSON.stringify([...CORE_API, ...ELEMENT_API].sort()), indexNames.join(' '));

// The manifest describes what the package ships: module paths are built files inside package.json "files",
// references point at modules of the manifest, and members are the public API only.
const shipsPath = (/** @type {string} */ path) => pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));
const manifestPaths = manifest.modules.map((module) => module.path);
check('custom-elements.json module paths are shipped .js files', manifestPaths.length > 0 && manifestPaths.every((path) => path.endsWith('.js') && shipsPath(path) && existsSync(path)), manifestPaths.join(', '));
const references = JSON.stringify(manifest).match(/"module":"[^"]*"/g) ?? [];
const strayReferences = references.map((entry) => entry.slice(10, -1)).filter((path) => !manifestPaths.includes(path));
check('custom-elements.json references only its own modules (no .ts sources)', strayReferences.length === 0, [...new Set(strayReferences)].join(', '));
const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
const privateMembers = declarations.flatMap((declaration) =>
  (declaration.members ?? [])
    .filter((member) => member.name.startsWith('#') || member.name.startsWith('_') || (member.privacy ?? 'public') !== 'public')
    .map((member) => `${declaration.name}.${member.name}`),
);
check('custom-elements.json lists public members only', privateMembers.length === 0, privateMembers.join(', '));
check('custom-elements.json declares only the custom elements', declarations.every((declaration) => declaration.customElement), declarations.filter((d) => !d.customElement).map((d) => d.name).join(', '));
// A definition export says "importing this module registers the tag": true of the module that registers it.
const definitions = manifest.modules.flatMap((module) =>
  (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition').map((entry) => /** @type {const} */ ([module.path, entry])),
);
check(
  'custom-elements.json defines each tag in a module that registers its class',
  definitions.length === tags.length && definitions.every(([path, entry]) => new RegExp(`^${entry.declaration.name}\\.define\\(\\);$`, 'm').test(read(path))),
  definitions.map(([path, entry]) => `${entry.name} in ${path}`).join(', '),
);

// Every path package.json "exports" names is built, and each framework's typings import that framework only.
const exportTargets = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
const missingTargets = exportTargets.filter((target) => !existsSync(target));
check('package.json exports point at built files', missingTargets.length === 0, missingTargets.join(', '));
const FRAMEWORK_FILES = {
  'dist/react.d.ts': ['react'],
  'dist/react-wrapper.d.ts': ['react'],
  'dist/react-wrapper.js': ['react', '@lit/react'],
  'dist/vue.d.ts': ['vue'],
  'dist/svelte.d.ts': ['svelte/elements'],
  'dist/solid.d.ts': ['solid-js'],
};
for (const [file, allowed] of Object.entries(FRAMEWORK_FILES)) {
  const imports = existsSync(file) ? importsOf(read(file)).filter((specifier) => !specifier.startsWith('.')) : null;
  check(`${file} imports ${allowed.join(' and ')} only`, imports !== null && imports.every((specifier) => allowed.includes(specifier)), imports ? imports.join(', ') : 'missing');
}
const typingsExports = Object.keys(FRAMEWORK_FILES).filter((file) => file.endsWith('.d.ts'));
check('package.json exports every framework typings file', typingsExports.every((file) => exportTargets.includes(`./${file}`)), typingsExports.join(', '));

finish();
