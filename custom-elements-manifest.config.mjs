// What `npm run analyze` (`cem analyze`) writes to custom-elements.json: the three elements' public API
// (attributes, properties, events, slots, CSS parts and custom properties, custom states), with literal unions
// spelled out, under the paths of the files the package ships. scripts/generate-typings.mjs builds the
// framework typings from it; Storybook's controls read it.
import { assertShippedPaths, optionAttributes, optionDefaults, publicApiOnly, resolveTypes, shippedModules } from './scripts/manifest-plugins.mjs';

export default {
  globs: ['components/**/*.ts'],
  // The engine has no elements; its types are still read (by resolveTypes) where the elements use them.
  exclude: ['components/core/**'],
  litelement: true,
  outdir: '.',
  plugins: [
    // <sse-feed> declares a property per option from the options table: its attributes come from the same code.
    await optionAttributes('sse-feed', 'components/sse-feed/option-properties.ts'),
    resolveTypes(),
    // <sse-feed> takes its defaults from the engine's options table in a loop: the table gives them here too.
    await optionDefaults('sse-feed', 'components/core/options.ts'),
    publicApiOnly(),
    // The entries of package.json "exports" that carry the elements (rollup.config.mjs builds each source to
    // its path). The classes are declared in the side-effect-free entry; dist/index.js also registers the tags.
    shippedModules([
      { source: 'components/elements.ts', path: 'dist/elements.js' },
      { source: 'components/index.ts', path: 'dist/index.js', registers: true },
    ]),
    assertShippedPaths(['dist']),
  ],
};
