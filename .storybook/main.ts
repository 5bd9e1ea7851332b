// Storybook for sse-feed: the element catalog, plus the live demo SSE server mounted into the dev server.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';
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

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [ownSourceHasSideEffects(), demoServerPlugin()],
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
