// @ts-check
// "Size": min+gz of what users load (the shipped bundle, what an import from dist/core.js or dist/index.js pulls
// in) beside the same measure of the peers, with the targets. Used by bench.mjs.

import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { kb, markdownTable, packageVersion } from './bench-common.mjs';

/**
 * The budgets of issue 16, in bytes of min+gz: what a page loads before first use, Lit included.
 * @type {Partial<Record<string, number>>}
 */
export const SIZE_TARGETS = {
  bundle: 24 * 1024,
  feedConnection: 6 * 1024,
  sseParser: 1.7 * 1024,
  'withLit:elements': 21 * 1024,
  'withLit:SseFeed': 13 * 1024,
  'withLit:ConnectionIndicator': 12 * 1024,
};

/** The three elements, as `dist/elements.js` exports them. */
const ELEMENTS = ['SseFeed', 'ConnectionIndicator', 'StatusToast'];

/**
 * The esbuild options every measure shares.
 * @param {string} resolveDir @param {string[]} external
 * @returns {import('esbuild').BuildOptions}
 */
const buildOptions = (resolveDir, external) => ({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  external,
  // dist/ is a snapshot outside the project: its imports of lit resolve from the project's node_modules.
  nodePaths: [join(resolveDir, 'node_modules')],
  write: false,
  logLevel: 'silent',
  // As a production build resolves lit (the shipped bundle is built with the production condition too).
  conditions: ['production'],
});

/**
 * An esbuild plugin that resolves each import through esbuild and, where `decide(path, kind)` says so, leaves it
 * out of the build (`found` maps each of those paths to the file that imports it).
 * @param {(path: string, kind: import('esbuild').ImportKind) => boolean} decide @param {Map<string, string>} found
 * @returns {import('esbuild').Plugin}
 */
function leaveOut(decide, found) {
  return {
    name: 'leave-out',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'leave-out' || args.kind === 'entry-point') return undefined;
        const { path } = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'leave-out' });
        if (!path || !decide(path, args.kind)) return undefined;
        found.set(path, args.importer);
        return { path: args.path, external: true };
      });
    },
  };
}

/** The minified and the gzip -9 sizes of `bytes`. @param {Uint8Array} bytes */
const sizes = (bytes) => ({ min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });

/**
 * The dynamic imports an element makes as it connects, not when a feature is first asked for: the toast's looks and
 * words (`toast-view`), without which no toast shows. They load before first use, so they count, as a file of their own.
 */
const LOADED_ON_CONNECT = /[\\/]toast-view(-[\w-]+)?\.js$/;

/**
 * Minifies `code` (an entry module, resolved from `resolveDir`) with esbuild `--bundle --minify --format=esm`
 * and returns the minified and the gzip -9 sizes of what loads before first use: a dynamic import is left out,
 * and what it loads (less what the page has already) is measured apart, as `onDemand` (null when there is none),
 * or, for an import in `LOADED_ON_CONNECT` from code the entry keeps, added to the figure (the sizes of both files).
 * @param {string} code @param {string} resolveDir @param {string[]} [external]
 */
async function minGz(code, resolveDir, external = []) {
  /** @type {Map<string, string>} */
  const lazy = new Map();
  const result = await build({
    ...buildOptions(resolveDir, external),
    stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    metafile: true,
    plugins: [leaveOut((_, kind) => kind === 'dynamic-import', lazy)],
  });
  const first = sizes(outputOf(result));
  if (lazy.size === 0) return { ...first, onDemand: null };
  if (!result.metafile) throw new Error('esbuild returned no metafile, though the build asked for one (metafile: true)');
  const loaded = new Set(Object.keys(result.metafile.inputs).map((input) => resolve(input)));
  const kept = new Set(
    Object.values(result.metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([input]) => resolve(input))),
  );
  /** What `paths` load beside what the entry has, or null for none. @param {string[]} paths */
  const apart = async (paths) =>
    paths.length === 0
      ? null
      : sizes(
          outputOf(
            await build({
              ...buildOptions(resolveDir, external),
              stdin: { contents: paths.map((path, index) => `export * as m${index} from ${JSON.stringify(path)};`).join('\n'), resolveDir, loader: 'js' },
              plugins: [leaveOut((path) => loaded.has(path), new Map())],
            }),
          ),
        );
  const onConnect = [...lazy].filter(([path, importer]) => LOADED_ON_CONNECT.test(path) && kept.has(resolve(importer))).map(([path]) => path);
  const connecting = await apart(onConnect);
  const onDemand = await apart([...lazy.keys()].filter((path) => !onConnect.includes(path)));
  return { min: first.min + (connecting?.min ?? 0), gz: first.gz + (connecting?.gz ?? 0), onDemand };
}

