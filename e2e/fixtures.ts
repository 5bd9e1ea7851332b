// What every e2e test shares: the servers' addresses, the console rule (a console warning or error other than an
// injected fault's own fails the test), screenshots on request, and the steps the catalog's checks repeat.
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The live demo story: the catalog's first preview and the target of most fault checks. */
export const LIVE_STORY = 'start-here-live-demo--live-demo';

/** The streamed-answer story (stories/streaming-answer.stories.ts). */
export const ANSWER_STORY = 'start-here-streaming-answer--streaming-answer';

/**
 * The console messages that the faults a page injects cause, and nothing else. Chromium logs each error response
 * and each stream cut mid-chunk as a console error: on pages that ask for those faults they are not faults of the
 * page.
 */
export const FAULT_MESSAGES = {
  503: /^Failed to load resource: the server responded with a status of 503 /,
  401: /^Failed to load resource: the server responded with a status of 401 /,
  // A stream ended or cut mid-chunk (the live demo's drop cuts with a reset; other faults end streams).
  drop: /^Failed to load resource: net::ERR_(INCOMPLETE_CHUNKED_ENCODING|CONNECTION_RESET)$/,
  // A stream cut with a connection reset (the demo's chat-drop fault).
  reset: /^Failed to load resource: net::ERR_CONNECTION_RESET$/,
  offline: /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/,
  // A plain file server has no /demo/health: the static build's "needs npm start" notice asks for it.
  404: /^Failed to load resource: the server responded with a status of 404 /,
} as const;

export type Fault = keyof typeof FAULT_MESSAGES;

/** Stories whose server is scripted to fail when they load: the faults they inject by themselves. */
export const STORY_FAULTS: Record<string, Fault[]> = {
  'elements-sse-feed--retrying': [503],
  'elements-sse-feed--failed': [401],
};

/** `E2E_SCREENSHOTS=1 npm run e2e` also writes docs/screenshots/*.png. */
export const screenshots = process.env.E2E_SCREENSHOTS === '1';

const screenshotFolder = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** Where a screenshot named `name` goes (docs/screenshots/NAME.png), its folder made. */
export function screenshotPath(name: string): string {
  mkdirSync(screenshotFolder, { recursive: true });
  return `${screenshotFolder}${name}.png`;
}

/**
 * Starts collecting what `target` (a page or a whole context) says on the console: every warning, error, failed
 * assertion and uncaught exception, except the messages of `faults`. Returns the live list.
 */
export function watchConsole(target: Page | BrowserContext, faults: readonly Fault[]): string[] {
  const problems: string[] = [];
  target.on('console', (message: ConsoleMessage) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning' && type !== 'assert') return;
    const text = message.text();
    if (faults.some((fault) => FAULT_MESSAGES[fault].test(text))) return;
    problems.push(`${message.page()?.url() ?? ''}: console ${type}: ${text}`);
  });
  const uncaught = (error: Error) => problems.push(`pageerror: ${error.message}`);
  if ('newPage' in target) target.on('weberror', (webError) => uncaught(webError.error()));
  else target.on('pageerror', uncaught);
  return problems;
}

type Fixtures = {
  /** The faults a test's pages inject on purpose (`test.use({ faults: [503] })`): their console messages pass. */
  faults: Fault[];
  /** The catalog built into storybook-static/ on a plain file server, without the demo server's routes. */
  plainBase: string;
  /** The console rule, for every page of the test's context: checked when the test ends. */
  consoleRule: string[];
};

export const test = base.extend<Fixtures>({
  faults: [[], { option: true }],
  // The catalog at the root, the repository behind it (examples/, dist/), with the demo server: e2e/global-setup.ts.
  // Playwright reads a fixture's dependencies from the destructuring of its first parameter: these have none.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(requiredEnvironment('E2E_BASE')),
  // eslint-disable-next-line no-empty-pattern
  plainBase: async ({}, use) => use(requiredEnvironment('E2E_PLAIN_BASE')),
  consoleRule: [
    async ({ context, faults }, use) => {
      const problems = watchConsole(context, faults);
      await use(problems);
      expect(problems, "console warnings or errors beyond the injected faults' own").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e through playwright.config.ts (npm run e2e)`);
  return value;
}

/** Storybook's own frame of one story. */
export const storyUrl = (id: string, query = '') => `iframe.html?id=${id}&viewMode=story${query}`;

/** The docs page of `id` as its own frame. */
export const docsUrl = (id: string) => `iframe.html?id=${id}&viewMode=docs`;

/** The ids of the built catalog's entries of one type (storybook-static/index.json). */
export function catalogEntries(type: 'story' | 'docs'): string[] {
  const file = new URL('../storybook-static/index.json', import.meta.url);
  if (!existsSync(file)) throw new Error('storybook-static/index.json is missing: run `npm run build-storybook`');
  const index = JSON.parse(readFileSync(file, 'utf8')) as {
    entries: Record<string, { id: string; type: string }>;
  };
  return Object.values(index.entries)
    .filter((entry) => entry.type === type)
    .map((entry) => entry.id);
}

/** Sets the fault panel's duration (when given) and presses the button of `fault` in the live demo. */
export async function inject(page: Page, fault: string, seconds?: number): Promise<void> {
  if (seconds !== undefined) {
    const input = page.locator('demo-fault-panel input[type=number]');
    await input.fill(String(seconds));
    await input.dispatchEvent('change');
  }
  await page.locator(`demo-fault-panel button[data-fault="${fault}"]`).click();
}

/** Scrolls a docs page through to its end, since the story frames load as they come into view. */
export async function scrollThrough(page: Page, pauseMs: number): Promise<void> {
  for (let step = 0; step < 40; step += 1) {
    const done = await page.evaluate(() => {
      window.scrollBy(0, window.innerHeight * 0.8);
      return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    });
    await page.waitForTimeout(pauseMs);
    if (done) break;
  }
}

/** Waits until the first feed of the page has delivered `count` messages. */
export async function waitForMessages(page: Page, count: number, timeout = 10_000): Promise<void> {
  await page.waitForFunction((wanted) => (document.querySelector('sse-feed')?.status.messages ?? 0) >= wanted, count, { timeout });
}
