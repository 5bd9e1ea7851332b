// Builds dist/index.js, dist/core.js and dist/testing.js (lit external) and the self-contained dist/sse-feed.bundle.js.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyTemplates } from './scripts/minify-templates.mjs';

// Declarations come from `tsc -p tsconfig.build.json` (see the build script); rollup only emits code.
const ts = () =>
  typescript({ tsconfig: './tsconfig.build.json', declaration: false, sourceMap: true, outDir: 'dist' });

// tsc writes dist/core/index.d.ts; the contract's entry is dist/core.js, so its types sit beside it.
// The same for the test kit's dist/testing.js.
const entryTypes = {
  name: 'entry-types',
  generateBundle() {
    for (const entry of ['core', 'testing']) {
      this.emitFile({ type: 'asset', fileName: `${entry}.d.ts`, source: `export * from './${entry}/index.js';\n` });
    }
  },
};

export default [
  {
    input: { index: 'components/index.ts', elements: 'components/elements.ts', core: 'components/core/index.ts', testing: 'components/testing/index.ts' },
    output: {
      dir: 'dist',
      format: 'es',
      // TypeScript's decorator helper (while a class still has decorators) as dist/tslib.js, not under node_modules/.
      entryFileNames: (chunk) => (chunk.name.endsWith('/tslib.es6') ? 'tslib.js' : '[name].js'),
      // One file per module, as in components/ (beside tsc's .d.ts files): the import graph is the module
      // graph, without cycles, so a bundler keeps what a page imports from sse-feed/elements and leaves
      // out the rest (the modules have no side effects; dist/index.js registers the tags).
      preserveModules: true,
      preserveModulesRoot: 'components',
      // Maps stay in dist/ for local debugging, without a sourceMappingURL comment: the package does not ship them
      // (they point at components/*.ts, which it does not ship either), and a comment would send DevTools after them.
      sourcemap: 'hidden',
    },
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/'),
    plugins: [ts(), minifyTemplates(), entryTypes],
  },
  {
    input: { 'sse-feed.bundle': 'components/bundle.ts' },
    // A directory, not one file: what a feed loads on first use (a dynamic import) becomes a sibling chunk.
    output: { dir: 'dist', entryFileNames: 'sse-feed.bundle.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es', sourcemap: 'hidden' },
    // The code stays in the file a page names; the chunks loaded later import what they need from it.
    preserveEntrySignatures: 'allow-extension',
    plugins: [nodeResolve({ browser: true, exportConditions: ['production'] }), ts(), minifyTemplates(), terser({ ecma: 2022, module: true })],
  },
];
