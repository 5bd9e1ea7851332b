// "Size": min+gz of what users load (the shipped bundle, what an import from dist/core.js or dist/index.js pulls
// in) beside the same measure of the peers, with the targets. Used by bench.mjs.

import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { kb, markdownTable, packageVersion } from './bench-common.mjs';

/** The budgets, in bytes of min+gz. */
export const SIZE_TARGETS = { bundle: 14 * 1024, feedConnection: 5 * 1024, sseParser: 2 * 1024 };

/**
 * Minifies `code` (an entry module, resolved from `resolveDir`) with esbuild `--bundle --minify --format=esm`
 * and returns the minified and the gzip -9 sizes.
 */
async function minGz(code, resolveDir, external = []) {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
    // As a production build resolves lit (the shipped bundle is built with the production condition too).
    conditions: ['production'],
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

/** Runs the section: prints one Markdown table and resolves to its figures. `dist` is the snapshot's dist/. */
export async function sizeBench({ root, dist, bundle }) {
  const lit = ['lit', 'lit/*', '@lit/*'];
  const file = (name) => JSON.stringify(join(dist, name));
  const version = (name) => `${name} ${packageVersion(root, name) ?? '?'}`;
  const entries = [
    {
      key: 'bundle',
      what: 'sse-feed: dist/sse-feed.bundle.js, whole (three elements + Lit)',
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
    ...['SseFeed', 'ConnectionIndicator', 'StatusToast'].map((name) => ({
      key: name,
      what: `sse-feed: import { ${name} } from 'dist/index.js', lit external`,
      code: `export { ${name} } from ${file('index.js')};`,
      external: lit,
    })),
    // A registration-free entry, where the build has one: what each element costs by itself.
    ...(existsSync(join(dist, 'elements.js'))
      ? ['SseFeed', 'ConnectionIndicator', 'StatusToast'].map((name) => ({
          key: `elements:${name}`,
          what: `sse-feed: import { ${name} } from 'dist/elements.js' (registers nothing), lit external`,
          code: `export { ${name} } from ${file('elements.js')};`,
          external: lit,
        }))
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
  const figures = [];
  for (const entry of entries) {
    try {
      const size = await minGz(entry.code, root, entry.external);
      const met = entry.target === undefined ? '' : size.gz <= entry.target ? 'met' : 'not met';
      rows.push([
        entry.what,
        kb(size.min, 1),
        kb(size.gz),
        entry.target === undefined ? '' : `<= ${kb(entry.target, 0)}`,
        entry.shipped === undefined ? met : `${met}; the file as shipped, gzip -9: ${kb(entry.shipped)}`,
      ]);
      figures.push({ key: entry.key, what: entry.what, minBytes: size.min, gzipBytes: size.gz, targetBytes: entry.target ?? null, met: met || null, shippedGzipBytes: entry.shipped ?? null });
    } catch (error) {
      rows.push([entry.what, '—', '—', '', `not measured: ${String(error.message).split('\n')[0]}`]);
      figures.push({ key: entry.key, what: entry.what, error: String(error.message) });
    }
  }
  const same = figures.filter((figure) => ['SseFeed', 'ConnectionIndicator', 'StatusToast', 'index'].includes(figure.key));
  // The same within a few bytes (the export statement itself).
  const oneSize = same.length === 4 && same.every((figure) => Math.abs(figure.gzipBytes - same[0].gzipBytes) <= 64);
  console.log(
    '\n## Size\n\nmin = esbuild --bundle --minify --format=esm (target es2022, production condition) of an entry that imports ' +
      'the named export; min+gz = that, gzip level 9. KB = 1024 bytes. Peers: the versions installed in node_modules ' +
      '(devDependencies), built the same way.' +
      (oneSize
        ? ' From dist/index.js every element costs the same as all three: it registers all three custom elements when ' +
          'imported (a side effect no bundler may drop).'
        : ''),
  );
  console.log(`\n${markdownTable(rows)}`);
  return { rows: figures, targets: SIZE_TARGETS, elementsInseparable: oneSize };
}
