// Storybook for sse-feed: the element catalog, plus the live demo SSE server mounted into the dev server.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';
import remarkGfm from 'remark-gfm';
import { mergeConfig, type Plugin } from 'vite';
import { demoServerPlugin } from '../stories/demo-server.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const ownSource = new RegExp(`^${repoRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(components|stories)/`);

/**
 * package.json's `sideEffects` names only files under dist/, so to the bundler our source files look pure and
 * `import '../components/index.js'` (which only registers elements) is dropped from the static build: the stories
 * then render undefined elements. Our sources do have effects (customElements.define), so say so.
 */
function ownSourceHasSideEffects(): Plugin {
  return {
    name: 'sse-feed-source-side-effects',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !(source.startsWith('.') || source.startsWith('/'))) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && ownSource.test(resolved.id) ? { ...resolved, moduleSideEffects: true } : resolved;
    },
  };
}

/**
 * Lit's production build in the dev server too, as an application gets it from npm: no "Lit is in dev mode"
 * warning on every story. Vite resolves the `development|production` condition by its mode (development under
 * `storybook dev`), and Storybook appends its own conditions after viteFinal, so the resolved lists are edited.
 */
function productionConditions(): Plugin {
  return {
    name: 'sse-feed-production-conditions',
    configResolved(config) {
      const lists = [config.resolve, ...Object.values(config.environments).map((environment) => environment.resolve)];
      for (const resolve of lists) {
        const conditions = resolve.conditions as string[];
        for (let index = 0; index < conditions.length; index += 1) {
          if (conditions[index] === 'development|production' || conditions[index] === 'development') conditions[index] = 'production';
        }
      }
    },
  };
}

/** The Lit modules the preview imports (stories, story helpers, the elements, Storybook's web-components renderer). */
const LIT_ENTRIES = [
  'lit',
  'lit/decorators.js',
  'lit/directive-helpers.js',
  'lit/directives/if-defined.js',
  'lit/directives/repeat.js',
  'lit/directives/style-map.js',
  '@lit/context',
];

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  // The guides (stories/guides/*.mdx) have tables: GitHub's Markdown, which MDX alone does not parse.
  addons: [{ name: '@storybook/addon-docs', options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } } }],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's "Get started" checklist is for people setting Storybook up, not for the visitors of this catalog.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [ownSourceHasSideEffects(), productionConditions(), demoServerPlugin()],
      // One Lit in the preview: the renderer imports `lit/directive-helpers.js`, which Vite would otherwise serve
      // unbundled beside the pre-bundled `lit` ("Multiple versions of Lit loaded"). Every Lit entry the stories or
      // the renderer import is pre-bundled together, so they share one lit-html.
      optimizeDeps: { include: LIT_ENTRIES },
      // Our elements use TypeScript's experimental decorators with useDefineForClassFields: false (tsconfig.json).
      // Vite 8 transforms TypeScript with Oxc, not esbuild (an `esbuild.tsconfigRaw` setting is no longer applied).
      // Oxc does read both options from tsconfig.json (checked: the stories render without this block), but a
      // file outside the tsconfig's `include` would silently get standard decorators, which Lit rejects at runtime:
      // the story renders nothing while the build passes. So the two choices are also spelled out for Oxc here.
      oxc: {
        decorator: { legacy: true },
        // useDefineForClassFields: false: fields are assigned, never defined over Lit's reactive accessors.
        assumptions: { setPublicClassFields: true },
        typescript: { removeClassFieldsWithoutInitializer: true },
      },
    });
  },
};

export default config;
