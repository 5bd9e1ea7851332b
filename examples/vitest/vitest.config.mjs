// Vitest in browser mode on the system Chromium: the page's tests run in a real browser, the feed's server is the test kit.
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const dist = (file) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    // In an application these two come from `npm install sse-feed`; inside this repository the bare names point at
    // what that would resolve to, the package's built exports (run `npm run build` first), so the example tests
    // the published output.
    alias: [
      { find: /^sse-feed$/, replacement: dist('index.js') },
      { find: /^sse-feed\/testing$/, replacement: dist('testing.js') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      // The browser the machine has: Playwright downloads none (`npx playwright install` is never needed).
      provider: playwright({
        launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
