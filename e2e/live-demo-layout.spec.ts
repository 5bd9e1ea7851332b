// The live demo as a phone and the dark background show it: at 390 px nothing is wider than the screen (no
// sideways scrolling, no control cut off), and on either background every text of the demo (its headings,
// explanations, table and notes, inside the panels' shadow roots too) reaches WCAG AA contrast (4.5:1) on the
// surface behind it.
import type { Page } from '@playwright/test';
import { expect, LIVE_STORY, storyUrl, test, waitForMessages } from './fixtures.js';

const demoUrl = (background: string) => storyUrl(LIVE_STORY, `&globals=backgrounds.value:${background}`);

/** WCAG contrast ratio of two `rgb(...)` colours (alpha ignored: the demo's text sits on opaque surfaces). */
function contrast(foreground: string, background: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
      const value = Number(channel) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** Every element with its own text in the demo, with its colour and the first opaque background behind it. */
function textColours(page: Page) {
  return page.evaluate(() => {
    const found: { text: string; color: string; background: string }[] = [];
    const opaqueBackground = (element: Element) => {
      for (let node: Element | null = element; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const visit = (root: ParentNode) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
        if (!ownText || element.closest('status-toast') || element.getClientRects().length === 0) continue;
        if (['STYLE', 'SCRIPT'].includes(element.tagName)) continue;
        found.push({ text: (element.textContent ?? '').trim().slice(0, 40), color: getComputedStyle(element).color, background: opaqueBackground(element) });
      }
    };
    visit(document.querySelector('#storybook-root')!);
    return found;
  });
}

test.describe(() => {
  test.use({ viewport: { width: 1200, height: 900 } });
  for (const background of ['light', 'dark']) {
    test(`live demo on the ${background} background: every text reaches 4.5:1 contrast`, async ({ page }) => {
      await page.goto(demoUrl(background));
      await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
      await waitForMessages(page, 2);
      await page.waitForTimeout(300);
      const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(body, `the page behind the demo on the ${background} background`).toBe(background === 'dark' ? 'rgb(22, 24, 29)' : 'rgb(255, 255, 255)');
      const texts = await textColours(page);
      expect(texts.length, 'texts found').toBeGreaterThanOrEqual(30);
      const poor = texts
        .filter((entry) => contrast(entry.color, entry.background) < 4.5)
        .map((entry) => `"${entry.text}": ${entry.color} on ${entry.background} (${contrast(entry.color, entry.background).toFixed(2)}:1)`);
      expect(poor, 'texts under 4.5:1').toEqual([]);
    });
  }
});

test.describe(() => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  test('live demo on a 390 px phone: nothing wider than the screen, the table as wide as the screen, every button reachable', async ({ page }) => {
    await page.goto(demoUrl('light'));
    await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 2);
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => {
      const wide: string[] = [];
      const visit = (root: ParentNode) => {
        for (const element of root.querySelectorAll('*')) {
          if (element.shadowRoot) visit(element.shadowRoot);
          const box = element.getBoundingClientRect();
          if (box.width > 0 && (box.right > window.innerWidth + 0.5 || box.left < -0.5) && !element.closest('status-toast')) {
            wide.push(`${element.localName}${element.className ? `.${element.className}` : ''} ${Math.round(box.left)}..${Math.round(box.right)}`);
          }
        }
      };
      visit(document.querySelector('#storybook-root')!);
      const log = document.querySelector('demo-message-log')!.shadowRoot!.querySelector('table');
      return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, wide, logWidth: log?.getBoundingClientRect().width ?? 0 };
    });
    expect(layout.scrollWidth, `the page's width on a ${layout.width} px screen`).toBeLessThanOrEqual(layout.width);
    expect(layout.wide.slice(0, 8), 'wider than the screen').toEqual([]);
    expect(layout.logWidth, 'the width of the table of what the feed reports').toBeGreaterThanOrEqual(300);
    for (const button of await page.locator('demo-fault-panel button').all()) {
      const box = await button.boundingBox();
      expect(box !== null && box.x >= 0 && box.x + box.width <= 390 && box.height >= 24, `a button is cut off or too small to tap: ${JSON.stringify(box)}`).toBe(true);
    }
  });
});
