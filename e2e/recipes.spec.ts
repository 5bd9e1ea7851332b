// The fetch-recipe and stale-data stories (stories/fetch-recipes.stories.ts, stories/stale-data.stories.ts): a
// revoked token is replaced inside fetch without the feed failing; a dropped signed feed resumes signed, a wrongly
// signed attempt is refused; a stalled stream turns the feed stale and back. With E2E_SCREENSHOTS=1 they write
// docs/screenshots/recipes-*.png.
import type { Page } from '@playwright/test';
import { expect, screenshotPath, screenshots, storyUrl, test, waitForMessages } from './fixtures.js';

declare global {
  interface Window {
    __recipeStates: string[];
  }
}

async function shot(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: screenshotPath(`recipes-${name}`), fullPage: true });
}

/** Records the feed's states from now on, in `window.__recipeStates`. */
async function recordFeedStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const feed = document.querySelector('sse-feed')!;
    window.__recipeStates = [feed.status.state];
    feed.addEventListener('sse-state', (event) => window.__recipeStates.push(event.detail.state));
  });
}

test.describe(() => {
  // A revoked token, a wrongly signed request: refused with a 401 on purpose; the stream they were on is cut.
  test.use({ faults: [401, 'drop'] });

  test('recipes story: expiring tokens: a revoked token gets a 401 inside fetch, a new token, and the feed stays up', async ({ page }) => {
    await page.goto(storyUrl('live-fetch-recipes--expiring-tokens'));
    await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 1);
    const panel = page.locator('demo-token-panel');
    expect((await panel.locator('[data-field="fetched"]').textContent())?.trim(), 'tokens fetched by the first attempt').toBe('1');
    await recordFeedStates(page);
    const before = await page.evaluate(() => document.querySelector('sse-feed')!.status.messages);
    await panel.locator('button[data-action="expire-token"]').click();
    await page.waitForFunction(
      (count) => {
        const panel = document.querySelector('demo-token-panel')!.shadowRoot!;
        const field = (name: string) => panel.querySelector(`[data-field="${name}"]`)!.textContent!.trim();
        const feed = document.querySelector('sse-feed')!;
        return field('refreshed') === '1' && field('fetched') === '2' && feed.status.state === 'connected' && feed.status.messages > count;
      },
      before,
      { timeout: 10_000 },
    );
    expect(await page.evaluate(() => window.__recipeStates), 'the feed\'s states').not.toContain('failed');
    await page.waitForTimeout(1200);
    await shot(page, 'expiring-tokens');
  });

  test('recipes story: signed requests: the resume is signed with its Last-Event-ID; a wrong key is refused', async ({ page }) => {
    await page.goto(storyUrl('live-fetch-recipes--signed-requests'));
    await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 1);
    const rows = () =>
      page.evaluate(() =>
        [...document.querySelector('demo-signature-log')!.shadowRoot!.querySelectorAll('tbody tr')].map((row) =>
          [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent!.trim()),
        ),
      );
    await page.locator('demo-signature-log button[data-action="drop"]').click();
    await page.waitForFunction(() => document.querySelector('demo-signature-log')!.shadowRoot!.querySelectorAll('tbody tr').length >= 2, null, {
      timeout: 10_000,
    });
    await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
    const [resume] = await rows();
    expect(/^\d+$/.test(resume[3]) && resume[6].startsWith('200'), `the resume row: ${resume.join(' | ')}`).toBe(true);
    expect(resume[5], 'a base64 HMAC-SHA-256').toMatch(/^[A-Za-z0-9+/]{43}=$/);

    await page.locator('demo-signature-log button[data-action="tamper"]').click();
    await page.waitForSelector('sse-feed[state="failed"]', { timeout: 10_000 });
    const error = await page.evaluate(() => document.querySelector('sse-feed')!.status.error);
    expect(error?.status, `the failure: ${JSON.stringify(error)}`).toBe(401);
    await page.locator('status-toast [part="action"]').click();
    await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
    const answers = (await rows()).map((row) => row[6].split(' ')[0]);
    expect(answers.slice(0, 3), 'answers, newest first').toEqual(['200', '401', '200']);
    await page.waitForTimeout(500);
    await shot(page, 'signed-requests');
  });
});

test('stale story: a stalled stream turns the feed stale ("No new data for N seconds") without reconnecting, then fresh', async ({ page, baseURL }) => {
  try {
    await page.goto(storyUrl('live-stale-data--dashboard'));
    await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 1);
    await recordFeedStates(page);
    await page.locator('demo-fault-button[fault="stall"] button').click();
    await page.waitForSelector('sse-feed[stale] connection-indicator[stale]', { timeout: 8000 });
    await page.waitForTimeout(2200);
    expect((await page.locator('connection-indicator [part="label"]').textContent())?.trim(), 'the indicator').toMatch(/^No new data for [4-9] seconds$/);
    await shot(page, 'stale');
    await page.locator('demo-fault-button[fault="reset"] button').click();
    await page.waitForSelector('sse-feed:not([stale])[state="connected"]', { timeout: 5000 });
    const states = await page.evaluate(() => window.__recipeStates);
    expect(states.every((state) => state === 'connected'), `the feed left connected: ${states.join(' → ')}`).toBe(true);
  } finally {
    await fetch(`${baseURL}demo/fault?type=reset`, { method: 'POST' }).catch(() => undefined);
  }
});
