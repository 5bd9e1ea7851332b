// Tests run in Chromium, Firefox and WebKit (BROWSERS=chromium,firefox,webkit chooses) against the real SSE
// server in test/sse-server.mjs; scripts/browsers.mjs knows how each engine is found and started.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { sseMiddleware } from './test/sse-server.mjs';
import { authMiddleware } from './test/auth-middleware.mjs';
import { pushMiddleware } from './test/push-server.mjs';
import { countReporter } from './test/count-reporter.mjs';
import { missingChunksMiddleware } from './test/missing-chunks-middleware.mjs';
import { browserLaunchers } from './scripts/browsers.mjs';
import { emulateMediaPlugin } from './scripts/emulate-media.mjs';
import { pageLifecyclePlugin } from './scripts/page-lifecycle.mjs';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 15_000 } },
  middleware: [sseMiddleware(), authMiddleware(), pushMiddleware(), missingChunksMiddleware()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), emulateMediaPlugin(), pageLifecyclePlugin()],
  browsers: await browserLaunchers(),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
