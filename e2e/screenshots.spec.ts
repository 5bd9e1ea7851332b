// Screenshots of the catalog for docs/screenshots/ (and for a person to look at), only with E2E_SCREENSHOTS=1:
// the Storybook UI and element stories, the landing page, the live demo on a desktop, a 390 px phone and the dark
// background (mid-outage, the toast open), every docs page whole, and the streamed answer in each of its moments.
import type { Page } from '@playwright/test';
import { ANSWER_STORY, catalogEntries, docsUrl, inject, LIVE_STORY, screenshotPath, screenshots, scrollThrough, storyUrl, test, waitForMessages } from './fixtures.js';

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The live demo mid-outage (a 6 s burst of server errors, the toast open), then the server reset. */
async function liveDemoShot(page: Page, name: string, background: string): Promise<void> {
  await page.goto(storyUrl(LIVE_STORY, `&globals=backgrounds.value:${background}`));
  await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
  await waitForMessages(page, 4, 15_000);
  await inject(page, '5xx', 6);
  await page.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: screenshotPath(`catalog-${name}`), fullPage: true });
  await inject(page, 'reset');
}

/** Waits until the chat box's feed has delivered `count` tokens. */
async function tokens(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const feed = document.querySelector('sse-feed') ?? document.querySelector('answer-demo')?.shadowRoot?.querySelector('sse-feed');
      return (feed?.status.messages ?? 0) >= wanted;
    },
    count,
    { timeout: 10_000 },
  );
}

/** Types a question into the chat box and sends it. */
async function ask(page: Page, prompt: string): Promise<void> {
  await page.locator('textarea').fill(prompt);
  await page.locator('button[data-action="send"]').click();
}

if (screenshots) {
  // The server errors, and the drops they end open streams with, are the faults asked for.
  test.use({ faults: [503, 'drop'] });

  test('screenshots: catalog-*.png', async ({ page }) => {
    await page.goto('?path=/story/elements-connection-indicator--retrying-with-countdown');
    await page.frameLocator('#storybook-preview-iframe').locator('connection-indicator[state="retrying"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: screenshotPath('catalog-manager-controls') });
    for (const [id, name] of [
      ['elements-connection-indicator--all-states', 'indicator-states'],
      ['elements-status-toast--failed', 'toast-failed'],
      ['elements-status-toast--positions', 'toast-positions'],
    ]) {
      await page.goto(storyUrl(id));
      await page.waitForTimeout(800);
      await page.screenshot({ path: screenshotPath(`catalog-${name}`) });
    }
    await page.goto(storyUrl(LIVE_STORY));
    await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 3);
    await inject(page, 'malformed');
    await page.waitForTimeout(1200);
    await page.screenshot({ path: screenshotPath('catalog-live-connected') });
    await inject(page, '5xx', 8);
    await page.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('catalog-live-retrying') });
    await inject(page, 'reset');
  });

  test.describe(() => {
    test.use({ viewport: { width: 1280, height: 900 } });
    test('screenshots: the landing page, the live demo (desktop, dark) and every docs page', async ({ page }) => {
      test.setTimeout(300_000);
      await page.goto('');
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
      await page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first().locator('demo-message-log').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(2500);
      await page.screenshot({ path: screenshotPath('catalog-landing') });
      await liveDemoShot(page, 'live-demo-desktop', 'light');
      await liveDemoShot(page, 'live-demo-dark', 'dark');
      for (const id of catalogEntries('docs')) {
        await page.goto(docsUrl(id));
        await page.locator('.sbdocs-content').waitFor({ timeout: 15_000 });
        await scrollThrough(page, 200);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(2000);
        await page.screenshot({ path: screenshotPath(`catalog-docs-${id.replace(/--docs$/, '')}`), fullPage: true });
      }
    });
  });

  test.describe(() => {
    test.use(phone);
    test('screenshots: the live demo on a phone (light, dark)', async ({ page }) => {
      await liveDemoShot(page, 'live-demo-phone', 'light');
      await liveDemoShot(page, 'live-demo-phone-dark', 'dark');
    });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(() => {
      test.use({ viewport: { width: 900, height: 760 }, deviceScaleFactor: 1, colorScheme });
      test(`screenshots: answer-*.png (${colorScheme})`, async ({ page }) => {
        const suffix = colorScheme === 'dark' ? '-dark' : '';
        const story = storyUrl(ANSWER_STORY, colorScheme === 'dark' ? '&globals=backgrounds.value:dark' : '');
        const shot = (name: string) => page.screenshot({ path: screenshotPath(`answer-${name}`) });
        await page.goto(story);
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        if (colorScheme === 'light') await shot('story-idle');
        await ask(page, 'What are Server-Sent Events?');
        await tokens(page, 30);
        await shot(`story-streaming${suffix}`);
        await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });
        await page.waitForTimeout(300);
        await shot(`story-done${suffix}`);

        // The server drops this answer mid-stream on purpose.
        await page.goto(story);
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        await page.locator('input[data-action="drop"]').check();
        await ask(page, 'How does an answer resume after a dropped connection?');
        await page.waitForSelector('li[data-resumed-after]', { timeout: 10_000 });
        await tokens(page, 30);
        await shot(`story-resumed${suffix}`);
        await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });

        if (colorScheme === 'light') {
          await page.goto('examples/streaming-answer/');
          await page.locator('textarea').waitFor({ timeout: 10_000 });
          await page.locator('input[data-action="drop"]').check();
          await page.locator('button[data-action="send"]').click();
          await page.waitForSelector('li[data-status="done"]', { timeout: 25_000 });
          await page.waitForTimeout(300);
          await shot('example');
        }
      });
    });
  }
}