/**
 * The bytes of a build's one output file, kept in memory by `write: false`.
 * @param {import('esbuild').BuildResult} result
 */
function outputOf(result) {
  const file = result.outputFiles?.[0];
  if (!file) throw new Error('esbuild returned no output file, though the build asked to keep it in memory (write: false)');
  return file.contents;
}

/**
 * One measure: `code` is the entry module (resolved from the project's root), `external` what it leaves out of
 * the build, `target` its budget in bytes of min+gz, `shipped` the gzip -9 size of the file as shipped.
 * @typedef {{ key: string, what: string, code: string, external?: string[], target?: number, shipped?: number }} Entry
 */

/**
 * One row of the section's figures: what was measured, or why it could not be.
 * @typedef {{ key: string, what: string, minBytes: number, gzipBytes: number, onDemandGzipBytes: number | null, targetBytes: number | null, met: string | null, shippedGzipBytes: number | null, error?: undefined }} Measured
 * @typedef {{ key: string, what: string, error: string, minBytes?: undefined, gzipBytes?: undefined, onDemandGzipBytes?: undefined, targetBytes?: undefined, met?: undefined, shippedGzipBytes?: undefined }} Unmeasured
 */

/**
 * Runs the section: prints one Markdown table and resolves to its figures. `dist` is the snapshot's dist/.
 * @param {{ root: string, dist: string, bundle: Buffer }} options
 */
