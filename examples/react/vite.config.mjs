// Builds the React example into examples/react/dist (`npm run build-examples`); `vite --config` serves it with the demo server.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoServerPlugin } from '../../stories/demo-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), demoServerPlugin()],
  resolve: {
    // The example imports the package the way an application does: `import 'sse-feed'`. Inside this repository
    // there is no node_modules/sse-feed, so the bare name points at what `npm install sse-feed` would resolve
    // it to: the package's "exports"['.'], dist/index.js (run `npm run build` first). An alias to the built file,
    // not to components/, so the example tests the published output, with lit as an ordinary dependency.
    alias: [{ find: /^sse-feed$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) }],
  },
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
