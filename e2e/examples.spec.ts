// The embedding examples as built (examples/plain-html, examples/react/dist, examples/vue/dist): the state and the
// messages arrive, in the framework too (through `sse-state`).
import { expect, test } from './fixtures.js';

const EXAMPLES = [
  ['plain HTML', 'examples/plain-html/', 'ol#messages li'],
  ['React', 'examples/react/dist/', '[data-testid="messages"] li'],
  ['Vue', 'examples/vue/dist/', '[data-testid="messages"] li'],
];

for (const [name, path, items] of EXAMPLES) {
  test(`example ${name}: state and messages arrive`, async ({ page }) => {
    await page.goto(path);
    await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 2, items, { timeout: 10_000 });
    expect((await page.locator(items).first().textContent())?.trim(), 'the first message').toMatch(/^#\d+ SSE \d+(\.\d+)?$/);
    const output = page.locator('[data-testid="state"]');
    if ((await output.count()) > 0) expect((await output.textContent())?.trim(), 'the state the framework saw through sse-state').toBe('connected');
  });
}
