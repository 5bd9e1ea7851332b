// The <sse-feed> state stories (stories/sse-feed.stories.ts): each real feed on the scripted stream reaches its
// state, read from the feed's reflected `state` attribute, the indicator and the read-out; `extra` checks the
// status behind it.
import type { FeedStatus } from '../components/core/types.js';
import { expect, STORY_FAULTS, storyUrl, test } from './fixtures.js';

type StateStory = { state: string; holdMs?: number; extra?: (status: FeedStatus) => true | string; resume?: boolean };

const STATE_STORIES: StateStory[] = [
  { state: 'idle' },
  { state: 'connecting', holdMs: 1500 },
  { state: 'connected', extra: (status) => status.messages >= 1 || `no message yet (${status.messages})` },
  {
    state: 'retrying',
    extra: (status) =>
      (status.error?.kind === 'http' && status.error.status === 503 && (status.retryDelay ?? 0) >= 19_000) ||
      `expected http 503 and a wait of at least Retry-After (20 s), got ${JSON.stringify(status)}`,
  },
  { state: 'paused', extra: (status) => status.messages === 0 || 'a paused feed delivered messages', resume: true },
  { state: 'failed', extra: (status) => (status.error?.status === 401 && status.error.fatal) || `expected a fatal 401, got ${JSON.stringify(status.error)}` },
  { state: 'closed', extra: (status) => status.error === null || `closed with an error: ${JSON.stringify(status.error)}` },
];

for (const { state, holdMs = 0, extra, resume } of STATE_STORIES) {
  const storyId = `elements-sse-feed--${state}`;
  test.describe(() => {
    test.use({ faults: STORY_FAULTS[storyId] ?? [] });
    test(`sse-feed state story reaches "${state}"`, async ({ page }) => {
      await page.goto(storyUrl(storyId));
      const feed = page.locator('#storybook-root sse-feed');
      try {
        await page.waitForSelector(`#storybook-root sse-feed[state="${state}"]`, { timeout: 10_000 });
      } catch {
        throw new Error(`the feed never showed state ${state}; it shows ${await feed.getAttribute('state').catch(() => 'no feed')}`);
      }
      // A state that is a wait (connecting) must still be there a moment later.
      if (holdMs > 0) await page.waitForTimeout(holdMs);
      expect(await feed.getAttribute('state'), 'the feed\'s state').toBe(state);
      expect(await page.locator('#storybook-root connection-indicator').getAttribute('state'), 'the indicator\'s state').toBe(state);
      expect((await page.locator('demo-feed-status [data-field="state"]').textContent())?.trim(), 'the status read-out').toBe(state);
      const status = await feed.evaluate((element) => (element as HTMLElementTagNameMap['sse-feed']).status);
      expect(extra ? extra(status) : true).toBe(true);
      if (resume) {
        // Showing the (simulated) hidden page again connects at once.
        await page.locator('demo-page-visibility button').click();
        await page.waitForSelector('#storybook-root sse-feed[state="connected"]', { timeout: 10_000 });
      }
    });
  });
}
