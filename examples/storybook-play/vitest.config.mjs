// Storybook's play functions as Vitest tests (@storybook/addon-vitest), in browser mode on the system Chromium.
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [storybookTest({ configDir: `${here}.storybook` })],
  test: {
    name: 'storybook',
    browser: {
      enabled: true,
      headless: true,
      // The browser the machine has: Playwright downloads none.
      provider: playwright({
        launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
