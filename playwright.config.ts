// The catalog and embedding end-to-end tests (e2e/*.spec.ts, `npm run e2e`): the system Chromium, never a
// downloaded browser, one worker (the tests share one demo server whose faults reach every open stream).
import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/chromium.mjs';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1200, height: 800 },
    launchOptions: { executablePath: findChromium() ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
});
