// The built catalog as a newcomer meets it: the landing page, every story and every docs page render without
// a console warning or error (beyond the faults a story injects by itself), with every element defined.
import { catalogEntries, docsUrl, expect, LIVE_STORY, scrollThrough, STORY_FAULTS, storyUrl, test } from './fixtures.js';

const stories = catalogEntries('story');
const docsPages = catalogEntries('docs');

test.describe('catalog', () => {
  test('the root lands on the introduction, the live demo first and connected, no onboarding checklist', async ({ page }) => {
    await page.goto('');
    await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
    const demo = page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first();
    await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
    await demo.locator('demo-fault-panel').waitFor({ timeout: 5000 });
    const sidebar = await page.locator('#storybook-explorer-menu').innerText();
    const order = ['Introduction', 'Live demo', 'Streaming answer'].map((name) => sidebar.indexOf(name));
    expect(order.every((at, index) => at >= 0 && (index === 0 || at > order[index - 1])), `the sidebar starts: ${sidebar.slice(0, 160)}`).toBe(true);
    await expect(page.getByText(/Get started/), 'Storybook\'s "Get started" checklist').toHaveCount(0);
  });

  test('the live demo story in the Storybook UI, its toolbar and controls, logs no warning or error', async ({ page }) => {
    await page.goto(`?path=/story/${LIVE_STORY}`);
    await page.frameLocator('#storybook-preview-iframe').locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
    await page.locator('#storybook-panel-root').getByText('stall-timeout').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1000);
  });

  test.describe(() => {
    test.use({ faults: [503] });
    test('on the landing page, "Server errors" opens the toast where the visitor sees it, then "Reconnected"', async ({ page }) => {
      await page.goto('');
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
      const demo = page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first();
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
      const seconds = demo.locator('demo-fault-panel input[type=number]');
      await seconds.fill('2');
      await seconds.dispatchEvent('change');
      await demo.locator('demo-fault-panel button[data-fault="5xx"]').click();
      await demo.locator('status-toast[open]').waitFor({ state: 'attached', timeout: 10_000 });
      const card = await demo.locator('status-toast [part="message"]').boundingBox();
      const viewport = page.viewportSize()!;
      expect(
        card !== null && card.y >= 0 && card.y + card.height <= viewport.height && card.x + card.width <= viewport.width,
        `the toast opened at ${JSON.stringify(card)}, outside the ${viewport.width}×${viewport.height} screen`,
      ).toBe(true);
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
    });
  });

  test(`index lists stories (${stories.length})`, () => {
    expect(stories.length, 'stories in the catalog').toBeGreaterThanOrEqual(20);
  });

  test(`docs pages (${docsPages.length}): the introduction and one per element`, () => {
    expect(docsPages).toContain('start-here-introduction--docs');
    expect(docsPages.length, docsPages.join(', ')).toBeGreaterThanOrEqual(4);
  });
});

test.describe('story renders without console warnings or errors', () => {
  for (const id of stories) {
    test.describe(() => {
      test.use({ faults: STORY_FAULTS[id] ?? [] });
      test(id, async ({ page }) => {
        await page.goto(storyUrl(id));
        await page.waitForFunction(
          () => {
            const root = document.querySelector('#storybook-root');
            return root && root.childElementCount > 0 && !document.body.classList.contains('sb-show-preparing-story');
          },
          null,
          { timeout: 10_000 },
        );
        await page.waitForTimeout(600);
        const shown = await page.evaluate(() => ({
          error: document.body.classList.contains('sb-show-errordisplay') ? document.querySelector('#error-message')?.textContent : null,
          undefinedElements: [...document.querySelectorAll('#storybook-root *')]
            .filter((element) => element.localName.includes('-') && !customElements.get(element.localName))
            .map((element) => element.localName),
        }));
        expect(shown.error ?? null, 'the error Storybook shows').toBeNull();
        expect([...new Set(shown.undefinedElements)], 'undefined elements').toEqual([]);
      });
    });
  }
});

/**
 * Stories with a toast render in frames of their own on docs pages (`docs.story.inline: false`), so a toast opens
 * inside its preview, never in the docs page's own top layer over its text.
 */
test.describe('docs page renders without console warnings or errors, toasts inside their previews', () => {
  for (const id of docsPages) {
    test.describe(() => {
      const prefix = `${id.replace(/--docs$/, '')}--`;
      test.use({ faults: Object.entries(STORY_FAULTS).flatMap(([story, list]) => (story.startsWith(prefix) ? list : [])) });
      test(id, async ({ page }) => {
        await page.goto(docsUrl(id));
        await page.locator('.sbdocs-content').waitFor({ timeout: 15_000 });
        await scrollThrough(page, 250);
        await page.waitForTimeout(1500);
        // In a story's own frame a toast is not in this document.
        const openInPage = await page.evaluate(() => document.querySelectorAll('status-toast[open]').length);
        expect(openInPage, 'toasts open in the docs page itself, over its text').toBe(0);
      });
    });
  }
});
