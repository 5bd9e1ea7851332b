// The example's Storybook: its own page story, plus the catalog's scripted-feed story, whose play functions CI runs.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';

const dist = (file: string): string => fileURLToPath(new URL(`../../../dist/${file}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../src/*.stories.ts', '../../../stories/test-kit.stories.ts'],
  addons: ['@storybook/addon-vitest'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    resolve: {
      ...viteConfig.resolve,
      // In an application these come from `npm install sse-feed`; here they are the package's built exports
      // (run `npm run build` first), so the example tests the published output.
      alias: [
        { find: /^sse-feed$/, replacement: dist('index.js') },
        { find: /^sse-feed\/testing$/, replacement: dist('testing.js') },
      ],
    },
  }),
};
export default config;
