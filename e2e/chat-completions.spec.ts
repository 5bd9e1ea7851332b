// An answer from the OpenAI-format demo route (POST /demo/chat/completions, `data: [DONE]`), on the example page
// examples/chat-completions/ and in the catalog's story on that route: answered fully it is one request, no
// sse-error, `closed` with the finished label; cut mid-answer it is one request, `failed`, a toast with Retry, and
// Retry makes exactly one new request.
import type { Page } from '@playwright/test';
import type { FeedError, FeedStatus } from '../components/core/types.js';
import { expect, storyUrl, test } from './fixtures.js';

declare global {
  interface Window {
    __chatErrors: FeedError[];
  }
}

type ChatLog = { requests: number; armedDrop: number | null; completions: { outcome: string; sent: number; tokens: number }[] };

/** The demo server's record of the chat route (stories/demo-chat.mjs). */
async function chatLog(base: string): Promise<ChatLog> {
  return (await (await fetch(`${base}demo/chat/log`)).json()) as ChatLog;
}

/** The page's feed, in the document or inside the story's <answer-demo>. */
const FEED = 'sse-feed';

async function feedStatus(page: Page): Promise<FeedStatus> {
  return page.locator(FEED).evaluate((element) => (element as HTMLElementTagNameMap['sse-feed']).status);
}

async function recordErrors(page: Page): Promise<void> {
  await page.locator(FEED).evaluate((feed) => {
    window.__chatErrors = [];
    feed.addEventListener('sse-error', (event) => window.__chatErrors.push((event as HTMLElementEventMap['sse-error']).detail));
  });
}

async function waitForState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await expect(page.locator(FEED)).toHaveAttribute('state', state, { timeout });
}

const indicatorLabel = (page: Page) => page.locator('connection-indicator [part="label"]');

test.describe('OpenAI-format answer, example page', () => {
  test('answered fully: one request, no sse-error, closed, and the indicator says Done', async ({ page, baseURL }) => {
    const base = baseURL!;
    await page.goto('examples/chat-completions/');
    await page.locator('input[name="question"]').waitFor({ timeout: 10_000 });
    await recordErrors(page);
    const before = await chatLog(base);
    await page.locator('button', { hasText: 'Send' }).click();
    await waitForState(page, 'closed');
    await expect(indicatorLabel(page)).toHaveText('Done');
    await expect(page.locator('#outcome')).toHaveText('Answer complete.');
    const status = await feedStatus(page);
    expect([status.state, status.finished, status.error], 'the status').toEqual(['closed', true, null]);
    const log = await chatLog(base);
    expect(log.requests - before.requests, 'POSTs for one answer').toBe(1);
    expect(log.completions[0].outcome).toBe('done');
    expect((await page.locator('#reply').textContent())?.split(/\s+/).length, 'the answer shown').toBeGreaterThan(10);
    expect(await page.evaluate(() => window.__chatErrors), 'sse-error events').toEqual([]);
    expect(await page.locator('status-toast').getAttribute('open'), 'the toast after a finished answer').toBeNull();
    // Finished means finished: nothing is posted again.
    await page.waitForTimeout(1500);
    expect((await chatLog(base)).requests - before.requests, 'requests after the answer').toBe(1);
  });

  test.describe(() => {
    // The server cuts the answer with a reset on purpose; Chromium logs the cut response.
    test.use({ faults: ['reset'] });
    test('cut mid-answer: one request, failed, a toast with Retry; Retry makes exactly one new request', async ({ page, baseURL }) => {
      const base = baseURL!;
      await page.goto('examples/chat-completions/');
      await page.locator('input[name="question"]').waitFor({ timeout: 10_000 });
      await recordErrors(page);
      const before = await chatLog(base);
      await page.locator('#cut').check();
      await page.locator('button', { hasText: 'Send' }).click();
      await waitForState(page, 'failed');
      const failed = await feedStatus(page);
      expect(failed.error, 'the error').toMatchObject({ kind: 'network', fatal: true });
      await expect(page.locator('status-toast')).toHaveAttribute('open', '', { timeout: 3000 });
      const retry = page.locator('status-toast [part="action"]');
      await expect(retry).toHaveText('Retry');
      await expect(page.locator('#outcome')).toHaveText('The answer was cut off. Retry asks for it again.');
      const cut = (await page.locator('#reply').textContent()) ?? '';
      expect(cut.length, 'the partial answer').toBeGreaterThan(0);
      // Not sent again by itself, however long the page waits.
      await page.waitForTimeout(2500);
      let log = await chatLog(base);
      expect(log.requests - before.requests, 'POSTs after the cut').toBe(1);
      expect(log.completions[0].outcome).toBe('cut');
      expect(await page.locator(FEED).getAttribute('state')).toBe('failed');

      await retry.click();
      await waitForState(page, 'closed');
      await expect(indicatorLabel(page)).toHaveText('Done');
      await page.waitForTimeout(1000);
      log = await chatLog(base);
      expect(log.requests - before.requests, 'requests after Retry').toBe(2);
      expect(log.completions[0].outcome, 'the retried answer').toBe('done');
      const whole = (await page.locator('#reply').textContent()) ?? '';
      expect(whole.startsWith(cut) && whole.length > cut.length, 'the answer afresh, the cut text cleared (not doubled)').toBe(true);
      expect(whole.indexOf(cut, 1), 'the cut text once').toBe(-1);
    });
  });
});

test.describe('OpenAI-format answer, the catalog story', () => {
  test('the story on the chat route: one request, closed, Done', async ({ page, baseURL }) => {
    const base = baseURL!;
    await page.goto(storyUrl('start-here-streaming-answer--chat-completions'));
    await page.locator('textarea').waitFor({ timeout: 10_000 });
    const before = await chatLog(base);
    await page.locator('textarea').fill('What are Server-Sent Events?');
    await page.locator('button[data-action="send"]').click();
    await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });
    await waitForState(page, 'closed');
    await expect(indicatorLabel(page)).toHaveText('Done');
    expect((await chatLog(base)).requests - before.requests).toBe(1);
  });
});
