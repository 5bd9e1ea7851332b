// The static catalog on a plain file server (no demo routes): every live story says it needs `npm start`
// instead of rendering a feed that cannot connect.
import type { Page } from '@playwright/test';
import { ANSWER_STORY, expect, LIVE_STORY, storyUrl, test } from './fixtures.js';

// The probe's 404 for /demo/health is the expected answer of a plain file server.
test.use({ faults: [404] });

/** Opens story `id` on the plain file server and expects the notice instead of a feed. */
async function expectNotice(page: Page, plainBase: string, id: string): Promise<void> {
  await page.goto(`${plainBase}${storyUrl(id)}`);
  const notice = page.locator('[data-needs-demo-server]');
  await notice.waitFor({ timeout: 10_000 });
  expect(await notice.textContent(), `${id}: the notice`).toContain('npm start');
  await expect(page.locator('sse-feed'), `${id}: a feed rendered anyway`).toHaveCount(0);
}

for (const id of [LIVE_STORY, 'elements-sse-feed--connected']) {
  test(`static build without the demo server: ${id} says it needs npm start`, async ({ page, plainBase }) => {
    await expectNotice(page, plainBase, id);
  });
}

test('recipes and stale stories without the demo server say they need npm start', async ({ page, plainBase }) => {
  for (const id of ['live-fetch-recipes--expiring-tokens', 'live-fetch-recipes--signed-requests', 'live-stale-data--dashboard']) {
    await expectNotice(page, plainBase, id);
  }
});

test('streaming answer story without the demo server says it needs npm start', async ({ page, plainBase }) => {
  await expectNotice(page, plainBase, ANSWER_STORY);
});