export async function sizeBench({ root, dist, bundle }) {
  const lit = ['lit', 'lit/*', '@lit/*'];
  /** @param {string} name */
  const file = (name) => JSON.stringify(join(dist, name));
  /** @param {string} name */
  const version = (name) => `${name} ${packageVersion(root, name) ?? '?'}`;
  /** @type {Entry[]} */
  const entries = [
    {
      key: 'bundle',
      what: 'sse-feed: dist/sse-feed.bundle.js, whole (five elements + Lit)',
      code: `import ${file('sse-feed.bundle.js')};`,
      target: SIZE_TARGETS.bundle,
      shipped: gzipSync(bundle, { level: 9 }).length,
    },
    {
      key: 'feedConnection',
      what: "sse-feed: import { FeedConnection } from 'dist/core.js'",
      code: `export { FeedConnection } from ${file('core.js')};`,
      target: SIZE_TARGETS.feedConnection,
    },
    {
      key: 'sseParser',
      what: "sse-feed: import { SseParser } from 'dist/core.js'",
      code: `export { SseParser } from ${file('core.js')};`,
      target: SIZE_TARGETS.sseParser,
    },
    ...ELEMENTS.map((name) => ({
      key: name,
      what: `sse-feed: import { ${name} } from 'dist/index.js', lit external`,
      code: `export { ${name} } from ${file('index.js')};`,
      external: lit,
    })),
    // A registration-free entry, where the build has one: what each element costs by itself.
    // Lit included: what a page that imports only these loads (the budgets are in this measure).
    ...(existsSync(join(dist, 'elements.js'))
      ? [
          ...ELEMENTS.map((name) => ({
            key: `elements:${name}`,
            what: `sse-feed: import { ${name} } from 'dist/elements.js' (registers nothing), lit external`,
            code: `export { ${name} } from ${file('elements.js')};`,
            external: lit,
          })),
          ...[...ELEMENTS.map((name) => [name]), ELEMENTS].map((names) => ({
            key: `withLit:${names.length > 1 ? 'elements' : names[0]}`,
            what: `sse-feed: import { ${names.join(', ')} } from 'dist/elements.js', Lit included`,
            code: `export { ${names.join(', ')} } from ${file('elements.js')};`,
            target: SIZE_TARGETS[`withLit:${names.length > 1 ? 'elements' : names[0]}`],
          })),
          {
            key: 'lit',
            what: "Lit's ReactiveElement and @lit/context alone (ReactiveElement, css, ContextProvider, ContextConsumer): the floor of one element",
            code: "export { ReactiveElement, css } from '@lit/reactive-element'; export { ContextConsumer, ContextProvider, createContext } from '@lit/context';",
          },
        ]
      : []),
    {
      key: 'index',
      what: "sse-feed: import 'dist/index.js' (all three elements and the engine), lit external",
      code: `import ${file('index.js')};`,
      external: lit,
    },
    {
      key: 'htmx-ext-sse',
      what: `${version('htmx-ext-sse')} (the extension alone, htmx.org external)`,
      code: "import 'htmx-ext-sse';",
      external: ['htmx.org'],
    },
    { key: 'htmx.org', what: `${version('htmx.org')} (which the extension needs)`, code: "import 'htmx.org';" },
    { key: 'htmx+sse', what: 'htmx.org + htmx-ext-sse together', code: "import 'htmx.org'; import 'htmx-ext-sse';" },
    {
      key: 'fetch-event-source',
      what: `${version('@microsoft/fetch-event-source')}: import { fetchEventSource }`,
      code: "export { fetchEventSource } from '@microsoft/fetch-event-source';",
    },
    {
      key: 'reconnecting-eventsource',
      what: `${version('reconnecting-eventsource')}: import ReconnectingEventSource`,
      code: "export { default } from 'reconnecting-eventsource';",
    },
    {
      key: 'eventsource-parser',
      what: `${version('eventsource-parser')}: import { createParser }`,
      code: "export { createParser } from 'eventsource-parser';",
    },
  ];

  const rows = [['what', 'min', 'min+gz', 'target', '']];
  /** @type {(Measured | Unmeasured)[]} */
  const figures = [];
  for (const entry of entries) {
    try {
      const size = await minGz(entry.code, root, entry.external);
      const met = entry.target === undefined ? '' : size.gz <= entry.target ? 'met' : 'not met';
      const notes = [
        met,
        entry.shipped === undefined ? '' : `the file as shipped, gzip -9: ${kb(entry.shipped)}`,
        size.onDemand ? `+ ${kb(size.onDemand.gz)} min+gz on demand (dynamic imports)` : '',
      ];
      rows.push([
        entry.what,
        kb(size.min, 1),
        kb(size.gz),
        entry.target === undefined ? '' : `<= ${kb(entry.target, 1)}`,
        notes.filter(Boolean).join('; '),
      ]);
      figures.push({
        key: entry.key,
        what: entry.what,
        minBytes: size.min,
        gzipBytes: size.gz,
        onDemandGzipBytes: size.onDemand?.gz ?? null,
        targetBytes: entry.target ?? null,
        met: met || null,
        shippedGzipBytes: entry.shipped ?? null,
      });
    } catch (error) {
      // What a measure throws is an Error (esbuild's build failures included).
      const failure = /** @type {Error} */ (error);
      rows.push([entry.what, '—', '—', '', `not measured: ${String(failure.message).split('\n')[0]}`]);
      figures.push({ key: entry.key, what: entry.what, error: String(failure.message) });
    }
  }
  const same = figures.filter((figure) => ['SseFeed', 'ConnectionIndicator', 'StatusToast', 'index'].includes(figure.key));
  // The same within a few bytes (the export statement itself); a row not measured matches none.
  const oneSize =
    same.length === 4 &&
    same.every(
      (figure) => figure.gzipBytes !== undefined && same[0].gzipBytes !== undefined && Math.abs(figure.gzipBytes - same[0].gzipBytes) <= 64,
    );
  console.log(
    '\n## Size\n\nmin = esbuild --bundle --minify --format=esm (target es2022, production condition) of an entry that imports ' +
      'the named export, dynamic imports left out (what they load is given apart, as on demand), except the toast\u2019s looks and ' +
      'words, which load as it connects (counted: the sizes of both files); min+gz = that, gzip level 9. KB = 1024 bytes. ' +
      'Peers: the versions installed in node_modules ' +
      '(devDependencies), built the same way.' +
      (oneSize
        ? ' From dist/index.js every element costs the same as all three: it registers all three custom elements when ' +
          'imported (a side effect no bundler may drop).'
        : ''),
  );
  console.log(`\n${markdownTable(rows)}`);
  return { rows: figures, targets: SIZE_TARGETS, elementsInseparable: oneSize };
}
