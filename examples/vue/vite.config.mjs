// Builds the Vue example into examples/vue/dist (`npm run build-examples`); `vite --config` serves it with the demo server.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoServerPlugin } from '../../stories/demo-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const ELEMENTS = new Set(['sse-feed', 'connection-indicator', 'status-toast']);

export default defineConfig({
  root: here,
  base: './',
  plugins: [
    // Tell Vue's compiler these tags are custom elements, not unresolved Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => ELEMENTS.has(tag) } } }),
    demoServerPlugin(),
  ],
  resolve: {
    // `import 'sse-feed'` as an application writes it. Inside this repository there is no node_modules/sse-feed,
    // so the bare name points at what the installed package would resolve to: its "exports"['.'], dist/index.js
    // (run `npm run build` first). The built file, not components/, so the example tests the published output.
    alias: [{ find: /^sse-feed$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) }],
  },
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
